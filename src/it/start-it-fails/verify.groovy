import io.github.lsbaws.testing.BuildLogChecks
import io.github.lsbaws.testing.ProcessChecks

def log = new File(basedir, 'build.log').text
assert log.contains('Tests run: 1, Failures: 1, Errors: 0, Skipped: 0') : log
assert log =~ /lsbaws: stopped 'start' \(pid \d+, exit status 0\)/ : log
assert log.contains('BUILD FAILURE') : log
BuildLogChecks.assertServersGone(log, 1)
ProcessChecks.assertNoServerRunningIn(basedir)
return true
