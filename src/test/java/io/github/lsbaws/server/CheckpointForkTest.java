package io.github.lsbaws.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lsbaws.launcher.ServerStartException;
import io.github.lsbaws.supervisor.ReloadRequest;
import io.github.lsbaws.testing.AppCompiler;
import io.github.lsbaws.testing.ProcessChecks;
import io.github.lsbaws.testing.RawHttp;
import io.github.lsbaws.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fork as a CRaC checkpoint and restore, on a real forking server: an application that
 * starts a housekeeper and a timer and registers org.crac resources while it loads is served,
 * the parent tells its resources beforeCheckpoint once, each child afterRestore.
 */
class CheckpointForkTest {
    private static final String APP = "io.github.lsbaws.testapps.CracApp:app";
    private static final String GET = "GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    private static final Pattern SERVED_BY = Pattern.compile(" served-by=(\\d+)$");

    private static TestServer start(Path dir) throws Exception {
        return TestServer.start(APP, options -> options, List.of("-Dlsbaws.test.failRestore=" + dir.resolve("fail"),
                "-Dlsbaws.test.holdLock=" + dir.resolve("hold")));
    }

    private static String get(TestServer server, String path) throws Exception {
        return RawHttp.exchange(server.port(), String.format(GET, path));
    }

    private static long servedBy(String body) {
        Matcher matcher = SERVED_BY.matcher(body);
        assertTrue(matcher.find(), body);
        return Long.parseLong(matcher.group(1));
    }

    @Test
    void theParentCheckpointsOnceAndEachChildRestoresBeforeItServes(@TempDir Path dir) throws Exception {
        try (TestServer server = start(dir)) {
            long parent = server.pid();
            for (int i = 0; i < 3; i++) {
                String response = get(server, "/");
                assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
                String body = RawHttp.body(response);
                long child = servedBy(body);
                assertNotEquals(parent, child);
                String rehearsed = "before:scheduler@" + parent + ",before:pool@" + parent + ",after:pool@" + parent
                        + ",after:scheduler@" + parent + ","; // a restore rehearsed in the parent, between two checkpoints
                assertEquals(rehearsed + "before:scheduler@" + parent + ",before:pool@" + parent + ",after:pool@" + child
                        + ",after:scheduler@" + child + " served-by=" + child, body);
            }
            server.awaitOutput("Not in the children");
            String named = server.output().lines().filter(line -> line.contains("Not in the children")).findFirst().orElseThrow();
            assertTrue(named.contains("\"app-housekeeper\" (") && named.contains("\"app-timer\" ("), named);
            assertEquals(1, server.output().split("Not in the children", -1).length - 1, server.output());
            assertTrue(server.output().contains("Waiting up to 10 s for the idle pool worker(s) [app-connection-adder] to end"),
                    server.output());
            assertTrue(!named.contains("app-connection-adder"), named);
        }
    }

    /**
     * What the application prints in a child's restore is kept aside: the parent printed it once
     * when it rehearsed the restore, and a line per child would bury the access log. A restore
     * that fails has it printed before its failure.
     */
    @Test
    void aChildsRestoreIsQuietUnlessItFails(@TempDir Path dir) throws Exception {
        try (TestServer server = start(dir)) {
            server.awaitOutput("FailingRestore: restoring in " + server.pid());
            long[] children = new long[3];
            for (int i = 0; i < children.length; i++) {
                children[i] = servedBy(RawHttp.body(get(server, "/")));
            }
            server.awaitOutput(" gen=1 pid=" + children[2]); // each child's access line, printed after its restore
            for (long child : children) {
                assertFalse(server.output().contains("FailingRestore: restoring in " + child + "\n"), server.output());
            }
            assertEquals(1, server.output().split("FailingRestore: restoring in ", -1).length - 1, server.output());

            Files.writeString(dir.resolve("fail"), "");
            String failed = get(server, "/");
            if (failed.startsWith("HTTP/1.1 200")) {
                failed = get(server, "/"); // served by the child that restored ahead of it, before the file existed
            }
            assertTrue(failed.startsWith("HTTP/1.1 500"), failed);
            Pattern failure = Pattern.compile("child (\\d+): afterRestore failed in io.github.lsbaws.testapps.CracApp\\$FailingRestore");
            server.awaitOutput("its requests are answered 500");
            Matcher matcher = failure.matcher(server.output());
            assertTrue(matcher.find(), server.output());
            String printed = "FailingRestore: restoring in " + matcher.group(1);
            assertTrue(server.output().contains(printed), server.output());
            assertTrue(server.output().indexOf(printed) < matcher.start(), server.output());
        }
    }

