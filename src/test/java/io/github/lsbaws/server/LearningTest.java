package io.github.lsbaws.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lsbaws.learning.LearnedRequest;
import io.github.lsbaws.learning.LearnedRequests;
import io.github.lsbaws.testing.AppCompiler;
import io.github.lsbaws.testing.ProcessChecks;
import io.github.lsbaws.testing.RawHttp;
import io.github.lsbaws.testing.TestServer;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Warm by default: a path the children served is learned, and the next generation serves it
 * once in its parent before forking, so that its children do not link that code again.
 */
class LearningTest {
    private static final String APP = "learning.Hello:app";

    @TempDir
    Path directory;
    private Path classes;
    private Path learnedFile;

    @BeforeEach
    void compileTheApplication() throws Exception {
        classes = directory.resolve("classes");
        learnedFile = directory.resolve("learned-requests.txt");
        // An invokedynamic concatenation whose shape (String, double, char) the parent does not link ahead
        // (JdkFirstUses links the common ones): linked in each child whose parent never ran it.
        // The root page has a concatenation of its own (String, float), linked by whichever process
        // serves it first, and hangs when the test says so.
        AppCompiler.compileWsgi(classes, "learning.Hello", "switch (path) {"
                + " case \"/\" -> { if (Boolean.getBoolean(\"learning.rootHangs\")) { try { Thread.sleep(600_000); }"
                + " catch (InterruptedException e) { } } yield \"home \" + (path.length() * 2.5f); }"
                + " case \"/boom\" -> throw new IllegalStateException(\"boom\");"
                + " case \"/hang\" -> { try { Thread.sleep(600_000); } catch (InterruptedException e) { } yield \"late\"; }"
                + " default -> \"Hello, \" + query + \"! \" + (path.length() * 1.5) + '.'; }", "");
    }

    private TestServer start(String learned, List<String> jvmArgs) throws Exception {
        return TestServer.start(APP, options -> options.withAppClasspath(List.of(classes.toString())).withLearnedFile(learned),
                jvmArgs);
    }

