package io.github.lsbaws.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lsbaws.natives.Posix;
import io.github.lsbaws.supervisor.ReloadRequest;
import io.github.lsbaws.testing.AppCompiler;
import io.github.lsbaws.testing.ProcessChecks;
import io.github.lsbaws.testing.RawHttp;
import io.github.lsbaws.testing.TestServer;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command that reaches a generation's parent in the middle of a batch of forks is taken before
 * the batch's next fork: the children forked after it run the redefined code. The real thing: a
 * supervised server with the redefinition agent, its command pipe, sockets queued on its
 * listening socket. The timing is made, not hoped for: the connections are queued while the
 * parent is stopped (SIGSTOP), so that one accept batch takes them all; the parent is stopped
 * again once it has forked the first of them, and the redefinition is asked for and lies in its
 * command pipe before it goes on (SIGCONT). Every child waits to answer until the batch is
 * forked, so the children forked before the command are the ones alive at the second stop.
 */
class CommandsBetweenForksTest {
    /** Linux's numbers on x86-64 and AArch64. */
    private static final int SIGCONT = 18;
    private static final int SIGSTOP = 19;
    /** As many as the parent accepts in one wake-up: the batch takes them all. */
    private static final int CONNECTIONS = 16;
    /** A batch the parent forked whole before it could be stopped says nothing; it is tried again. */
    private static final int ROUNDS = 10;
    /** How long a pid the kernel gave may be missing from /proc before it counts as another's process, already gone. */
    private static final long UNSEEN_NANOS = 20_000_000;
    private static final long BOUND_NANOS = 30_000_000_000L;
    /** Answers its greeting and its pid once the file the query names exists under demo.releases. */
    private static final String GREETER = """
            package demo;
            import com.sun.net.httpserver.HttpExchange;
            import com.sun.net.httpserver.HttpHandler;
            import java.io.IOException;
            import java.nio.charset.StandardCharsets;
            import java.nio.file.Files;
            import java.nio.file.Path;
            public class Greeter implements HttpHandler {
                public static final HttpHandler handler = new Greeter();
                @Override
                public void handle(HttpExchange exchange) throws IOException {
                    Path release = Path.of(System.getProperty("demo.releases"), exchange.getRequestURI().getQuery());
                    long deadline = System.nanoTime() + 60_000_000_000L;
                    while (!Files.exists(release) && System.nanoTime() < deadline) {
                        try { Thread.sleep(5); } catch (InterruptedException e) { break; }
                    }
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

    @TempDir
    Path project;

    @Test
    void aCommandQueuedDuringABatchIsTakenBeforeTheBatchsNextFork() throws Exception {
        Path classes = project.resolve("classes");
        Path releases = Files.createDirectories(project.resolve("releases"));
        AppCompiler.compile(classes, "demo.Greeter", GREETER);
        try (TestServer server = TestServer.start("demo.Greeter:handler",
                options -> options.withAppClasspath(List.of(classes.toString())).withStandby(true),
                List.of("-Ddemo.releases=" + releases))) {
            long parent = server.pid();
            AppCompiler.compile(classes, "demo.Greeter", GREETER.replace("return \"Hello\";", "return \"Bonjour\";"));
            for (int round = 0; round < ROUNDS; round++) {
                Path release = releases.resolve("round" + round);
                List<Socket> clients = new ArrayList<>();
                try {
                    awaitNoChild(parent); // the last round's children have answered: they are gone, or going
                    stop(parent);
                    for (int i = 0; i < CONNECTIONS; i++) {
                        clients.add(request(server.port(), release.getFileName().toString()));
                    }
                    long lastPid = lastPid();
                    Posix.kill((int) parent, SIGCONT);
                    Set<Long> forkedBefore = stopAfterFirstFork(parent, lastPid);
                    boolean telling = forkedBefore.size() <= CONNECTIONS - 2; // the first fork after the stop may have looked already
                    if (telling) {
                        server.reload(ReloadRequest.ofChange(System.currentTimeMillis(), 1, 0, List.of("demo.Greeter")));
                        awaitCommandInPipe(parent);
                    }
                    Posix.kill((int) parent, SIGCONT);
                    Files.createFile(release);
                    List<String> answers = new ArrayList<>();
                    for (Socket client : clients) {
                        answers.add(answer(client));
                    }
                    if (!telling) {
                        continue;
                    }
                    int before = forkedBefore.size();
                    System.out.println("Round " + round + ": " + before + " of " + CONNECTIONS
                            + " children forked before the command; answers in fork order: " + answers);
                    for (int i = 0; i < CONNECTIONS; i++) {
                        String[] greetingAndPid = answers.get(i).split(" ");
                        boolean forkedEarlier = forkedBefore.contains(Long.parseLong(greetingAndPid[1]));
                        assertEquals(i < before, forkedEarlier, "the batch forks in the order of the connections: " + answers
                                + ", forked before the command: " + forkedBefore);
                        if (i < before) {
                            assertEquals("Hello", greetingAndPid[0], answers::toString);
                        } else if (i > before) {
                            assertEquals("Bonjour", greetingAndPid[0], () -> "child " + greetingAndPid[1] + " was forked after the"
                                    + " redefinition lay in the parent's command pipe, yet ran the old code: the command waited"
                                    + " for the batch of forks to end. Answers in fork order: " + answers + "; forked before: "
                                    + before + "\n" + server.output());
                        }
                    }
                    server.awaitOutput("Redefined 1 class in ");
                    assertEquals(parent, server.pid(), "the same parent serves");
                    assertTrue(RawHttp.body(RawHttp.exchange(server.port(), "GET /?" + release.getFileName()
                            + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")).startsWith("Bonjour "));
                    return;
                } finally {
                    Posix.kill((int) parent, SIGCONT); // never leave it stopped, whatever failed
                    if (!Files.exists(release)) {
                        Files.createFile(release);
                    }
                    for (Socket client : clients) {
                        client.close();
                    }
                }
            }
            throw new AssertionError("in " + ROUNDS + " rounds the parent forked each batch whole before it could be stopped");
        }
    }

    private static Socket request(int port, String releaseName) throws IOException {
        Socket client = new Socket();
        client.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        client.setSoTimeout(60_000);
        client.getOutputStream().write(("GET /?" + releaseName + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        return client;
    }

    /** The body of the answer, which must be a 200. */
    private static String answer(Socket client) throws IOException {
        String response = new String(client.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertTrue(response.startsWith("HTTP/1.1 200 "), RawHttp.escaped(response));
        return RawHttp.body(response);
    }

    /** Sends SIGSTOP and waits until the process is stopped. */
    private static void stop(long pid) throws Exception {
        Posix.kill((int) pid, SIGSTOP);
        long deadline = System.nanoTime() + BOUND_NANOS;
        while (!state(pid).equals("T")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("process " + pid + " did not stop");
            }
            Thread.sleep(1);
        }
    }

    /**
     * Waits for the parent's first child, stops the parent, and returns the children it has
     * forked by then. The new processes are looked at as they come ({@code /proc/loadavg} names
     * the last pid the kernel gave), faster than a scan of /proc: the parent forks every few
     * milliseconds.
     */
    private static Set<Long> stopAfterFirstFork(long parent, long lastPidBefore) throws Exception {
        long deadline = System.nanoTime() + BOUND_NANOS;
        long next = lastPidBefore + 1;
        long unseenSince = 0;
        while (true) {
            long last = lastPid();
            if (last < next - 1) {
                next = 2; // the pids wrapped around
            }
            while (next <= last) {
                long parentOfNext = parentOf(next);
                if (parentOfNext < 0 && unseenSince == 0) {
                    unseenSince = System.nanoTime();
                }
                if (parentOfNext < 0 && System.nanoTime() - unseenSince < UNSEEN_NANOS) {
                    break; // its pid given, the process not yet in /proc: looked at again
                }
                if (parentOfNext == parent) {
                    stop(parent);
                    Set<Long> children = new HashSet<>();
                    for (String child : ProcessChecks.childrenOf(parent)) { // none has answered yet: none has exited
                        children.add(Long.parseLong(child.split(" ")[0]));
                    }
                    return children;
                }
                next++;
                unseenSince = 0;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the parent forked no child for the queued connections");
            }
            Thread.onSpinWait();
        }
    }

    private static long lastPid() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).strip().split(" ");
        return Long.parseLong(fields[fields.length - 1]);
    }

    /** The parent of process pid, or -1 if it is gone (or not yet shown). */
    private static long parentOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void awaitNoChild(long parent) throws Exception {
        long deadline = System.nanoTime() + BOUND_NANOS;
        while (!ProcessChecks.childrenOf(parent).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the parent's children did not end: " + ProcessChecks.childrenOf(parent));
            }
            Thread.sleep(10);
        }
    }

    /**
     * Waits until the supervisor's command lies in the parent's command pipe (its standard
     * input): the pipe opened anew through /proc says how much it holds (FIONREAD). Bounded below
     * the parent's 5 s for a child to announce itself: the children forked before the stop are
     * not yet known to it as born, and would be deemed hung once it goes on.
     */
    private static void awaitCommandInPipe(long parent) throws Exception {
        long deadline = System.nanoTime() + 3_000_000_000L;
        try (InputStream pipe = new FileInputStream("/proc/" + parent + "/fd/0")) {
            while (pipe.available() == 0) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the supervisor wrote no command into the parent's pipe");
                }
                Thread.sleep(1);
            }
        }
    }

    private static String state(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[0];
    }
}
