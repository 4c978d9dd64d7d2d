import io.github.lsbaws.launcher.ServerProcess
import io.github.lsbaws.testing.ProcessChecks
import io.github.lsbaws.testing.RawHttp
import java.time.Duration
import java.util.concurrent.CopyOnWriteArrayList

// Serves the sample with "mvn lsbaws:serve" and checks that each request is answered by a child
// of its own: the pid in the body is the one the access log names, not the parent's, and differs
// between two requests. Then stops the build as Ctrl-C would and checks nothing is left.
def home = System.getProperty("maven.home")
def command = [home ? new File(home, "bin/mvn").path : "mvn", "-B", "-o",
               "-Dmaven.repo.local=" + localRepositoryPath.absolutePath, "-Dlsbaws.port=0", "lsbaws:serve"]
def logged = new CopyOnWriteArrayList<Long>()
def build = ServerProcess.start(command, basedir.toPath(), { line ->
    println "  | " + line.text()
    def pid = line.text() =~ / pid=(\d+)$/
    if (pid.find()) {
        logged << (pid.group(1) as long)
    }
})
def url
def answered = []
try {
    url = build.awaitReady(Duration.ofMinutes(3))
    for (name in ["Ada", "Grace"]) {
        def response = RawHttp.withoutDate(RawHttp.exchange(url.port,
                "GET /hello?name=" + name + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"))
        def body = RawHttp.body(response)
        def head = "HTTP/1.1 200 OK\r\nContent-type: text/plain; charset=utf-8\r\nContent-Length: " + body.length() +
                "\r\nDate: <date>\r\nServer: lsbaws\r\nConnection: close\r\n\r\n"
        def served = body =~ /^Hello, ${name}! Served by pid (\d+)\n$/
        if (!response.startsWith(head) || !served.matches()) {
            throw new AssertionError("unexpected answer:\n" + RawHttp.escaped(response))
        }
        answered << (served.group(1) as long)
    }
} finally {
    build.stop(Duration.ofSeconds(10))
}
ProcessChecks.assertAllGone(build.serverPid(), logged, url.port)
if (answered.contains(build.serverPid()) || answered.toSet().size() != 2 || answered != logged) {
    throw new AssertionError("expected two children, logged as " + logged + ", to answer; answered by " + answered
            + " (server " + build.serverPid() + ")")
}
return true
