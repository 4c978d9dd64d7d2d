package io.github.lsbaws.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lsbaws.testing.ProcessChecks;
import io.github.lsbaws.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Which pid of a state file is still a server: lsbaws:start refuses a second start only then,
 * and lsbaws:stop signals only then.
 */
class RunningServersTest {
    private static RunningServers.Server recorded(long pid) {
        return new RunningServers.Server("it", pid, 1, "http://127.0.0.1:1/", Path.of("it.log"), Duration.ofSeconds(1));
    }

    @Test
    void aServerStillRunningIsFoundByItsPid() throws Exception {
        long supervisor;
        try (TestServer server = TestServer.start("io.github.lsbaws.testapps.ProtocolApps:app")) {
            supervisor = server.supervisorPid();
            Optional<ProcessHandle> running = RunningServers.running(recorded(supervisor));
            assertTrue(running.isPresent(), "the supervisor " + supervisor + " was not recognised");
            assertEquals(supervisor, running.get().pid());
        }
        ProcessChecks.assertGone("the server", List.of(supervisor), Duration.ofSeconds(60));
        assertTrue(RunningServers.running(recorded(supervisor)).isEmpty(), "a server that ended is still found");
    }

    @Test
    void aPidNowHeldByAnotherProgramIsNoServer() throws Exception {
        Process other = new ProcessBuilder("sleep", "60").start(); // as if the system had given the pid away
        try {
            assertTrue(RunningServers.running(recorded(other.pid())).isEmpty());
        } finally {
            other.destroy();
            assertTrue(other.waitFor(30, TimeUnit.SECONDS), "sleep " + other.pid() + " did not end");
        }
    }
}
