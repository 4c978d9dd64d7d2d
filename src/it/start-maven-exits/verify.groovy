import io.github.lsbaws.testing.BuildLogChecks
import io.github.lsbaws.testing.ProcessChecks

def log = new File(basedir, 'build.log').text
assert log =~ /lsbaws: 'default-cli' serves com.example.hello.App:app at http:\/\/127.0.0.1:\d+\/ \(pid \d+/ : log
assert log.contains('BUILD SUCCESS') : log
// Maven has exited: the server must be gone with it, with its port and children.
BuildLogChecks.assertServersGone(log, 1)
ProcessChecks.assertNoServerRunningIn(basedir)
return true
