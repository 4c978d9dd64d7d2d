package io.github.lsbaws.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lsbaws.testing.RawHttp;
import io.github.lsbaws.testing.TestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * With -Dlsbaws.jit=children a generation's children run the code the parent compiled ({@code
 * server.CompiledChildren}). On every installed runtime: children that run compiled code bound
 * by class-hierarchy analysis, load a second subclass of an abstract class whose calls C1 left
 * virtual, patch a compiled reference to a class first loaded in the child,
 * and turn a thousand inline caches megamorphic all answer, none killed. The hazard it does not
 * remove, asserted as measured: a child loading a class that breaks a dependency of the kept code
 * hangs in the deoptimisation handshake until the watchdog kills it, and the server serves on.
 * And on JDK 22 and earlier, with the JVM's default inline-cache buffer, a child turning a
 * thousand caches megamorphic runs out of transition stubs and hangs the same way.
 */
class CompiledChildrenTest {
    private static final Pattern STOPPED = Pattern.compile(
            "JIT stopped before the first fork in \\d+ ms: (\\d+) compiled method\\(s\\) kept for the children");
    private static final String APP = "io.github.lsbaws.testapps.JitChildApps:app";
    private static final int ROUNDS = 10;
    private static final long REQUEST_TIMEOUT_MILLIS = 5000;
    private static final String KILLED = "exceeded the request timeout";

    private static String get(TestServer server, String path) throws Exception {
        return RawHttp.exchange(server.port(), "GET " + path + " HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
    }

    private static TestServer start(Path javaHome, List<String> moreJvmArgs) throws Exception {
        List<String> jvmArgs = new ArrayList<>(List.of(ServerJvm.JIT_IN_CHILDREN));
        jvmArgs.addAll(moreJvmArgs);
        TestServer server = TestServer.startOn(javaHome, APP,
                options -> options.withLimits(1024, 256, REQUEST_TIMEOUT_MILLIS, 10_000), jvmArgs);
        try {
            Matcher stopped = STOPPED.matcher(server.output());
            assertTrue(stopped.find(), server.output()); // the generation's line (the supervisor retires its JIT)
            System.out.println(javaHome + ": " + stopped.group());
            assertTrue(Integer.parseInt(stopped.group(1)) > 0, "nothing was kept: " + stopped.group());
            return server;
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    @TestFactory
    Stream<DynamicTest> childrenRunTheParentsCompiledCodeAndOnlyADependencyBrokenInAChildHangs() throws IOException {
        return TestServer.installedRuntimes().stream().map(javaHome -> DynamicTest.dynamicTest(javaHome.toString(), () -> {
            try (TestServer server = start(javaHome, List.of())) {
                for (int i = 0; i < ROUNDS; i++) {
                    assertAnswers(server, "/", "500000");
                    assertAnswers(server, "/rare", "7");
                    assertAnswers(server, "/megamorphic", "10000");
                    assertAnswers(server, "/circle", "333334"); // C1 bound no call of the abstract Shape.area
                }
                assertFalse(server.output().contains(KILLED), server.output());
                assertFalse(server.output().contains("ended abnormally"), server.output());

                assertEquals("", get(server, "/override"), "a child that breaks a dependency of the kept code hangs");
                server.awaitOutput(KILLED);
                System.out.println(javaHome + ": " + server.output().lines().filter(line -> line.contains(KILLED))
                        .findFirst().orElseThrow());
                assertAnswers(server, "/", "500000"); // the next child is forked from the same parent, unharmed
                assertEquals(0, server.stop(), server.output());
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> withTheDefaultInlineCacheBufferAChildRunsOutOfStubsOnJdk22AndEarlier() throws IOException {
        return TestServer.installedRuntimes().stream().filter(javaHome -> ServerJvm.featureVersion(javaHome) < 23)
                .map(javaHome -> DynamicTest.dynamicTest(javaHome.toString(), () -> {
                    try (TestServer server = start(javaHome, List.of("-XX:InlineCacheBufferSize=10k"))) {
                        assertAnswers(server, "/rare", "7");
                        assertEquals("", get(server, "/megamorphic"), "a thousand transitions need more than 10 KB of stubs");
                        server.awaitOutput(KILLED);
                        System.out.println(javaHome + ": " + server.output().lines().filter(line -> line.contains(KILLED))
                                .findFirst().orElseThrow());
                        assertEquals(0, server.stop(), server.output());
                    }
                }));
    }

    private static void assertAnswers(TestServer server, String path, String body) throws Exception {
        String response = get(server, path);
        assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), path + ": " + response + "\n" + server.output());
        assertEquals(body, RawHttp.body(response), path);
    }
}
