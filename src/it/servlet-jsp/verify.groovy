import io.github.lsbaws.testing.samples.SampleBuilds

SampleBuilds.verify(basedir, localRepositoryPath, samplesServer, "servlet-jsp", [[], ["-Pspring7"]])
return true
