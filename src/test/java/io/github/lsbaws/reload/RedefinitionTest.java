package io.github.lsbaws.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lsbaws.testing.RawHttp;
import io.github.lsbaws.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.tools.ToolProvider;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real supervised, forking server and the real dev loop over its classes directory, written
 * to as an IDE does while a client keeps asking: a method-body edit is redefined in the serving
 * generation (same parent, the application's data kept), a structural edit and a redefinition
 * the JVM refuses get a new generation, and no request fails meanwhile.
 */
class RedefinitionTest {
    private static final String GET = "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    private static final String ADD = "GET /add HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    /**
     * Its class initialiser empties the notes file, as an application's schema script empties its
     * tables: a new generation starts the notes over, a redefinition keeps them.
     */
    private static final String GREETER = """
            package demo;
            import com.sun.net.httpserver.HttpExchange;
            import com.sun.net.httpserver.HttpHandler;
            import java.io.IOException;
            import java.io.OutputStream;
            import java.io.UncheckedIOException;
            import java.nio.charset.StandardCharsets;
            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.nio.file.StandardOpenOption;
            public class Greeter implements HttpHandler {
                static final Path NOTES = Path.of(System.getProperty("demo.notes"));
                public static final HttpHandler handler = initialise();
                static HttpHandler initialise() {
                    try { Files.writeString(NOTES, ""); } catch (IOException e) { throw new UncheckedIOException(e); }
                    return new Greeter();
                }
                @Override
                public void handle(HttpExchange exchange) throws IOException {
                    if (exchange.getRequestURI().getPath().equals("/add")) {
                        Files.writeString(NOTES, "note\\n", StandardOpenOption.APPEND);
                    }
                    byte[] body = (greeting() + " " + Files.readAllLines(NOTES).size() + "\\n").getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) { out.write(body); }
                }
                String greeting() { return "Hello"; }
            }
            """;

    @TempDir
    Path project;

    @Test
    void aBodyEditIsRedefinedAStructuralOneAndARefusedOneGetANewGeneration() throws Exception {
        Path classes = project.resolve("target/classes");
        install(classes, GREETER);
        Path notes = project.resolve("notes.txt");
        ProjectLayout layout = new ProjectLayout(project, List.of(project.resolve("src/main/java")), List.of(), classes,
                null, List.of(), List.of(), List.of(classes.toString()), project.resolve("target/lsbaws"));
        try (TestServer server = TestServer.start("demo.Greeter:handler",
                options -> options.withAppClasspath(List.of(classes.toString())).withStandby(true),
                List.of("-Ddemo.notes=" + notes));
             DevLoop loop = new DevLoop(layout, null, server::reload, new SystemStreamLog());
             Client client = new Client(server.port())) {
            // the standby's rehearsal of the next reload runs the class initialiser too: the notes start after it
            server.awaitOutput("deployed ahead in ", Duration.ofSeconds(60));
            assertEquals("Hello 0", body(server, GET));
            body(server, ADD);
            assertEquals("Hello 2", body(server, ADD));
            long parent = server.pid();

            install(classes, GREETER.replace("return \"Hello\";", "return \"Bonjour\";"));
            awaitBody(server, "Bonjour 2");
            server.awaitOutput("Redefined 1 class in ");
            assertEquals(parent, server.pid(), "the same parent serves");
            assertEquals(1, server.generation());
            assertFalse(server.output().contains("Reloaded in"), server.output());
            assertTrue(client.served() > 0);

            install(classes, GREETER.replace("return \"Hello\";", "return \"Hola\";").replace("String greeting()",
                    "public String added() { return \"\"; }\n    String greeting()"));
            awaitBody(server, "Hola 0"); // a new generation: its initialisation ran again
            server.awaitOutput("Reloaded in ");
            server.awaitGeneration(2); // the line is read by another thread: wait for it to count
            assertEquals(2, server.generation());
            body(server, ADD);

            Path greeter = classes.resolve("demo/Greeter.class");
            byte[] tooNew = compile(GREETER.replace("return \"Hello\";", "return \"Ciao\";").replace("String greeting()",
                    "public String added() { return \"\"; }\n    String greeting()"));
            tooNew[6] = 0; // a class file version this JVM refuses: the shape is the same, the JVM says no
            tooNew[7] = 99;
            write(greeter, tooNew);
            server.awaitOutput("could not redefine the edited classes (UnsupportedClassVersionError");
            server.awaitOutput("failed to start"); // the fallback generation cannot load it either
            assertEquals("Hola 1", body(server, GET), "the last good code and its data keep serving");

            install(classes, GREETER.replace("return \"Hello\";", "return \"Ciao\";").replace("String greeting()",
                    "public String added() { return \"\"; }\n    String greeting()"));
            awaitBody(server, "Ciao 0"); // after a failed edit, a body edit gets a new generation: the serving one missed one
            server.awaitGeneration(3); // the new generation may serve before its line is read
            assertEquals(0, client.failed(), () -> "requests failed meanwhile: " + client.firstFailure());
        }
    }

    private static String body(TestServer server, String request) throws IOException {
        String response = RawHttp.exchange(server.port(), request);
        assertTrue(response.startsWith("HTTP/1.1 200 "), RawHttp.escaped(response));
        return RawHttp.body(response).strip();
    }

    private static void awaitBody(TestServer server, String expected) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        String body;
        while (!(body = body(server, GET)).equals(expected)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still '" + body + "' instead of '" + expected + "':\n" + server.output());
            }
            Thread.sleep(20);
        }
    }

    /** Compiles source and moves its class into classes, as an IDE writes it. */
    private void install(Path classes, String source) throws IOException {
        write(classes.resolve("demo/Greeter.class"), compile(source));
    }

    private int compilations;

    private byte[] compile(String source) throws IOException {
        Path root = project.resolve("javac/" + compilations++);
        Path file = root.resolve("demo/Greeter.java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-d", root.toString(),
                file.toString());
        assertEquals(0, status, "compiles");
        return Files.readAllBytes(root.resolve("demo/Greeter.class"));
    }

    private static void write(Path target, byte[] bytes) throws IOException {
        Files.createDirectories(target.getParent());
        Path temporary = target.resolveSibling(".Greeter.class.tmp");
        Files.write(temporary, bytes);
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A client asking again and again, a connection per request, counting what failed. */
    private static final class Client implements AutoCloseable {
        private final Thread thread;
        private final AtomicInteger served = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();
        private final AtomicReference<String> firstFailure = new AtomicReference<>();
        private volatile boolean running = true;

        Client(int port) {
            thread = new Thread(() -> {
                while (running) {
                    try {
                        String response = RawHttp.exchange(port, GET);
                        if (response.startsWith("HTTP/1.1 200 ")) {
                            served.incrementAndGet();
                        } else {
                            fail(RawHttp.escaped(response));
                        }
                    } catch (IOException e) {
                        fail(e.toString());
                    }
                }
            }, "client");
            thread.start();
        }

        private void fail(String what) {
            failed.incrementAndGet();
            firstFailure.compareAndSet(null, what);
        }

        int served() {
            return served.get();
        }

        int failed() {
            return failed.get();
        }

        String firstFailure() {
            return firstFailure.get();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(10_000);
        }
    }
}
