import io.github.lsbaws.testing.samples.SampleBuilds

SampleBuilds.verify(basedir, localRepositoryPath, samplesServer, "servlet-plain",
        [[], ["-Pservlet61"], ["-Dsample.contextPath=/shop"]])
return true