    private static String hello(TestServer server, String name) throws Exception {
        String response = RawHttp.exchange(server.port(),
                "GET /hello?" + name + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/plain\r\nCookie: secret=1\r\nConnection: close\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
        return RawHttp.body(response);
    }

    @Test
    void aServedPathIsReplayedByTheNextGenerationWhoseChildrenNeedNotLinkIt() throws Exception {
        String classLog = directory.resolve("classes-%p.log") + "::filecount=0";
        try (TestServer server = start(learnedFile.toString(), List.of("-Xlog:class+load=info:file=" + classLog))) {
            Path firstLog = directory.resolve("classes-" + server.pid() + ".log");
            int beforeCold = Files.readAllLines(firstLog).size();
            assertEquals("Hello, a! 9.0.", hello(server, "a"));
            awaitNoChildren(server);
            assertTrue(Files.readAllLines(firstLog).size() > beforeCold,
                    "a child of the first generation links the concatenation itself: it loads classes for it");

            long second = server.awaitGeneration(2);
            server.awaitOutput("Warmed up: generation 2 serves what the children served");
            Path secondLog = directory.resolve("classes-" + second + ".log");
            int beforeWarm = Files.readAllLines(secondLog).size();
            for (int i = 0; i < 3; i++) {
                assertEquals("Hello, b" + i + "! 9.0.", hello(server, "b" + i));
            }
            awaitNoChildren(server);
            List<String> lines = Files.readAllLines(secondLog);
            assertEquals(List.of(), lines.subList(beforeWarm, lines.size()),
                    "classes loaded by children of the generation that replayed the path");

            String record = Files.readString(learnedFile);
            assertTrue(record.contains("GET /hello?a\tAccept: text/plain"), record);
            assertFalse(record.contains("secret=1"), "no credentials are recorded: " + record);
        }
    }

    /**
     * A learned generation deploys the code the serving one runs: what its deployment prints is
     * kept aside, so the console does not read as a second application starting; a deployment
     * that fails has it printed, before the failure.
     */
    @Test
    void aLearnedGenerationDeploysQuietlyUnlessItFails() throws Exception {
        Path failLoad = directory.resolve("fail-load");
        AppCompiler.compileWsgi(classes, "learning.Hello", "\"Hello, \" + query", "System.out.println(\"learning.Hello loaded in \""
                + " + ProcessHandle.current().pid()); if (java.nio.file.Files.exists(java.nio.file.Path.of(\"" + failLoad
                + "\"))) throw new IllegalStateException(\"the configuration is gone\");");
        try (TestServer server = start(learnedFile.toString(), List.of())) {
            server.awaitOutput("learning.Hello loaded in " + server.pid());
            assertEquals("Hello, a", hello(server, "a"));
            long second = server.awaitGeneration(2);
            server.awaitOutput("Warmed up: generation 2 serves what the children served");
            assertFalse(server.output().contains("learning.Hello loaded in " + second), server.output());

            Files.writeString(failLoad, "");
            String another = RawHttp.exchange(server.port(), "GET /another?b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertEquals("Hello, b", RawHttp.body(another)); // a path not learned yet: a generation is started to replay it
            server.awaitOutput("Generation 3 failed to start");
            String output = server.output();
            Matcher loaded = Pattern.compile("learning.Hello loaded in (\\d+)").matcher(output);
            List<Long> pids = new ArrayList<>();
            while (loaded.find()) {
                pids.add(Long.parseLong(loaded.group(1)));
            }
            assertEquals(2, pids.size(), output); // the first generation's, and the third's, which failed
            assertTrue(output.indexOf("learning.Hello loaded in " + pids.get(1)) < output.indexOf("the configuration is gone"),
                    output);
            assertEquals("Hello, c", hello(server, "c")); // generation 2 keeps serving
        }
    }

    /** A token in the query or an application's own credential header never reaches the record. */
    @Test
    void secretsInTheQueryOrInCustomHeadersAreNotRecorded() throws Exception {
        try (TestServer server = start(learnedFile.toString(), List.of())) {
            String reset = RawHttp.exchange(server.port(), "GET /account/reset?token=s3cr3t-link HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\n\r\n");
            assertTrue(reset.startsWith("HTTP/1.1 200 OK\r\n"), reset);
            awaitNoChildren(server); // its report, if it made one, is in the pipe before the next request's
            String api = RawHttp.exchange(server.port(), "GET /api/items?page=2 HTTP/1.1\r\nHost: localhost\r\n"
                    + "Accept: application/json\r\nX-Api-Key: k-123456\r\nX-Auth-Token: t-654321\r\nConnection: close\r\n\r\n");
            assertTrue(api.startsWith("HTTP/1.1 200 OK\r\n"), api);
            server.awaitGeneration(2);
            server.awaitOutput("Warmed up: generation 2 serves what the children served");
            String record = Files.readString(learnedFile);
            assertTrue(record.contains("\nGET /api/items?page=2\tAccept: application/json\n"), record);
            assertFalse(record.contains("reset") || record.contains("s3cr3t"), record);
            assertFalse(record.contains("k-123456") || record.contains("t-654321"), record);
        }
    }

    @Test
    void theNextServerStartsWarmFromTheRecord() throws Exception {
        try (TestServer first = start(learnedFile.toString(), List.of())) {
            hello(first, "a");
            first.awaitGeneration(2);
        }
        try (TestServer again = start(learnedFile.toString(), List.of())) {
            again.awaitOutput("(generation 1: parent pid " + again.pid() + "; supervisor pid " + again.supervisorPid()
                    + "), 2 learned requests replayed"); // the root, taken as learned by the first run, and /hello
        }
    }

    /**
     * With nothing learned, the first generation takes the application's root page as learned
     * and replays it: its children run none of that code for the first time, and the record keeps
     * it like a request a child served, without starting a generation for it.
     */
    @Test
    void aFirstGenerationWithNothingLearnedReplaysTheRootPage() throws Exception {
        String classLog = directory.resolve("classes-%p.log") + "::filecount=0";
        try (TestServer server = start(learnedFile.toString(), List.of("-Xlog:class+load=info:file=" + classLog))) {
            server.awaitOutput("(generation 1: parent pid " + server.pid() + "; supervisor pid " + server.supervisorPid()
                    + "), 1 learned request replayed");
            Path log = directory.resolve("classes-" + server.pid() + ".log");
            int before = Files.readAllLines(log).size();
            String response = RawHttp.exchange(server.port(), "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertEquals("home 2.5", RawHttp.body(response), response);
            awaitNoChildren(server);
            List<String> lines = Files.readAllLines(log);
            assertEquals(List.of(), lines.subList(before, lines.size()), "classes loaded by the child that served the root");
            String record = Files.readString(learnedFile);
            assertTrue(record.contains("\nGET /\tAccept: text/html,"), record);
            Thread.sleep(3 * 1_000); // three times the quiet second after which a learned request starts a generation
            assertEquals(1, server.generation(), "the root, taken as learned, started no generation");
        }
    }

    /**
     * A client that connected while the first generation deployed (a browser reloading as the
     * server starts) waits in the backlog: its page, not the root, is the one learned, and the
     * parent answers it itself, once, before its first fork; the client is asked to close, so
     * that its next requests go to children.
     */
    @Test
    void aPageAskedForDuringTheDeploymentIsAnsweredByTheParent() throws Exception {
        Path release = directory.resolve("release");
        AppCompiler.compileWsgi(classes, "learning.Hello", "(System.out.printf(\"serving %s in %s%n\", query,"
                + " ((Supplier<String>) () -> { try { return java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of(\"/proc/self\")).toString(); }"
                + " catch (java.io.IOException e) { return \"?\"; } }).get()) == null ? \"\" : \"Hello, \" + query)",
                "try { for (int i = 0; i < 6000 && !java.nio.file.Files.exists(java.nio.file.Path.of(\"" + release + "\")); i++) {"
                + " Thread.sleep(10); } } catch (Exception e) { throw new IllegalStateException(e); }");
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        CompletableFuture<TestServer> starting = CompletableFuture.supplyAsync(() -> {
            try {
                return TestServer.start(APP, options -> options.withAppClasspath(List.of(classes.toString()))
                        .withLearnedFile(learnedFile.toString()).withAddress("127.0.0.1", port));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (Socket client = connectWhenListening(port)) {
            // persistent, as a browser's: the parent's answer closes it all the same
            client.getOutputStream().write("GET /hello?waiting HTTP/1.1\r\nHost: localhost\r\nAccept: text/plain\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            Files.writeString(release, ""); // the application's load ends once the request is in the socket
            client.setSoTimeout(60_000);
            String response = new String(client.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            try (TestServer server = starting.get(60, TimeUnit.SECONDS)) {
                assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
                assertEquals("Hello, waiting", RawHttp.body(response));
                server.awaitOutput("(generation 1: parent pid " + server.pid() + "; supervisor pid " + server.supervisorPid()
                        + "), 1 learned request replayed");
                assertTrue(response.contains("\r\nConnection: close\r\n"), response);
                String output = server.output();
                assertEquals(1, output.split("serving waiting in ", -1).length - 1, "run once: " + output);
                assertTrue(output.contains("serving waiting in " + server.pid()), "run in the parent: " + output);
                assertTrue(output.contains("Answered in the parent: 127.0.0.1 \"GET /hello?waiting HTTP/1.1\" 200 "), output);
                assertEquals("Hello, next", hello(server, "next"), "a child serves what comes next");
                String record = Files.readString(learnedFile);
                assertTrue(record.contains("GET /hello?waiting\tAccept: text/plain"), record);
                assertFalse(record.contains("GET /\t"), "the root was not taken instead: " + record);
            }
        } finally {
            Files.writeString(release, "");
            try {
                starting.get(60, TimeUnit.SECONDS).close(); // again if closed above: nothing is left running either way
            } catch (ExecutionException e) {
                // it failed to start, and stopped what it had started
            }
        }
    }

    /** A connection to port once something listens there (bounded). */
    private static Socket connectWhenListening(int port) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try {
                return new Socket(InetAddress.getLoopbackAddress(), port);
            } catch (ConnectException e) {
                assertTrue(System.nanoTime() < deadline, "nothing listens on " + port);
                Thread.sleep(20);
            }
        }
    }

    /** A root page that hangs in the replay is forgotten once, as a learned request is, and never taken up again. */
    @Test
    void aRootPageThatHangsInTheReplayIsForgottenForGood() throws Exception {
        try (TestServer server = start(learnedFile.toString(), List.of("-Dlearning.rootHangs=true"))) {
            server.awaitOutput("replaying the learned request GET / took over 10000 ms");
            assertEquals("Hello, z! 9.0.", hello(server, "z"));
            assertEquals(2, server.generation(), "the generation after the killed one did not take the root up again");
            assertFalse(LearnedRequests.load(learnedFile, APP).keys().contains("GET /"), Files.readString(learnedFile));
        }
    }

    /**
     * Learning on, the supervisor starts a new server JVM a quiet second after a child told it of
     * a request (Learning.QUIET_MILLIS); off, none in three times that: the serving generation
     * stays its only child all along, watched rather than looked at once at the end.
     */
    @Test
    void withLearningOffNoGenerationIsStartedToReplayWhatWasServed() throws Exception {
        try (TestServer server = start(null, List.of())) {
            hello(server, "a");
            long until = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < until) {
                List<String> generations = ProcessChecks.childrenOf(server.supervisorPid());
                assertEquals(List.of(server.pid()), generations.stream().map(child -> Long.parseLong(child.split(" ")[0])).toList(),
                        "the supervisor's children, learning off: " + generations);
                Thread.sleep(20);
            }
            assertEquals(1, server.generation());
        }
    }

    @Test
    void aReplayThatFailsOrHangsIsForgottenAndTheServerStartsAllTheSame() throws Exception {
        LearnedRequests seeded = LearnedRequests.load(learnedFile, APP);
        for (String path : List.of("/boom", "/hang", "/hello?seed")) {
            seeded.add(new LearnedRequest("GET", path, List.of()));
        }
        seeded.save();
        try (TestServer server = start(learnedFile.toString(), List.of())) {
            // On standard error, which is read apart from the banner on standard output: waited for, not looked at once.
            server.awaitOutput("the learned request GET /boom was answered 500 when replayed; it is forgotten");
            server.awaitOutput("replaying the learned request GET /hang took over 10000 ms");
            assertEquals("Hello, z! 9.0.", hello(server, "z"));
            assertEquals(List.of("GET /hello"), List.copyOf(LearnedRequests.load(learnedFile, APP).keys()));
        }
    }

    private static void awaitNoChildren(TestServer server) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!ProcessChecks.childrenOf(server.pid()).isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "children still running");
            Thread.sleep(20);
        }
    }
}
