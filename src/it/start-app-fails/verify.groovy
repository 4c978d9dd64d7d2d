import io.github.lsbaws.testing.ProcessChecks

def log = new File(basedir, 'build.log').text
assert log.contains('lsbaws: com.example.broken.App:app could not be started: the server exited with status 3 before serving:') : log
assert log.contains('Initialising class com.example.broken.App failed: java.lang.IllegalStateException: database not reachable') : log
assert !log.contains('did not start serving within') : 'the failure must be the application\'s, not a timeout'
ProcessChecks.assertNoServerRunningIn(basedir)
return true
