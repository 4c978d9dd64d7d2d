import io.github.lsbaws.testing.samples.SampleBuilds

SampleBuilds.verify(basedir, localRepositoryPath, "lsbaws", "spring-boot-app", [[], ["-Pboot3"]])
return true
