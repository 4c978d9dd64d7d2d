import io.github.lsbaws.testing.MavenReload

MavenReload.verify(basedir, localRepositoryPath)
return true
