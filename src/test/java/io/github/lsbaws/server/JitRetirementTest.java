package io.github.lsbaws.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lsbaws.jvm.ServerJvm;
import io.github.lsbaws.testing.RawHttp;
import io.github.lsbaws.testing.TestServer;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A generation started with the JIT (-Dlsbaws.jit=deploy) compiles while it loads the
 * application and retires the JIT before its first fork: its children then load a class that
 * breaks a class-hierarchy dependency of what the parent compiled, call megamorphic sites and
 * run loops hot enough to ask for compilations, and every one of them answers; a child that
 * needed a deoptimisation handshake or a compiler thread would hang until the watchdog killed it.
 */
class JitRetirementTest {
    private static final Pattern RETIRED = Pattern.compile("JIT retired before the first fork in \\d+ ms: (\\d+) compiled method\\(s\\) deoptimised, no compiled method left");
    private static final int CHILDREN = 30;

    private static String get(TestServer server, String path) throws Exception {
        return RawHttp.exchange(server.port(), "GET " + path + " HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
    }

    @Test
    void childrenOfARetiredJitNeverNeedADeoptimisation() throws Exception {
        try (TestServer server = TestServer.start("io.github.lsbaws.testapps.JitApps:app",
                options -> options.withLimits(1024, 256, 5000, 10_000), List.of(ServerJvm.JIT_AT_DEPLOYMENT))) {
            server.awaitOutput("JIT retired before the first fork");
            Matcher retired = RETIRED.matcher(server.output());
            assertTrue(retired.find(), server.output());
            assertTrue(Integer.parseInt(retired.group(1)) > 0, "nothing had been compiled: " + retired.group());
            for (int i = 0; i < CHILDREN; i++) {
                String response = get(server, i % 2 == 0 ? "/circle" : "/");
                assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response + "\n" + server.output());
                assertEquals(i % 2 == 0 ? "333334" : "500000", RawHttp.body(response));
            }
            assertFalse(server.output().contains("exceeded the request timeout"), server.output());
            assertFalse(server.output().contains("ended abnormally"), server.output());
        }
    }

    @Test
    void anInterpretedServerHasNoJitToRetire() throws Exception {
        try (TestServer server = TestServer.start("io.github.lsbaws.testapps.JitApps:app")) {
            assertEquals("333334", RawHttp.body(get(server, "/circle")));
            assertFalse(server.output().contains("JIT retired"), server.output());
        }
    }
}
