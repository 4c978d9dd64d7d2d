package io.github.lsbaws.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lsbaws.testing.AppCompiler;
import io.github.lsbaws.testing.ProcessChecks;
import io.github.lsbaws.testing.RawHttp;
import io.github.lsbaws.testing.TestServer;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With -Dlsbaws.deployNice=10, a generation deploying while another serves runs at a tenth of
 * the CPU weight (its session's autogroup at nice 10), and at the normal one once deployed; the serving generation and every
 * child stay normal, and no thread's own policy or nice value is touched. Read from /proc, of a
 * real supervisor, its generations and their children.
 */
class DeployPriorityTest {
    private static final String APP = "prioritised.App:app";
    private static final String GET = "GET /?ms=%d HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    private static final String GATE = "deploy-gate";
    /** A tenth of the normal weight. */
    private static final int DEPLOYING = 10;
    private static final String ROOT_AUTOGROUP = "(root autogroup)";

    @TempDir
    Path classes;
    private final ExecutorService clients = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopClients() {
        clients.shutdownNow();
    }

    /** The application's initialiser waits (60 s at most) for the gate file when the hold file exists. */
    private void compileApp(String text) throws Exception {
        Path gate = classes.resolve(GATE);
        Path hold = classes.resolve("deploy-hold");
        String init = "java.nio.file.Path gate = java.nio.file.Path.of(\"" + gate + "\");"
                + " if (java.nio.file.Files.exists(java.nio.file.Path.of(\"" + hold + "\"))) {"
                + " long end = System.nanoTime() + 60_000_000_000L;"
                + " while (!java.nio.file.Files.exists(gate) && System.nanoTime() < end) {"
                + " try { Thread.sleep(20); } catch (InterruptedException e) { break; } } }";
        AppCompiler.compileWsgi(classes, "prioritised.App", "\"" + text + "\"", init);
    }

    @Test
    void aDeployingGenerationGivesWayAndServesAtTheNormalPriority() throws Exception {
        compileApp("first");
        try (TestServer server = TestServer.start(APP,
                options -> options.withAppClasspath(List.of(classes.toString())).withStandby(true),
                List.of("-Dlsbaws.deployNice=" + DEPLOYING))) {
            long first = server.pid();
            long supervisor = server.supervisorPid();
            assertEquals(0, autogroupNice(supervisor));
            assertEquals(0, autogroupNice(first), () -> "the first generation deploys with nothing to give way to: "
                    + describe(supervisor) + "\n" + server.output());
            assertNotEquals(autogroup(supervisor), autogroup(first), "each server JVM has a session, so an autogroup, of its own");

            long standby = awaitOtherChild(supervisor, first);
            awaitAutogroupNice(standby, DEPLOYING, "the standby readies itself while generation 1 serves");
            // set once the standby had its own session: before, its autogroup was the supervisor's, and its caller's
            assertEquals(0, autogroupNice(supervisor), "the supervisor's autogroup is left as it was");

            Files.writeString(classes.resolve("deploy-hold"), "");
            compileApp("second");
            server.reload();
            // generation 2 (the standby) now deploys the new classes, held in their initialiser
            Future<String> slow = clients.submit(() -> get(server, 1500));
            long child = server.awaitChildren(1).get(0);
            assertEquals(autogroup(first), autogroup(child), "a child is in its parent's autogroup");
            assertEquals(0, autogroupNice(child), "generation 1's children serve at the normal weight");
            assertEquals(DEPLOYING, autogroupNice(standby), "generation 2 deploys at the lower weight");
            assertEquals("first", slow.get());
            assertNormalThreads(standby);
            assertNormalThreads(first);

            Files.writeString(classes.resolve(GATE), "");
            long second = server.awaitGeneration(2);
            assertEquals(standby, second);
            awaitAutogroupNice(second, 0, "generation 2 serves");
            slow = clients.submit(() -> get(server, 1500));
            child = server.awaitChildren(1).get(0);
            assertEquals(autogroup(second), autogroup(child));
            assertEquals(0, autogroupNice(child), "generation 2's children serve at the normal weight");
            assertNormalThreads(child);
            assertEquals("second", slow.get());
            assertNormalThreads(second);

            awaitGone(first);
            long next = awaitOtherChild(supervisor, second);
            awaitAutogroupNice(next, DEPLOYING, "the next standby readies itself while generation 2 serves");
            assertEquals(0, autogroupNice(supervisor), "the supervisor's autogroup is left as it was");
        }
    }

    @Test
    void byDefaultAStandbyKeepsTheNormalPriorityInASessionOfItsOwn() throws Exception {
        compileApp("any");
        try (TestServer server = TestServer.start(APP,
                options -> options.withAppClasspath(List.of(classes.toString())).withStandby(true))) {
            long supervisor = server.supervisorPid();
            long standby = awaitOtherChild(supervisor, server.pid());
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (sessionOf(standby) != standby) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("the standby " + standby + " never had a session of its own");
                }
                Thread.sleep(20);
            }
            Thread.sleep(500); // a change the supervisor would make comes at once, or after the kernel's 100 ms
            assertNotEquals(autogroup(supervisor), autogroup(standby));
            assertEquals(0, autogroupNice(standby));
            assertEquals(0, autogroupNice(supervisor));
        }
    }

    /** Field 6 of /proc/PID/stat. */
    private static long sessionOf(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[6 - 3]);
    }

    private static String get(TestServer server, int sleepMillis) throws Exception {
        String response = RawHttp.exchange(server.port(), String.format(GET, sleepMillis));
        assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
        return RawHttp.body(response);
    }

    private static String describe(long supervisor) {
        StringBuilder text = new StringBuilder();
        try {
            text.append("supervisor ").append(supervisor).append(": ").append(autogroup(supervisor)).append(" nice ").append(autogroupNice(supervisor));
            for (String child : ProcessChecks.childrenOf(supervisor)) {
                String pid = child.split(" ")[0];
                text.append("; ").append(child).append(": ").append(autogroup(Long.parseLong(pid))).append(" nice ").append(autogroupNice(Long.parseLong(pid)));
            }
        } catch (IOException e) {
            text.append(e);
        }
        return text.toString();
    }

    /**
     * "/autogroup-N" of /proc/PID/autogroup ("/autogroup-N nice V"), or {@link #ROOT_AUTOGROUP}: the
     * kernel prints nothing for a process whose session goes back to init's without a setsid (a
     * supervisor started by a build that never made a session of its own).
     */
    private static String autogroup(long pid) throws IOException {
        String text = Files.readString(Path.of("/proc/" + pid + "/autogroup")).trim();
        return text.isEmpty() ? ROOT_AUTOGROUP : text.split(" ")[0];
    }

    /** The root autogroup has the normal weight, nice 0, and no value of its own to print or set. */
    private static int autogroupNice(long pid) throws IOException {
        String text = Files.readString(Path.of("/proc/" + pid + "/autogroup")).trim();
        if (text.isEmpty()) {
            return 0;
        }
        String[] fields = text.split(" ");
        return Integer.parseInt(fields[fields.length - 1]);
    }

    /** Waits (10 s at most: the kernel takes one change per 100 ms) until pid's autogroup has that nice value. */
    private static void awaitAutogroupNice(long pid, int nice, String why) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (autogroupNice(pid) != nice) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(why + ": autogroup nice " + nice + " expected, /proc/" + pid + "/autogroup says "
                        + Files.readString(Path.of("/proc/" + pid + "/autogroup")).trim());
            }
            Thread.sleep(20);
        }
    }

    /** Every thread of pid runs SCHED_OTHER at nice 0 (stat fields 19 and 41): the weight is the autogroup's alone. */
    private static void assertNormalThreads(long pid) throws IOException {
        List<String> odd = new ArrayList<>();
        int threads = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException e) {
                    continue; // ended meanwhile
                }
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                threads++;
                if (!fields[19 - 3].equals("0") || !fields[41 - 3].equals("0")) {
                    odd.add(task.getFileName() + " nice " + fields[19 - 3] + " policy " + fields[41 - 3]);
                }
            }
        }
        assertTrue(threads > 0);
        assertTrue(odd.isEmpty(), "threads of " + pid + " not at SCHED_OTHER, nice 0: " + odd);
    }

    /** The supervisor's child other than known (a standby, or a generation just started). */
    private static long awaitOtherChild(long supervisor, long known) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        Predicate<String> other = child -> !child.startsWith(known + " ") && !child.endsWith(" Z");
        while (true) {
            List<String> children = ProcessChecks.childrenOf(supervisor);
            for (String child : children) {
                if (other.test(child)) {
                    return Long.parseLong(child.split(" ")[0]);
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("no server JVM but " + known + " under the supervisor: " + children);
            }
            Thread.sleep(20);
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
