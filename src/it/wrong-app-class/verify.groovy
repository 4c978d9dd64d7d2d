def log = new File(basedir, 'build.log').text
def classes = new File(basedir, 'target/classes').canonicalPath // compiled from ../wsgi-hello's sources
assert log.contains("Class com.example.hello.Missing was not found on the project's runtime classpath. Searched:\n  " + classes) : log
assert log.contains('Check the class name (package included) and that the project compiles.') : log
assert log.contains('BUILD FAILURE') : log
return true
