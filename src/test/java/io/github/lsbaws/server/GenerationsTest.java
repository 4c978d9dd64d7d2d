package io.github.lsbaws.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lsbaws.natives.Linux;
import io.github.lsbaws.testing.AppCompiler;
import io.github.lsbaws.testing.ProcessChecks;
import io.github.lsbaws.testing.RawHttp;
import io.github.lsbaws.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reloads with real generations: the application's classes live in a directory the test
 * rewrites, as a compiler would, and each reload is a new server parent that loads them.
 */
class GenerationsTest {
    private static final String APP = "reloaded.App:app";
    private static final String GET = "GET /?ms=%d HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

    @TempDir
    Path classes;
    private final ExecutorService clients = Executors.newFixedThreadPool(4);

    @AfterEach
    void stopClients() {
        clients.shutdownNow();
    }

    /** Compiles the app answering text after sleeping ?ms=N, whose class initialiser runs init. */
    private void compileApp(String text, String init) throws Exception {
        AppCompiler.compileWsgi(classes, "reloaded.App", "\"" + text + "\"", init);
    }

    private TestServer start() throws Exception {
        return TestServer.start(APP, options -> options.withAppClasspath(List.of(classes.toString())).withStandby(true));
    }

    private static String get(TestServer server, int sleepMillis) throws Exception {
        String response = RawHttp.exchange(server.port(), String.format(GET, sleepMillis));
        assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
        return RawHttp.body(response);
    }

    @Test
    void aReloadServesTheNewClassesAndNoRequestFailsMeanwhile() throws Exception {
        compileApp("first", "");
        try (TestServer server = start()) {
            assertEquals("first", get(server, 0));
            long firstParent = server.pid();
            AtomicBoolean loading = new AtomicBoolean(true);
            List<Future<List<String>>> load = new ArrayList<>();
            for (int i = 0; i < 3; i++) { // connection after connection until the reload is over
                load.add(clients.submit(() -> {
                    List<String> bodies = new ArrayList<>();
                    while (loading.get()) {
                        bodies.add(get(server, 0));
                    }
                    return bodies;
                }));
            }
            compileApp("second", "");
            server.reload();
            long secondParent = server.awaitGeneration(2);
            assertEquals("second", get(server, 0));
            loading.set(false);
            int served = 0;
            for (Future<List<String>> client : load) {
                for (String body : client.get()) { // get() in the client threw on anything but a 200
                    assertTrue(body.equals("first") || body.equals("second"), body);
                    served++;
                }
            }
            assertTrue(served > 0);
            assertNotEquals(firstParent, secondParent);
            assertTrue(server.output().contains("Reloaded in "), server.output());
            awaitGone(firstParent);
            assertEquals(2, ProcessChecks.childrenOf(server.supervisorPid()).size(),
                    "the serving generation and a standby for the next reload: " + ProcessChecks.childrenOf(server.supervisorPid()));
        }
    }

    @Test
    void aRequestInFlightDuringAHandOverCompletes() throws Exception {
        compileApp("old", "");
        try (TestServer server = start()) {
            Future<String> slow = clients.submit(() -> get(server, 3000));
            server.awaitChildren(1);
            compileApp("new", "");
            server.reload();
            server.awaitGeneration(2);
            assertEquals("new", get(server, 0));
            assertEquals("old", slow.get(), "the old generation finished its request before leaving");
        }
    }

    @Test
    void aNewVersionThatFailsInItsInitialiserLeavesTheOldOneServing() throws Exception {
        compileApp("good", "");
        try (TestServer server = start()) {
            compileApp("broken", "if (true) throw new IllegalStateException(\"broken on purpose\");");
            server.reload();
            server.awaitOutput("Generation 2 failed to start (exit status 3); generation 1 keeps serving the last good code.");
            assertTrue(server.errorOutput().contains("broken on purpose"), "the application's own error is shown");
            assertEquals("good", get(server, 0));
            assertEquals(1, server.generation());
            compileApp("fixed", "");
            server.reload();
            server.awaitGeneration(3);
            assertEquals("fixed", get(server, 0));
        }
    }

    @Test
    void interruptedDuringAReloadLeavesNothingRunning() throws Exception {
        compileApp("any", "");
        try (TestServer server = start()) {
            server.reload();
            server.signal(Linux.SIGINT);
            assertEquals(0, server.awaitExit(Duration.ofSeconds(20))); // checks no process, zombie or socket is left
        }
    }

    private static void awaitGone(long pid) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (ProcessChecks.alive(pid) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(!ProcessChecks.alive(pid), "the retired generation " + pid + " is gone");
    }
}
