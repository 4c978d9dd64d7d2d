package io.github.lsbaws.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lsbaws.testing.RawHttp;
import io.github.lsbaws.testing.TestServer;
import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * With -Dlsbaws.jit=deploy a generation compiles while it loads the application and retires the
 * JIT before its first fork ({@code server.JitRetirement}): its children then load a class that
 * breaks a class-hierarchy dependency of what the parent compiled, call a megamorphic site and
 * run a loop hot enough to ask for compilations, and every one answers. Without the retirement
 * each such child hangs in VMThread::execute, waiting for a VM thread it does not have, until the
 * watchdog kills it (docs/performance.md).
 */
class JitAtDeploymentTest {
    private static final Pattern RETIRED = Pattern.compile(
            "JIT retired before the first fork in \\d+ ms: (\\d+) compiled method\\(s\\) deoptimised, [^;]+");
    private static final String APP = "io.github.lsbaws.testapps.JitApps:app";
    private static final int CHILDREN = 30;

    private static String get(TestServer server, String path) throws Exception {
        return RawHttp.exchange(server.port(), "GET " + path + " HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
    }

    /** On this test's Java runtime and every other one installed beside it (17, 25...). */
    @TestFactory
    Stream<DynamicTest> childrenOfARetiredJitNeverNeedADeoptimisation() throws IOException {
        return onEveryRuntime(APP, "no compiled method left");
    }

    /**
     * A thread of the application parked in a compiled frame keeps that method (with its
     * class-hierarchy dependency) in the code cache, marked and not entrant: a child that breaks
     * the dependency finds it already deoptimised and asks for no handshake.
     */
    @TestFactory
    Stream<DynamicTest> aMethodKeptByAParkedThreadNeedsNoHandshakeInAChild() throws IOException {
        return onEveryRuntime("io.github.lsbaws.testapps.JitParkedApps:app", "still on a thread's stack");
    }

    private static Stream<DynamicTest> onEveryRuntime(String app, String codeLeft) throws IOException {
        return TestServer.installedRuntimes().stream().map(javaHome -> DynamicTest.dynamicTest(javaHome.toString(), () -> {
            try (TestServer server = TestServer.startOn(javaHome, app, options -> options.withLimits(1024, 256, 5000, 10_000),
                    List.of(ServerJvm.JIT_AT_DEPLOYMENT))) {
                // the generation's line, which compiled while it loaded the application; the supervisor ran interpreted
                Matcher retired = RETIRED.matcher(server.output());
                assertTrue(retired.find(), server.output());
                String line = retired.group();
                int deoptimised = Integer.parseInt(retired.group(1));
                assertFalse(retired.find(), "one JIT retired, the generation's: " + server.output());
                System.out.println(javaHome + ": " + line);
                assertTrue(deoptimised > 0, "nothing had been compiled: " + line);
                assertTrue(line.contains(codeLeft), line);
                for (int i = 0; i < CHILDREN; i++) {
                    String response = get(server, i % 2 == 0 ? "/circle" : "/");
                    assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response + "\n" + server.output());
                    assertEquals(i % 2 == 0 ? "333334" : "500000", RawHttp.body(response));
                }
                assertFalse(server.output().contains("exceeded the request timeout"), server.output());
                assertFalse(server.output().contains("ended abnormally"), server.output());
                assertEquals(0, server.stop(), server.output());
                assertFalse(server.output().contains("NoSuchMethodError"), server.output()); // HotSpot's warnings, silenced
            }
        }));
    }

    @Test
    void anInterpretedServerHasNoJitToRetire() throws Exception {
        try (TestServer server = TestServer.start(APP)) {
            assertEquals("333334", RawHttp.body(get(server, "/circle")));
            assertFalse(server.output().contains("JIT retired"), server.output());
        }
    }
}
