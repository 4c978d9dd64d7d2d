def log = new File(basedir, 'build.log').text
assert log.contains("Provide an application as class:member, e.g. -Dapp=com.example.App:app (the member defaults to 'app')") : log
assert log.contains('BUILD FAILURE') : log
return true
