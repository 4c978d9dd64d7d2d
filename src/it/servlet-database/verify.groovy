import io.github.lsbaws.testing.DatabaseSample

DatabaseSample.verify(basedir, localRepositoryPath, samplesServer)
return true
