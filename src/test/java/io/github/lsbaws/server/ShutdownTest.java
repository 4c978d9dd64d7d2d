package io.github.lsbaws.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lsbaws.natives.Linux;
import io.github.lsbaws.testing.RawHttp;
import io.github.lsbaws.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the server ends with a request in flight, driven by real signals to its pid: a second
 * Ctrl-C, the end of the grace period, and the parent killed outright (its children die with it).
 */
class ShutdownTest {
    private static final String SLEEPY = "io.github.lsbaws.testapps.ServerApps:sleepy";
    private static final String SLEEP_20_S = "GET /?ms=20000 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

    private final ExecutorService client = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopClient() {
        client.shutdownNow();
    }

    /** A request the application takes 20 s over, and the child serving it. */
    private record SlowRequest(Future<String> response, long child) {}

    /** Sends a slow request; returns once a child is serving it. */
    private SlowRequest startSlowRequest(TestServer server) throws Exception {
        Future<String> response = client.submit(() -> RawHttp.exchange(server.port(), SLEEP_20_S));
        return new SlowRequest(response, server.awaitChildren(1).get(0));
    }

    private static void assertGoneSoon(long pid) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (running(pid) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(running(pid), "child " + pid + " outlived the server");
    }

    /** Whether pid exists and has not exited: an orphan's zombie waits for whatever adopted it to reap it. */
    private static boolean running(long pid) throws Exception {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (NoSuchFileException gone) {
            return false;
        }
    }

    @Test
    void aSecondInterruptKillsTheChildrenAtOnce() throws Exception {
        try (TestServer server = TestServer.start(SLEEPY, options -> options.withLimits(1024, 256, 60_000, 60_000))) {
            SlowRequest slow = startSlowRequest(server);
            server.signal(Linux.SIGINT);
            server.awaitOutput("Shutting down (signal 2): waiting up to 60000 ms for 1 connection(s) in flight.");
            server.signal(Linux.SIGINT);
            server.awaitOutput("Interrupted again: killing 1 children now.");
            assertEquals(0, server.awaitExit(Duration.ofSeconds(5)));
            assertEquals("", slow.response().get(), "the killed child closes the connection without an answer");
            assertGoneSoon(slow.child());
        }
    }

    @Test
    void childrenStillServingWhenTheGracePeriodEndsAreKilled() throws Exception {
        try (TestServer server = TestServer.start(SLEEPY, options -> options.withLimits(1024, 256, 60_000, 1000))) {
            SlowRequest slow = startSlowRequest(server);
            server.signal(Linux.SIGTERM);
            assertEquals(0, server.awaitExit(Duration.ofSeconds(6)));
            assertTrue(server.output().contains("Shutting down (signal 15): waiting up to 1000 ms for 1 connection(s) in flight."),
                    server.output());
            assertTrue(server.output().contains("Stopped after 1 connections; every child reaped."), server.output());
            assertEquals("", slow.response().get());
            assertGoneSoon(slow.child());
        }
    }

    @Test
    void childrenDieWithTheParent() throws Exception {
        try (TestServer server = TestServer.start(SLEEPY)) {
            SlowRequest slow = startSlowRequest(server);
            server.signal(Linux.SIGKILL);
            assertEquals(128 + Linux.SIGKILL, server.awaitExit(Duration.ofSeconds(5)));
            assertGoneSoon(slow.child()); // PR_SET_PDEATHSIG: SIGKILL when the parent dies
            assertEquals("", slow.response().get());
        }
    }
}
