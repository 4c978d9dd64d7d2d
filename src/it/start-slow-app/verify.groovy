import io.github.lsbaws.testing.ProcessChecks

def log = new File(basedir, 'build.log').text
// a slow start is told apart from an application that failed, and says what to raise
['lsbaws: com.example.slow.App:app could not be started: the server did not start serving within 10 s',
 'It was still starting: give it longer with <startTimeout> or -Dlsbaws.startTimeout=SECONDS'].each { expected ->
    assert log.contains(expected) : log
}
assert !log.contains('exited with status') : log
ProcessChecks.assertNoServerRunningIn(basedir)
return true
