import io.github.lsbaws.testing.samples.SampleBuilds

SampleBuilds.verify(basedir, localRepositoryPath, samplesServer, "servlet-spring-mvc", [[], ["spring7"]])
return true
