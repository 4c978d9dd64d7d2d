import io.github.lsbaws.testing.samples.SampleBuilds

SampleBuilds.verify(basedir, localRepositoryPath, samplesServer, "servlet-jersey", [[], ["-Pjersey4"]])
return true
