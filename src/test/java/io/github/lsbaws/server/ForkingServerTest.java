package io.github.lsbaws.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lsbaws.jvm.ServerJvm;
import io.github.lsbaws.launcher.ServerProcess;
import io.github.lsbaws.launcher.ServerStartException;
import io.github.lsbaws.natives.HugePageProbe;
import io.github.lsbaws.redefine.AgentJar;
import io.github.lsbaws.testapps.ProtocolApps;
import io.github.lsbaws.testing.HttpConnection;
import io.github.lsbaws.testing.ProcessChecks;
import io.github.lsbaws.testing.RawHttp;
import io.github.lsbaws.testing.TestServer;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** The real thing: a server JVM forking a child per connection, driven over sockets. */
class ForkingServerTest {
    private static final String SLEEPY = "io.github.lsbaws.testapps.ServerApps:sleepy";
    private static final String GET_SLEEP = "GET /?ms=%d HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

    @Test
    void childrenKnowTheirOwnPidWhenTheParentAskedForItsOwnFirst() throws Exception {
        // The warm-up makes the parent call ProcessHandle.current(), which the JDK caches for good.
        try (TestServer server = TestServer.start(SLEEPY, options -> options.withWarmup(List.of("/")))) {
            Set<String> pids = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                String response = RawHttp.exchange(server.port(), String.format(GET_SLEEP, 0));
                pids.add(RawHttp.body(response));
            }
            assertEquals(3, pids.size(), "each child answers its own pid: " + pids);
            assertFalse(pids.contains(Long.toString(server.pid())), "no child answers the parent's pid: " + pids);
        }
    }

    @Test
    void servesConcurrentSlowRequestsFromSeparateChildren() throws Exception {
        try (TestServer server = TestServer.start(SLEEPY)) {
            ExecutorService clients = Executors.newFixedThreadPool(20);
            try {
                long start = System.nanoTime();
                List<Future<String>> responses = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    responses.add(clients.submit(() -> RawHttp.exchange(server.port(), String.format(GET_SLEEP, 2000))));
                }
                Set<String> pids = new HashSet<>();
                for (Future<String> response : responses) {
                    String text = response.get();
                    assertTrue(text.startsWith("HTTP/1.1 200 OK\r\n"), text);
                    pids.add(RawHttp.body(text));
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                // One at a time would take 40 s; side by side they take one sleep plus forking.
                assertTrue(seconds < 10, "20 concurrent 2 s requests took " + seconds + " s");
                assertEquals(20, pids.size(), "each request from its own child: " + pids);
                assertTrue(!pids.contains(Long.toString(server.pid())), "the parent served a request itself");
            } finally {
                clients.shutdownNow();
            }
            ProcessChecks.assertNoZombieLeft(server.pid()); // the last children may exit after their answers arrive
        }
    }

    /**
     * Of the parent's descriptors a child keeps only its own connection and the birth pipe's
     * write end: not the listening socket, the signalfd, the epoll set, the pipe's read end or a
     * sibling's connection (two slow requests are in flight).
     */
    @Test
    void aChildKeepsOnlyItsConnectionOfTheParentsDescriptors() throws Exception {
        try (TestServer server = TestServer.start(SLEEPY)) {
            ExecutorService clients = Executors.newFixedThreadPool(2);
            try {
                List<Future<String>> responses = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    // longer than the children are given to settle below: they are looked at while they serve
                    responses.add(clients.submit(() -> RawHttp.exchange(server.port(), String.format(GET_SLEEP, 8000))));
                }
                List<Long> children = server.awaitChildren(2);
                Map<String, Integer> parentTargets = descriptorTargets(server.pid());
                assertEquals(1, parentTargets.getOrDefault("anon_inode:[signalfd]", 0), parentTargets.toString());
                String birthPipe = parentTargets.entrySet().stream().filter(e -> e.getKey().startsWith("pipe:") && e.getValue() == 2)
                        .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("no birth pipe: " + parentTargets));
                Set<String> tcpSockets = tcpSocketInodes(server.pid());
                for (long child : children) {
                    // A child closes what it inherited as it starts: it is looked at until it has, for a bounded time.
                    Map<String, Integer> targets = awaitDescriptors(child, found -> tcpSocketsHeld(found, tcpSockets) == 1
                            && !found.containsKey("anon_inode:[signalfd]") && !found.containsKey("anon_inode:[eventpoll]")
                            && found.getOrDefault(birthPipe, 0) == 1);
                    assertEquals(1, tcpSocketsHeld(targets, tcpSockets),
                            "child " + child + " holds other TCP sockets than its connection: " + targets);
                    assertFalse(targets.containsKey("anon_inode:[signalfd]"), targets.toString());
                    assertFalse(targets.containsKey("anon_inode:[eventpoll]"), targets.toString());
                    assertEquals(1, targets.getOrDefault(birthPipe, 0), "the birth pipe's ends in child " + child + ": " + targets);
                }
                for (Future<String> response : responses) {
                    assertTrue(response.get().startsWith("HTTP/1.1 200 OK\r\n"), response.get());
                }
            } finally {
                clients.shutdownNow();
            }
        }
    }

    /** How many of the descriptors in targets point at one of tcpSockets. */
    private static int tcpSocketsHeld(Map<String, Integer> targets, Set<String> tcpSockets) {
        return targets.entrySet().stream().filter(e -> tcpSockets.contains(e.getKey())).mapToInt(Map.Entry::getValue).sum();
    }

    /** What pid's descriptors point at once settled is true of it; else what they pointed at 5 s later (or as pid exited). */
    private static Map<String, Integer> awaitDescriptors(long pid, java.util.function.Predicate<Map<String, Integer>> settled)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        Map<String, Integer> targets = descriptorTargets(pid);
        while (!settled.test(targets) && System.nanoTime() - deadline < 0) {
            Thread.sleep(20);
            try {
                targets = descriptorTargets(pid);
            } catch (java.nio.file.NoSuchFileException exited) {
                break;
            }
        }
        return targets;
    }

    /** The TCP sockets of pid's network namespace, as its descriptors name them: socket:[inode]. */
    private static Set<String> tcpSocketInodes(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        for (String table : List.of("tcp", "tcp6")) {
            Path path = Path.of("/proc/" + pid + "/net/" + table);
            if (Files.exists(path)) {
                List<String> lines = Files.readAllLines(path);
                for (String line : lines.subList(1, lines.size())) { // after the header: inode is the tenth column
                    inodes.add("socket:[" + line.strip().split("\\s+")[9] + "]");
                }
            }
        }
        return inodes;
    }

    /** What a process's descriptors point at (socket:[inode], pipe:[inode], a path...), each with how many point there. */
    private static Map<String, Integer> descriptorTargets(long pid) throws IOException {
        Map<String, Integer> targets = new java.util.TreeMap<>();
        try (var fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    targets.merge(Files.readSymbolicLink(fd).toString(), 1, Integer::sum);
                } catch (IOException closedMeanwhile) {
                    // gone between the listing and the read
                }
            }
        }
        return targets;
    }

    /**
     * At maxChildren live children the parent stops accepting: the other connections wait in the
     * kernel's backlog, none fails, and they are served as children finish.
     */
    @Test
    void atMaxChildrenConnectionsWaitInTheBacklog() throws Exception {
        try (TestServer server = TestServer.start(SLEEPY, options -> options.withLimits(1024, 2, 30_000, 10_000))) {
            ExecutorService clients = Executors.newFixedThreadPool(6);
            try {
                List<Future<String>> responses = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    responses.add(clients.submit(() -> RawHttp.exchange(server.port(), String.format(GET_SLEEP, 500))));
                }
                int mostChildren = 0;
                while (!responses.stream().allMatch(Future::isDone)) {
                    mostChildren = Math.max(mostChildren, ProcessChecks.childrenOf(server.pid()).size());
                    Thread.sleep(10);
                }
                for (Future<String> response : responses) {
                    assertTrue(response.get().startsWith("HTTP/1.1 200 OK\r\n"), response.get());
                }
                assertTrue(mostChildren >= 1 && mostChildren <= 2, "children alive at once: " + mostChildren);
            } finally {
                clients.shutdownNow();
            }
        }
    }

    /**
     * The archive and libjvm's code are in huge pages, nothing else is, and they stay whole while
     * the server forks under concurrent load: a huge page the parent writes while a child shares
     * it is split for good (its first runs of code paths after a fork did, before they were
     * rehearsed). On every installed runtime, with the reloading server's agent too, which makes
     * HotSpot map the archive writable whole.
     */
    @TestFactory
    Stream<DynamicTest> onlyTheClassDataArchiveAndLibjvmAreInHugePagesAndTheyStayWhole(@TempDir Path agentDirectory)
            throws IOException {
        return TestServer.installedRuntimes().stream().flatMap(javaHome -> Stream.of(false, true).map(agent ->
                DynamicTest.dynamicTest(javaHome + (agent ? ", with the agent" : ""),
                        () -> archiveAndLibjvmInHugePages(javaHome, agent, agentDirectory))));
    }

    private static void archiveAndLibjvmInHugePages(Path javaHome, boolean agent, Path agentDirectory) throws Exception {
        List<String> jvmArgs = agent ? List.of(AgentJar.javaAgentOption(agentDirectory)) : List.of();
        long givenBefore = HugePageProbe.kilobytesGivenNow();
        try (TestServer server = TestServer.startOn(javaHome, SLEEPY, options -> options, jvmArgs)) {
            if (agent) {
                assertTrue(Files.readString(Path.of("/proc/" + server.pid() + "/cmdline")).contains("-javaagent:"),
                        "the server runs with the agent");
            }
            HugePages atStart = hugePagesOf(server.pid());
            long givenAfter = HugePageProbe.kilobytesGivenNow(); // the kernel's state on either side of the server's request
            ExecutorService clients = Executors.newFixedThreadPool(16);
            try {
                List<Future<String>> responses = new ArrayList<>();
                for (int i = 0; i < 400; i++) {
                    responses.add(clients.submit(() -> RawHttp.exchange(server.port(), String.format(GET_SLEEP, 0))));
                }
                for (Future<String> response : responses) {
                    assertTrue(response.get().startsWith("HTTP/1.1 200 OK\r\n"), response.get());
                }
            } finally {
                clients.shutdownNow();
            }
            HugePages afterLoad = hugePagesOf(server.pid());
            // A huge page split by a fork's copy-on-write stays present whole: every later fork copies it.
            assertEquals(0, afterLoad.elsewhere(), "huge pages outside the class-data archive and libjvm");
            List<String> status = Files.readAllLines(Path.of("/proc/" + server.pid() + "/status"));
            Assumptions.assumeTrue(status.contains("THP_enabled:\t1")
                    && !Files.readString(Path.of("/sys/kernel/mm/transparent_hugepage/enabled")).contains("[never]"),
                    "huge pages are off for the server here (the machine's setting, or a kernel before 6.18 set to 'always')");
            Assumptions.assumeTrue(atStart.archive() + atStart.code() > 0 || (givenBefore > 0 && givenAfter > 0),
                    "the kernel had no free huge page when the server asked: this JVM got " + givenBefore
                    + " kB in huge pages just before the server started and " + givenAfter + " kB just after");
            assertTrue(atStart.archive() >= 4096, "the archive has " + atStart.archive() + " kB in huge pages");
            assertTrue(atStart.code() >= 4096, "libjvm has " + atStart.code() + " kB in huge pages");
            assertEquals(atStart, afterLoad, "huge pages (kB) split by 400 connections, 16 at a time");
        }
    }

    /** Kilobytes in huge pages of a process: in the class data archive, in libjvm's code, elsewhere. */
    private record HugePages(long archive, long code, long elsewhere) {}

    private static HugePages hugePagesOf(long pid) throws IOException {
        List<String> smaps = Files.readAllLines(Path.of("/proc/" + pid + "/smaps"));
        // libjvm's moved code and constants lie between the parts of it still mapped from the file.
        long libjvmStart = Long.MAX_VALUE;
        long libjvmEnd = 0;
        for (String line : smaps) {
            if (line.endsWith("/libjvm.so")) {
                libjvmStart = Math.min(libjvmStart, Long.parseUnsignedLong(line.substring(0, line.indexOf('-')), 16));
                libjvmEnd = Math.max(libjvmEnd, Long.parseUnsignedLong(line.substring(line.indexOf('-') + 1, line.indexOf(' ')), 16));
            }
        }
        long archive = 0;
        long code = 0;
        long elsewhere = 0;
        long start = 0;
        for (String line : smaps) {
            if (!Character.isUpperCase(line.charAt(0))) {
                start = Long.parseUnsignedLong(line.substring(0, line.indexOf('-')), 16);
            } else if (line.startsWith("AnonHugePages:")) {
                long kilobytes = Long.parseLong(line.replaceAll("\\D", ""));
                if (start >= 0x800000000L && start < 0x801000000L) { // the archive keeps HotSpot's SharedBaseAddress
                    archive += kilobytes;
                } else if (start >= libjvmStart && start < libjvmEnd) {
                    code += kilobytes;
                } else {
                    elsewhere += kilobytes;
                }
            }
        }
        return new HugePages(archive, code, elsewhere);
    }

    @Test
    void applicationErrorIsA500AndTheServerKeepsServing() throws Exception {
        try (TestServer server = TestServer.start("io.github.lsbaws.testapps.ServerApps:crashy")) {
            String crash = RawHttp.exchange(server.port(), "GET /crash HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
            assertEquals("HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain; charset=utf-8\r\n"
                    + "Content-Length: 22\r\nDate: <date>\r\nServer: lsbaws\r\nConnection: close\r\n\r\n"
                    + "Internal Server Error\n", RawHttp.withoutDate(crash));
            server.awaitOutput("application error while serving \"GET /crash HTTP/1.1\":\n"
                    + "java.lang.IllegalStateException: the application broke");
            String fine = RawHttp.exchange(server.port(), "GET /ok HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
            assertEquals("fine", RawHttp.body(fine));
            String bad = RawHttp.exchange(server.port(), "GET / HTTP/1.1\r\n\r\n");
            assertTrue(bad.startsWith("HTTP/1.1 400 Bad Request\r\n"), bad);
            server.awaitOutput("bad request (400): an HTTP/1.1 request needs exactly one Host header");
        }
    }

    @Test
    void shutdownLetsRequestsInFlightFinish() throws Exception {
        TestServer server = TestServer.start(SLEEPY);
        ExecutorService client = Executors.newSingleThreadExecutor();
        try {
            Future<String> slow = client.submit(() -> RawHttp.exchange(server.port(), String.format(GET_SLEEP, 1500)));
            server.awaitChildren(1); // the connection is a child's now: the shutdown must wait for it
            assertEquals(0, server.stop());
            assertTrue(slow.get().startsWith("HTTP/1.1 200 OK\r\n"), slow.get());
            assertTrue(server.output().contains("Shutting down"), server.output());
            assertTrue(server.output().contains("Stopped after 1 connections; every child reaped."), server.output());
        } finally {
            client.shutdownNow();
        }
    }

    /**
     * A child that hangs before it announces itself (here in a fork handler of a preloaded
     * library, as one would on a lock inherited held) is killed after 5 s and its client gets a
     * 503 from the parent; the next connection is served.
     */
    @Test
    void aChildHungAtTheForkIsKilledAndItsClientAnswered503(@TempDir Path dir) throws Exception {
        Path source = Path.of(ForkingServerTest.class.getResource("/hang-in-forked-child.c").toURI());
        Path library = dir.resolve("hang-in-forked-child.so");
        Process gcc;
        try {
            gcc = new ProcessBuilder("gcc", "-shared", "-fPIC", "-o", library.toString(), source.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("gcc is not installed: " + e.getMessage());
            return;
        }
        String compiler = new String(gcc.getInputStream().readAllBytes());
        assertEquals(0, gcc.waitFor(), compiler);
        Path marker = dir.resolve("hang");
        try (TestServer server = TestServer.startWithEnvironment(SLEEPY,
                Map.of("LD_PRELOAD", library.toString(), "LSBAWS_HANG_MARKER", marker.toString()))) {
            Files.createFile(marker);
            String refused = RawHttp.exchange(server.port(), String.format(GET_SLEEP, 0));
            assertTrue(refused.startsWith("HTTP/1.1 503 Service Unavailable\r\n"), refused);
            server.awaitOutput("did not start within 5000 ms (hung at the fork): killed (SIGKILL), answered 503; it was in state S");
            Files.delete(marker);
            String served = RawHttp.exchange(server.port(), String.format(GET_SLEEP, 0));
            assertTrue(served.startsWith("HTTP/1.1 200 OK\r\n"), served);
        }
    }

    @Test
    void childOverTheRequestTimeoutIsKilled() throws Exception {
        try (TestServer server = TestServer.start(SLEEPY, options -> options.withLimits(1024, 256, 1000, 10_000))) {
            long start = System.nanoTime();
            String response = RawHttp.exchange(server.port(), String.format(GET_SLEEP, 20_000));
            assertEquals("", response, "the killed child closes the connection without an answer");
            assertTrue((System.nanoTime() - start) / 1e9 < 10, "the client waited for the whole sleep");
            server.awaitOutput("exceeded the request timeout of 1000 ms: killed (SIGKILL); it was in state S");
            // The application sleeps in Thread.sleep: a futex wait, called from the JVM.
            server.awaitOutput("libjvm.so+0x");
            assertTrue(RawHttp.exchange(server.port(), String.format(GET_SLEEP, 0)).startsWith("HTTP/1.1 200 OK"));
        }
    }

    @Test
    void applicationStartingAThreadThatOwnsALockIsRefused() throws Exception {
        String message = startFailure("io.github.lsbaws.testapps.ThreadedApp:app", 0);
        assertTrue(message.contains("exited with status 4"), message);
        assertTrue(message.contains("left the thread(s) \"app-background-worker\" (TIMED_WAITING in"
                + " io.github.lsbaws.testapps.ThreadedApp$CacheLoader.run, owning the monitor of java.lang.Object@"), message);
        assertTrue(message.contains("start it inside a request"), message);
    }

    @Test
    void aPortInUseIsRefusedWithTheWayToAnother() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            String message = startFailure("io.github.lsbaws.testapps.CrashApps:app", taken.getLocalPort());
            assertTrue(message.contains("exited with status 4"), message);
            assertTrue(message.contains("bind(127.0.0.1:" + taken.getLocalPort() + ") failed: the address is already in use: "
                    + "another server is listening on port " + taken.getLocalPort()
                    + " (errno 98); serve on another with -Dlsbaws.port=N (0: any free port)"), message);
        }
    }

    /** Starts a server that must fail before serving; returns what the failure said. */
    private static String startFailure(String app, int port) throws Exception {
        List<String> classpath = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        ServerOptions options = ServerOptions.of(app, List.of()).withAddress("127.0.0.1", port).withWatchStdin(true);
        ServerProcess process = ServerProcess.start(
                ServerJvm.command(Path.of(System.getProperty("java.home")), classpath, List.of(), options), Path.of("."), line -> { });
        try {
            return org.junit.jupiter.api.Assertions.assertThrows(ServerStartException.class,
                    () -> process.awaitReady(Duration.ofSeconds(60))).getMessage();
        } finally {
            process.stop(Duration.ofSeconds(5));
        }
    }

    /** A warm-up target's response can be larger than a loopback connection holds unread: the parent serves it whole. */
    @Test
    void warmUpTargetWithALargeResponseIsServedWhole() throws Exception {
        try (TestServer server = TestServer.start("io.github.lsbaws.testapps.ProtocolApps:app",
                options -> options.withWarmup(List.of("/large")))) {
            server.awaitOutput("Warmed up in the parent: 127.0.0.1 \"GET /large HTTP/1.1\" 200 " + ProtocolApps.LARGE_BYTES + " ");
            String response = RawHttp.exchange(server.port(), "GET /large HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
            assertEquals(ProtocolApps.LARGE_BYTES, RawHttp.body(response).length());
            assertFalse(server.output().contains("timed out") || server.output().contains("failed"), server.output());
        }
    }

    /**
     * What a child links or loads, it does at the interpreter's pace, again in every child: a
     * lambda class spun per child cost about a millisecond each. Once the parent has served a
     * path, serving it again (new connections and keep-alive) must load no class in a child.
     * HotSpot's -Xlog pid decorator shows the parent's pid in children, so this compares rounds:
     * the parent loads what it needs once, in the first round; a class loaded in the second round
     * again was loaded by a child.
     */
    @Test
    void childServingAWarmedUpPathLoadsNoClass(@TempDir Path dir) throws Exception {
        Path classLog = dir.resolve("class-load.log");
        try (TestServer server = TestServer.start("io.github.lsbaws.testapps.Apps:app",
                options -> options.withWarmup(List.of("/warm")), List.of("-Xlog:class+load=info:file=" + classLog))) {
            serveWarmPathAndWaitForChildren(server);
            List<String> afterFirstRound = Files.readAllLines(classLog);
            serveWarmPathAndWaitForChildren(server);
            List<String> afterSecondRound = Files.readAllLines(classLog);
            assertTrue(afterFirstRound.size() > 100, "class loads are logged: " + afterFirstRound.size());
            assertEquals(List.of(), afterSecondRound.subList(afterFirstRound.size(), afterSecondRound.size()),
                    "classes loaded in children serving a warmed-up path");
        }
    }

    private static void serveWarmPathAndWaitForChildren(TestServer server) throws Exception {
        for (int i = 0; i < 3; i++) {
            assertEquals("field /warm", RawHttp.body(RawHttp.exchange(server.port(),
                    "GET /warm HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")));
        }
        try (HttpConnection connection = new HttpConnection(server.port())) {
            assertEquals("field /warm", connection.send("GET /warm HTTP/1.1\r\nHost: h\r\n\r\n").read().body());
            assertEquals("field /warm", connection.send("GET /warm HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n").read().body());
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!ProcessChecks.childrenOf(server.pid()).isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "children still running: " + ProcessChecks.childrenOf(server.pid()));
            Thread.sleep(20);
        }
    }
}
