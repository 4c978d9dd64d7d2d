package io.github.lsbaws.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lsbaws.testing.RawHttp;
import io.github.lsbaws.testing.TestServer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * An idle pool worker the parent waits for before its first fork is let go at once, not after
 * its pool's keep-alive time (ten minutes here, longer than the start waits): its pool's
 * keep-alive time is lowered, then given back, so each child's pool is as the application made it.
 */
class IdleWorkersTest {
    @Test
    void theIdleWorkerEndsBeforeTheFirstForkAndEachChildsPoolKeepsItsKeepAlive() throws Exception {
        try (TestServer server = TestServer.start("io.github.lsbaws.testapps.IdleWorkerApp:app")) {
            assertTrue(server.output().contains("for the idle pool worker(s) [idle-worker-app:adder] to end"), server.output());
            assertFalse(server.output().contains("\"idle-worker-app:adder\""),
                    "the worker ended, rather than being left out of the children after the wait:\n" + server.output());
            for (int i = 0; i < 2; i++) {
                String response = RawHttp.exchange(server.port(), "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
                assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
                Matcher answer = Pattern.compile("keepAlive=(\\d+) ran=idle-worker-app:adder in (\\d+)").matcher(RawHttp.body(response));
                assertTrue(answer.find(), response);
                assertEquals("600", answer.group(1), "the pool's own keep-alive time, given back before the first fork");
                assertNotEquals(Long.toString(server.pid()), answer.group(2), "a worker of the child's own ran the task");
            }
        }
    }
}
