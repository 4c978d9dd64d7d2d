import io.github.lsbaws.testing.BuildLogChecks

def log = new File(basedir, 'build.log').text
assert log.contains('Tests run: 4, Failures: 0, Errors: 0, Skipped: 0') : log
assert log =~ /lsbaws: stopped 'wsgi' \(pid \d+, exit status 0\)/ : log
assert log =~ /lsbaws: stopped 'handler' \(pid \d+, exit status 0\)/ : log
def wsgiLog = new File(basedir, 'target/lsbaws/start-wsgi.log').text
assert wsgiLog.contains('"GET /hello?name=IT HTTP/1.1" 200 11') : wsgiLog
// java.net.http keeps connections alive: fewer connections than requests, each child serving several
assert wsgiLog =~ /Stopped after \d+ connections; every child reaped\./ : wsgiLog
assert new File(basedir, 'target/lsbaws/start-handler.log').text.contains('"POST /echo HTTP/1.1" 200 4')
assert !new File(basedir, 'target/lsbaws/wsgi.properties').exists()
BuildLogChecks.assertServersGone(log, 2)
return true
