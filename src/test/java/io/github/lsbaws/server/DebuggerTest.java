package io.github.lsbaws.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lsbaws.testing.RawHttp;
import io.github.lsbaws.testing.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Debugging one request with the JDK's own debugger, jdb, listening as an IDE does: the request
 * chosen by its path is served by a debuggee that stops at a breakpoint in the application; the
 * other requests are served meanwhile; the watchdog spares the held child.
 */
class DebuggerTest {
    private static final String APP = "io.github.lsbaws.testapps.DebugApps:app";

    private static String get(int port, String target) throws IOException {
        return RawHttp.exchange(port, "GET " + target + " HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
    }

    /** A request made on another thread: the answer of one held at a breakpoint comes later. */
    private static CompletableFuture<String> getLater(int port, String target) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return get(port, target);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aBreakpointInTheApplicationStopsTheChosenRequestOnly() throws Exception {
        int debugPort = freePort();
        Process debugger = listeningJdb(debugPort);
        Transcript transcript = new Transcript(debugger);
        try {
            transcript.await("Listening at address");
            try (TestServer server = TestServer.start(APP, options -> options.withLimits(1024, 16, 2000, 10_000),
                    List.of("-Dlsbaws.debug=127.0.0.1:" + debugPort, "-Dlsbaws.debug.path=/debug/*"))) {
                server.awaitOutput("served under the debugger listening at 127.0.0.1:" + debugPort);
                CompletableFuture<String> held = getLater(server.port(), "/debug/hello?name=jdb");
                transcript.awaitSuspended();
                transcript.send("stop in io.github.lsbaws.testapps.DebugApps.greet");
                transcript.send("cont");
                transcript.await("Breakpoint hit");
                transcript.send("print name");
                transcript.await("name = \"jdb\"");

                long start = System.nanoTime();
                String other = get(server.port(), "/other?name=meanwhile");
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertEquals("Hello, meanwhile!", RawHttp.body(other));
                assertTrue(millis < 5_000, "the other request waited " + millis + " ms");
                assertTrue(!held.isDone(), "the chosen request was answered while stopped at the breakpoint");

                server.awaitOutput("serves under the debugger");
                Thread.sleep(2_500); // past the request timeout of 2 s: the watchdog leaves the child alone
                assertTrue(!server.output().contains("exceeded the request timeout"), server.output());

                transcript.send("cont");
                String response = held.get(60, TimeUnit.SECONDS);
                assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
                assertEquals("Hello, jdb!", RawHttp.body(response));
                server.awaitOutput("Debugged: 127.0.0.1 \"GET /debug/hello?name=jdb HTTP/1.1\" 200");
                transcript.await("The application exited");
            }
        } finally {
            stop(debugger);
        }
    }

    @Test
    void withNoDebuggerListeningTheRequestIsServedAndTheLogSaysSoOnceAndAReloadKeepsDebugging() throws Exception {
        int debugPort = freePort();
        try (TestServer server = TestServer.start(APP, options -> options, List.of("-Dlsbaws.debug=127.0.0.1:" + debugPort))) {
            for (int i = 0; i < 3; i++) {
                String response = get(server.port(), "/hello?name=nobody");
                assertEquals("Hello, nobody!", RawHttp.body(response));
            }
            server.awaitOutput("No debugger listens at 127.0.0.1:" + debugPort);
            String output = server.output();
            assertEquals(1, output.split("No debugger listens", -1).length - 1, output);
            assertTrue(!output.contains("Debugged:") && !output.contains("ERROR"), output);

            server.reload();
            server.awaitGeneration(2);
            Process debugger = listeningJdb(debugPort);
            Transcript transcript = new Transcript(debugger);
            try {
                transcript.await("Listening at address");
                CompletableFuture<String> held = getLater(server.port(), "/after-reload?name=again");
                transcript.awaitSuspended();
                transcript.send("cont");
                assertEquals("Hello, again!", RawHttp.body(held.get(60, TimeUnit.SECONDS)));
                server.awaitOutput("Debugged: 127.0.0.1 \"GET /after-reload?name=again HTTP/1.1\" 200");
                transcript.await("The application exited");
            } finally {
                stop(debugger);
            }
        }
    }

    @Test
    void theStartUpIsDebuggedBeforeTheGenerationLoadsTheApplicationCleanAndForks() throws Exception {
        int debugPort = freePort();
        Process debugger = listeningJdb(debugPort);
        Transcript transcript = new Transcript(debugger);
        CompletableFuture<TestServer> starting = null;
        try {
            transcript.await("Listening at address");
            starting = CompletableFuture.supplyAsync(() -> {
                try {
                    return TestServer.start(APP, options -> options,
                            List.of("-Dlsbaws.debug=127.0.0.1:" + debugPort, "-Dlsbaws.debug.startup=true"));
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            transcript.awaitSuspended();
            transcript.send("stop in io.github.lsbaws.testapps.DebugApps.prefix");
            transcript.send("cont");
            transcript.await("Breakpoint hit");
            transcript.send("where");
            transcript.await("io.github.lsbaws.testapps.DebugApps.<clinit>");
            Thread.sleep(500);
            assertTrue(!starting.isDone(), "the server served before the start-up was let go");
            transcript.send("cont");
            transcript.await("The application exited");
            try (TestServer server = starting.get(60, TimeUnit.SECONDS)) {
                assertEquals("Hello, clean!", RawHttp.body(get(server.port(), "/hello?name=clean")));
                server.awaitOutput("Start-up debugged");
                for (Path task : Files.list(Path.of("/proc/" + server.pid() + "/task")).toList()) {
                    String thread = Files.readString(task.resolve("comm")).strip();
                    assertTrue(!thread.startsWith("JDWP"), "the forking parent has the thread " + thread);
                }
            }
        } finally {
            if (starting != null && !starting.isDone()) {
                stop(debugger); // the debuggee ends with its connection, the generation goes on, the server starts
            }
            if (starting != null) {
                try {
                    starting.get(60, TimeUnit.SECONDS).close();
                } catch (Exception e) {
                    // closed above, or it never started: its own failure is the test's
                }
            }
            stop(debugger);
        }
    }

    /** The JDK's debugger listening on the loopback interface, as an IDE in listen mode does. */
    private static Process listeningJdb(int port) throws IOException {
        Path jdb = Path.of(System.getProperty("java.home"), "bin", "jdb");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(jdb), "no jdb in " + jdb);
        return new ProcessBuilder(jdb.toString(), "-connect", "com.sun.jdi.SocketListen:localAddress=127.0.0.1,port=" + port)
                .redirectErrorStream(true).start();
    }

    private static void stop(Process debugger) throws InterruptedException {
        debugger.destroy();
        if (!debugger.waitFor(10, TimeUnit.SECONDS)) {
            debugger.destroyForcibly().waitFor();
        }
    }

    /** What the debugger printed, read as it comes; its commands written to its standard input. */
    private static final class Transcript {
        private final StringBuffer text = new StringBuffer();
        private final OutputStream commands;
        private final Process debugger;

        Transcript(Process debugger) {
            this.debugger = debugger;
            commands = debugger.getOutputStream();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(debugger.getInputStream(), StandardCharsets.UTF_8))) {
                    char[] buffer = new char[1024];
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        text.append(buffer, 0, n);
                    }
                } catch (IOException e) {
                    // the debugger ended
                }
            }, "jdb-output");
            reader.setDaemon(true);
            reader.start();
        }

        void send(String command) throws IOException {
            commands.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            commands.flush();
        }

        /**
         * Waits for a debuggee's connection and jdb's prompt after it: a command sent while jdb
         * still prints "VM Started" can find nothing suspended yet ("cont": "Nothing suspended."),
         * and the debuggee then stays suspended.
         */
        void awaitSuspended() throws InterruptedException {
            await("VM Started");
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!text.toString().endsWith("main[1] ")) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("jdb never prompted after the debuggee connected:\n" + text);
                }
                Thread.sleep(20);
            }
        }

        void await(String expected) throws InterruptedException {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (text.indexOf(expected) < 0) {
                if (System.nanoTime() > deadline || !debugger.isAlive() && text.indexOf(expected) < 0) {
                    Thread.sleep(100); // the last of its output
                    throw new AssertionError("jdb never printed '" + expected + "':\n" + text);
                }
                Thread.sleep(20);
            }
        }
    }
}
