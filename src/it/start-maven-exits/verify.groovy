import io.github.lsbaws.testing.BuildLogChecks
import io.github.lsbaws.testing.ProcessChecks

def log = new File(basedir, 'build.log').text
def starts = (log =~ /lsbaws: 'default-cli' serves com.example.hello.App:app at http:\/\/127.0.0.1:\d+\/ \(pid \d+/).size()
assert starts == 2 : log
assert (log =~ /BUILD SUCCESS/).size() == 2 : log
// the second build found the first one's state file, its server gone with that build's Maven
assert log =~ /lsbaws: 'default-cli' \(pid \d+\) of an earlier build ended without lsbaws:stop; starting it again/ : log
// Maven has exited, twice: each server must be gone with it, with its port and children.
BuildLogChecks.assertServersGone(log, 2)
ProcessChecks.assertNoServerRunningIn(basedir)
return true
