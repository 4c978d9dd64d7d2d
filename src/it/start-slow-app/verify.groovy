import io.github.lsbaws.testing.ProcessChecks

def log = new File(basedir, 'build.log').text
assert log.contains('lsbaws: com.example.slow.App:app could not be started: the server did not start serving within 10 s') : log
assert log.contains('It was still starting: give it longer with <startTimeout> or -Dlsbaws.startTimeout=SECONDS') : log
assert !log.contains('exited with status') : 'a slow start is not a failure of the application'
ProcessChecks.assertNoServerRunningIn(basedir)
return true
