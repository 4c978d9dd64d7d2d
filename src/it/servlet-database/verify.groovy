import io.github.lsbaws.testing.samples.DatabaseSample

DatabaseSample.verify(basedir, localRepositoryPath, samplesServer)
return true