    /**
     * A child is forked ahead of the next connection and restores while it waits: after a
     * request, a child that has served nothing has restored, and the next connection is passed
     * to it. The one forked ahead of the connection after that, left without one, is let go
     * after 5 s and reaped: the parent is left with no child.
     */
    @Test
    void theNextConnectionGoesToAChildThatRestoredAheadOfIt(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(APP, options -> options, List.of("-Dlsbaws.test.failRestore="
                + dir.resolve("fail"), "-Dlsbaws.test.holdLock=" + dir.resolve("hold"), "-Dlsbaws.restore.timing=true"))) {
            long first = servedBy(RawHttp.body(get(server, "/")));
            long ready = awaitRestoredAhead(server, Set.of(first));
            String response = get(server, "/");
            assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
            assertEquals(ready, servedBy(RawHttp.body(response)), server.output());
            long next = awaitRestoredAhead(server, Set.of(first, ready));
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!ProcessChecks.childrenOf(server.pid()).isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "child " + next + " was not let go: "
                        + ProcessChecks.childrenOf(server.pid()));
                Thread.sleep(50);
            }
        }
    }

    /**
     * A child forked ahead whose restore fails after the parent passed it a connection ends
     * without a word, and the parent forks a child for that connection, which restores then:
     * its client is answered by the application, not with the failure of a restore that began
     * before its request. The failing restore is made to wait until the connection is passed
     * (the parent has forked the next child ahead) and then to fail; the next restore passes.
     */
    @Test
    void aConnectionPassedToAChildWhoseRestoreFailsIsForkedForAgain(@TempDir Path dir) throws Exception {
        Path once = dir.resolve("once");
        try (TestServer server = TestServer.start(APP, options -> options, List.of("-Dlsbaws.test.failRestoreOnce=" + once,
                "-Dlsbaws.restore.timing=true"))) {
            long first = servedBy(RawHttp.body(get(server, "/")));
            long ready = awaitRestoredAhead(server, Set.of(first));
            Files.createFile(once);
            assertEquals(ready, servedBy(RawHttp.body(get(server, "/")))); // restored before the file existed
            long failing = awaitChildOtherThan(server, Set.of(first, ready)); // forked ahead: its restore waits
            CompletableFuture<String> passed = CompletableFuture.supplyAsync(() -> {
                try {
                    return get(server, "/");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitChildOtherThan(server, Set.of(first, ready, failing)); // the connection passed, the next child forked ahead
            Files.createFile(dir.resolve("once.go"));
            String response = passed.get(30, TimeUnit.SECONDS);
            assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response + "\n" + server.output());
            long servedBy = servedBy(RawHttp.body(response));
            assertNotEquals(failing, servedBy, server.output());
            server.awaitOutput("child " + failing + ": restored in ");
            assertFalse(server.output().contains("afterRestore failed"), server.output());
            assertFalse(server.output().contains("ended abnormally"), server.output());
        }
    }

    /** Answers its greeting and its pid; registers an org.crac resource, so that its children restore. */
    private static final String GREETER = """
            package demo;
            import com.sun.net.httpserver.HttpExchange;
            import com.sun.net.httpserver.HttpHandler;
            import java.io.IOException;
            import java.nio.charset.StandardCharsets;
            import org.crac.Context;
            import org.crac.Core;
            import org.crac.Resource;
            public class Greeter implements HttpHandler, Resource {
                public static final Greeter handler = new Greeter();
                static {
                    Core.getGlobalContext().register(handler);
                }
                @Override
                public void beforeCheckpoint(Context<? extends Resource> context) {}
                @Override
                public void afterRestore(Context<? extends Resource> context) {}
                @Override
                public void handle(HttpExchange exchange) throws IOException {
                    String body = greeting() + " " + ProcessHandle.current().pid();
                    exchange.sendResponseHeaders(200, body.length());
                    exchange.getResponseBody().write(body.getBytes(StandardCharsets.US_ASCII));
                    exchange.close();
                }
                String greeting() {
                    return "Hello";
                }
            }
            """;

    /**
     * A redefinition lets the ready child go before it runs: forked before it, that child would
     * serve the old code. The next request is answered with the new code, by a child forked after.
     */
    @Test
    void aRedefinitionLetsTheReadyChildGoFirst(@TempDir Path project) throws Exception {
        Path classes = project.resolve("classes");
        List<String> crac = List.of(Path.of(org.crac.Core.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString());
        AppCompiler.compile(classes, "demo.Greeter", GREETER, crac);
        try (TestServer server = TestServer.start("demo.Greeter:handler",
                options -> options.withAppClasspath(List.of(classes.toString())).withStandby(true))) {
            String[] first = RawHttp.body(get(server, "/")).split(" ");
            assertEquals("Hello", first[0]);
            long ready = awaitChildOtherThan(server, Set.of(Long.parseLong(first[1])));
            AppCompiler.compile(classes, "demo.Greeter", GREETER.replace("return \"Hello\";", "return \"Bonjour\";"), crac);
            server.reload(ReloadRequest.ofChange(System.currentTimeMillis(), 1, 0, List.of("demo.Greeter")));
            server.awaitOutput("Redefined 1 class in ");
            String[] next = RawHttp.body(get(server, "/")).split(" ");
            assertEquals("Bonjour", next[0], server.output());
            assertNotEquals(ready, Long.parseLong(next[1]));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (ProcessChecks.childrenOf(server.pid()).stream().anyMatch(child -> child.startsWith(ready + " "))) {
                assertTrue(System.nanoTime() < deadline, "the child forked ahead before the redefinition was not let go");
                Thread.sleep(20);
            }
        }
    }

    /** Waits for the parent to have a child that is none of known; returns its pid. */
    private static long awaitChildOtherThan(TestServer server, Set<Long> known) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            for (String child : ProcessChecks.childrenOf(server.pid())) {
                long pid = Long.parseLong(child.split(" ")[0]);
                if (!known.contains(pid)) {
                    return pid;
                }
            }
            assertTrue(System.nanoTime() < deadline, "no child was forked besides " + known);
            Thread.sleep(20);
        }
    }

    /** Waits for a child that is none of served to log its restore; returns its pid. */
    private static long awaitRestoredAhead(TestServer server, Set<Long> served) throws InterruptedException {
        Pattern restored = Pattern.compile("child (\\d+): restored in ");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            Matcher matcher = restored.matcher(server.output());
            while (matcher.find()) {
                long pid = Long.parseLong(matcher.group(1));
                if (!served.contains(pid)) {
                    return pid;
                }
            }
            assertTrue(System.nanoTime() < deadline, "no child restored ahead of a connection:\n" + server.output());
            Thread.sleep(20);
        }
    }

    @Test
    void aThrowingAfterRestoreAnswers500NamingTheResourceAndTheParentServesOn(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("fail");
        try (TestServer server = start(dir)) {
            Files.createFile(marker);
            String failed = get(server, "/");
            assertTrue(failed.startsWith("HTTP/1.1 500 Internal Server Error\r\n"), failed);
            assertTrue(RawHttp.body(failed).contains("afterRestore failed in io.github.lsbaws.testapps.CracApp$FailingRestore"
                    + " in this child (java.lang.IllegalStateException: the database is not reachable)"), failed);
            server.awaitOutput("afterRestore failed in io.github.lsbaws.testapps.CracApp$FailingRestore; its requests are answered 500");
            Files.delete(marker);
            String served = get(server, "/");
            assertTrue(served.startsWith("HTTP/1.1 200 OK\r\n"), served);
        }
    }

    /**
     * Spring 7's lifecycle processor, unchanged: its prevent-shutdown thread, parked on a barrier
     * from beforeCheckpoint on, and its scheduler's thread are not in the children. Its
     * afterRestore meets that thread at its two barriers, and the thread is not in the child: the
     * child's copies of them are barriers of one, so the restore passes them with no wait for
     * its watcher to end (the restore's timing line counts both), and says nothing in the log.
     */
    @Test
    void aSpringContextStopsItsLifecycleInTheParentAndStartsItInEachChild() throws Exception {
        try (TestServer server = TestServer.start("io.github.lsbaws.testapps.SpringCracApp:app", options -> options,
                List.of("-Dlsbaws.restore.timing=true"))) {
            for (int i = 0; i < 2; i++) {
                String response = get(server, "/");
                assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
                String body = RawHttp.body(response);
                assertNotEquals(server.pid(), servedBy(body));
                assertTrue(body.startsWith("context running=true scheduler running=true "), body);
            }
            server.awaitOutput("barriers met alone: 2; waits for a thread of the parent ended: 0");
            assertFalse(server.output().contains("an afterRestore waited with no time limit"), server.output());
            String named = server.output().lines().filter(line -> line.contains("Not in the children")).findFirst().orElseThrow();
            assertTrue(named.contains("\"prevent-shutdown\" (WAITING in java.util.concurrent.CyclicBarrier.dowait)"), named);
            assertTrue(named.contains("WAITING in java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue.take"), named);
            assertTrue(named.contains("\"spring-scheduler-1\" ("), named);
        }
    }

    @Test
    void aThrowingBeforeCheckpointStopsTheStartNamingTheResource(@TempDir Path dir) {
        ServerStartException failed = assertThrows(ServerStartException.class, () -> TestServer.start(APP, options -> options,
                List.of("-Dlsbaws.test.failCheckpoint=true")));
        String message = failed.getMessage();
        assertTrue(message.contains("exited with status 4"), message);
        assertTrue(message.contains(APP + ": beforeCheckpoint failed in io.github.lsbaws.testapps.CracApp$FailingRestore before the"
                + " first fork (the checkpoint), so no child can be forked from it"), message);
        assertTrue(message.contains("java.lang.IllegalStateException: the cache could not be flushed"), message);
    }

    /**
     * A thread left behind that later sleeps owning a lock has run since it was judged: it is
     * judged again before the next fork, which is refused (503) while it owns the lock.
     */
    @Test
    void aThreadLeftBehindThatLaterOwnsALockStopsTheForksWhileItDoes(@TempDir Path dir) throws Exception {
        Path hold = dir.resolve("hold");
        try (TestServer server = start(dir)) {
            assertTrue(get(server, "/").startsWith("HTTP/1.1 200 OK\r\n"));
            Files.createFile(hold);
            awaitStatus(server, "HTTP/1.1 503 Service Unavailable\r\n");
            server.awaitOutput("refusing to fork: the parent left the thread(s) \"app-cache-refresher\" (TIMED_WAITING in"
                    + " io.github.lsbaws.testapps.CracApp$CacheRefresher.run, owning the monitor of java.lang.Object@");
            Files.delete(hold);
            awaitStatus(server, "HTTP/1.1 200 OK\r\n");
        }
    }

    private static void awaitStatus(TestServer server, String statusLine) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        String response;
        while (!(response = get(server, "/")).startsWith(statusLine)) {
            assertTrue(System.nanoTime() < deadline, "never answered " + statusLine + "; last: " + response + "\n" + server.output());
            Thread.sleep(50);
        }
    }

    @Test
    void aThreadTheChildStartsRuns(@TempDir Path dir) throws Exception {
        try (TestServer server = start(dir)) {
            String body = RawHttp.body(get(server, "/thread"));
            long child = servedBy(body);
            assertEquals("thread ran in " + child + " served-by=" + child, body);
        }
    }
}
