package io.github.lsbaws.launcher;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lsbaws.testing.ProcessChecks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What lsbaws:start learns from a server process that does not serve: still starting, or ended. */
class ServerProcessTest {
    @TempDir
    Path directory;

    @Test
    void aServerStillStartingAtTheTimeoutIsToldApartAndSaysHowFarItGot() throws Exception {
        // a deployment that takes longer than the wait: it logs its progress, then works on
        CountDownLatch blankLineRead = new CountDownLatch(1);
        ServerProcess server = ServerProcess.start(List.of("sh", "-c", "echo 'Initialized JPA EntityManagerFactory'; echo; exec sleep 120"),
                directory, line -> {
                    if (line.text().isEmpty()) {
                        blankLineRead.countDown();
                    }
                });
        try {
            assertTrue(blankLineRead.await(60, TimeUnit.SECONDS), "the process's output was not read");
            ServerStartException e = assertThrows(ServerStartException.class, () -> server.awaitReady(Duration.ofSeconds(3)));
            assertInstanceOf(ServerStartTimeoutException.class, e);
            assertTrue(e.getMessage().contains("did not start serving within 3 s; its latest line: Initialized JPA EntityManagerFactory"),
                    e.getMessage());
        } finally {
            server.stop(Duration.ofSeconds(1));
        }
        ProcessChecks.assertGone("the server process", List.of(server.pid()), Duration.ofSeconds(30));
    }

    @Test
    void aServerThatEndsBeforeServingIsAFailureNotATimeout() throws Exception {
        ServerProcess server = ServerProcess.start(List.of("sh", "-c", "echo 'lsbaws: no application found' >&2; exit 3"),
                directory, line -> {});
        ServerStartException e = assertThrows(ServerStartException.class, () -> server.awaitReady(Duration.ofSeconds(60)));
        assertFalse(e instanceof ServerStartTimeoutException, e.getMessage());
        assertTrue(e.getMessage().contains("exited with status 3 before serving:\nno application found"), e.getMessage());
    }
}
