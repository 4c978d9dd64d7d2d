package io.github.lsbaws.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lsbaws.jvm.ServerJvm;
import io.github.lsbaws.testing.ProcessChecks;
import io.github.lsbaws.testing.RawHttp;
import io.github.lsbaws.testing.TestServer;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A server JVM runs with the handled signals blocked in every thread, one malloc arena: started
 * by the goals it is born so and starts at once; started otherwise it re-executes itself first.
 */
class ProcessSetupTest {
    private static final String APP = "io.github.lsbaws.testapps.ServerApps:sleepy";
    private static final String MARK = "LSBAWS_SIGNALS_BLOCKED=1";
    private static final Pattern BANNER = Pattern.compile("generation 1: parent pid (\\d+); supervisor pid (\\d+)\\)");

    @Test
    void aServerStartedAsTheGoalsStartItIsNotReExecuted() throws Exception {
        try (TestServer server = TestServer.start(APP)) {
            assertFalse(initialEnvironment(server.supervisorPid()).contains(MARK),
                    "the supervisor started as it is, without executing itself again");
            assertTrue(initialEnvironment(server.pid()).contains("MALLOC_ARENA_MAX=1"), "the generation has one malloc arena");
            for (long pid : List.of(server.supervisorPid(), server.pid())) {
                assertBlockedInEveryThread(pid);
            }
            assertTrue(RawHttp.exchange(server.port(), "GET /?ms=0 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .startsWith("HTTP/1.1 200 OK"));
        }
    }

    @Test
    void aServerJvmStartedWithItsSignalsUnblockedReExecutesItself() throws Exception {
        List<String> classpath = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        ServerOptions options = ServerOptions.of(APP, List.of()).withAddress("127.0.0.1", 0).withWatchStdin(true);
        Process process = new ProcessBuilder(ServerJvm.command(Path.of(System.getProperty("java.home")), classpath, List.of(), options))
                .redirectErrorStream(true).start(); // from a thread that blocks none of them
        long supervisor = -1;
        long generation = -1;
        try {
            Matcher banner = awaitBanner(process);
            generation = Long.parseLong(banner.group(1));
            supervisor = Long.parseLong(banner.group(2));
            assertEquals(process.pid(), supervisor, "an execution keeps the pid");
            assertTrue(initialEnvironment(supervisor).contains(MARK), "it executed itself again with the signals blocked");
            assertBlockedInEveryThread(supervisor);
            assertBlockedInEveryThread(generation);
        } finally {
            process.getOutputStream().close(); // the end of its standard input: a graceful stop
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        assertEquals(0, process.exitValue());
        ProcessChecks.assertGone("the server's processes", List.of(supervisor, generation), Duration.ofSeconds(30));
    }

    /** The banner's match, read from the process's output within a bound (a thread reads the rest away). */
    private static Matcher awaitBanner(Process process) throws Exception {
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Matcher[] found = new Matcher[1];
        Thread thread = new Thread(() -> {
            try {
                String line;
                while ((line = output.readLine()) != null) {
                    Matcher banner = BANNER.matcher(line);
                    if (found[0] == null && banner.find()) {
                        synchronized (found) {
                            found[0] = banner;
                            found.notifyAll();
                        }
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "server-output");
        thread.setDaemon(true);
        thread.start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        synchronized (found) {
            while (found[0] == null && System.nanoTime() < deadline && process.isAlive()) {
                found.wait(100);
            }
        }
        assertNotNull(found[0], "no banner within 60 s");
        return found[0];
    }

    /** The environment the process's current program was started with (what execve gave it). */
    private static String initialEnvironment(long pid) throws IOException {
        return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/environ")), StandardCharsets.UTF_8).replace('\0', '\n');
    }

    private static void assertBlockedInEveryThread(long pid) throws IOException {
        long handled = (1L << 16) | (1L << 14) | (1L << 1) | 1L; // SIGCHLD, SIGTERM, SIGINT, SIGHUP
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                String blocked = Files.readAllLines(task.resolve("status")).stream().filter(line -> line.startsWith("SigBlk:"))
                        .findFirst().orElseThrow().substring(7).strip();
                assertEquals(handled, Long.parseUnsignedLong(blocked, 16) & handled, "thread " + task + " of " + pid);
            }
        }
    }
}
