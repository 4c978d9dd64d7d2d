package io.github.lsbaws.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lsbaws.testing.RawHttp;
import io.github.lsbaws.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An application that throws, exits, overflows its stack, runs out of memory or gets a SIGSEGV
 * takes down its own child only: the client gets a 500 or a closed connection, the parent logs
 * what happened and serves the next request.
 */
class CrashIsolationTest {
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start("io.github.lsbaws.testapps.CrashApps:app", options -> options.withLimits(1024, 256, 3000, 10_000));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static String get(String path) throws Exception {
        return RawHttp.exchange(server.port(), "GET " + path + " HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
    }

    private static void assertStillServing() throws Exception {
        assertEquals("alive", RawHttp.body(get("/")));
    }

    @Test
    void systemExitIsA500AndEndsOnlyTheChild() throws Exception {
        assertTrue(get("/exit").startsWith("HTTP/1.1 500 Internal Server Error\r\n"));
        server.awaitOutput("the application called System.exit while serving \"GET /exit HTTP/1.1\"");
        server.awaitOutput("ended abnormally: exit status 3");
        assertStillServing();
    }

    @Test
    void stackOverflowIsA500() throws Exception {
        assertTrue(get("/overflow").startsWith("HTTP/1.1 500 Internal Server Error\r\n"));
        server.awaitOutput("application error while serving \"GET /overflow HTTP/1.1\":\njava.lang.StackOverflowError");
        assertStillServing();
    }

    @Test
    void outOfMemoryEndsInTheWatchdog() throws Exception {
        // Filling eden needs a collection, which a forked child cannot run: it stalls until the request timeout.
        assertEquals("", get("/oom"));
        server.awaitOutput("exceeded the request timeout of 3000 ms: killed (SIGKILL); it was in state");
        assertStillServing();
    }

    @Test
    void segmentationFaultClosesTheConnectionAndIsLogged() throws Exception {
        assertEquals("", get("/segv"));
        server.awaitOutput("ended abnormally: signal");
        assertStillServing();
    }
}
