package io.github.lsbaws.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lsbaws.protocol.GenerationRole;
import io.github.lsbaws.server.ServerOptions;
import io.github.lsbaws.supervisor.ReloadRequest;
import io.github.lsbaws.testing.AppCompiler;
import io.github.lsbaws.testing.RawHttp;
import io.github.lsbaws.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** The server JVM's command line fits the Java runtime it runs on: 17 and every later one. */
class ServerJvmTest {
    @TempDir
    Path home;

    private int versionOf(String releaseFile) throws IOException {
        Files.writeString(home.resolve("release"), releaseFile);
        return ServerJvm.featureVersion(home);
    }

    @Test
    void theFeatureVersionIsReadFromTheReleaseFile() throws IOException {
        assertEquals(17, versionOf("IMPLEMENTOR=\"Debian\"\nJAVA_VERSION=\"17.0.15\"\nJAVA_VERSION_DATE=\"2025-04-15\"\n"));
        assertEquals(25, versionOf("JAVA_RUNTIME_VERSION=\"25.0.3+9-LTS\"\nJAVA_VERSION=\"25.0.3\"\n"));
        assertEquals(26, versionOf("JAVA_VERSION=\"26\"\n"));
    }

    @Test
    void anOlderJavaIsRefusedWithWhatWasFound() throws IOException {
        String message = assertThrows(IllegalArgumentException.class, () -> versionOf("JAVA_VERSION=\"1.8.0_392\"\n")).getMessage();
        assertEquals("the server needs Java 17 or later; " + home + " is Java 8 (run Maven with a newer JDK: JAVA_HOME)", message);
    }

    @Test
    void aRuntimeWithoutReleaseFileIsNamed() {
        String message = assertThrows(IllegalArgumentException.class, () -> ServerJvm.featureVersion(home)).getMessage();
        assertEquals("cannot tell which Java version " + home + " is: no readable " + home.resolve("release"), message);
    }

    @Test
    void aFrameworkDeploysWithTheJitASmallApplicationInterpretedUnlessTheUserNamesAMode() throws IOException {
        Path classes = Files.createDirectories(home.resolve("classes"));
        Path small = Files.write(home.resolve("small.jar"), new byte[1000]);
        Path framework = home.resolve("framework.jar");
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(framework.toFile(), "rw")) {
            file.setLength(ServerJvm.JIT_LIBRARY_BYTES); // sparse: the size is what counts
        }
        List<String> smallApp = List.of(classes.toString(), small.toString());
        List<String> frameworkApp = List.of(classes.toString(), small.toString(), framework.toString());
        assertEquals(List.of(ServerJvm.JIT_OFF, "-Xmx1g"), ServerJvm.withJitMode(List.of("-Xmx1g"), smallApp));
        assertEquals(List.of(ServerJvm.JIT_AT_DEPLOYMENT, "-Xmx1g"), ServerJvm.withJitMode(List.of("-Xmx1g"), frameworkApp));
        assertEquals(List.of("-Xmx1g", ServerJvm.JIT_OFF), ServerJvm.withJitMode(List.of("-Xmx1g", ServerJvm.JIT_OFF), frameworkApp));
        assertEquals(List.of(ServerJvm.JIT_AT_DEPLOYMENT), ServerJvm.withJitMode(List.of(ServerJvm.JIT_AT_DEPLOYMENT), smallApp));
        assertEquals(List.of(ServerJvm.JIT_IN_CHILDREN), ServerJvm.withJitMode(List.of(ServerJvm.JIT_IN_CHILDREN), smallApp));
        String message = assertThrows(IllegalArgumentException.class,
                () -> ServerJvm.withJitMode(List.of("-Dlsbaws.jit=c2"), smallApp)).getMessage();
        assertTrue(message.startsWith("-Dlsbaws.jit=c2 is not a JIT mode: -Dlsbaws.jit=deploy (deploy with the JIT"), message);
        Path java = Path.of(System.getProperty("java.home"));
        ServerOptions options = ServerOptions.of("com.example.App:app", frameworkApp);
        List<String> supervisor = ServerJvm.command(java, List.of(), ServerJvm.withJitMode(List.of(), frameworkApp), options);
        assertEquals("-Xint", supervisor.get(1), "the supervisor runs interpreted: it forks only to start JVMs");
        List<String> deploying = generationCommand(supervisor);
        assertFalse(deploying.contains("-Xint"), deploying.toString());
        assertTrue(deploying.contains("-XX:-ProfileInterpreter"), "a child's interpreter writes no profiles: " + deploying);
        assertTrue(deploying.contains("-XX:TieredStopAtLevel=1"), "C1 alone compiles code thrown away at the fork: " + deploying);
        List<String> interpreted = generationCommand(ServerJvm.command(java, List.of(), ServerJvm.withJitMode(List.of(), smallApp), options));
        assertTrue(interpreted.contains("-Xint"), interpreted.toString());
    }

    /** The command line the supervisor starts its generations with. */
    private static List<String> generationCommand(List<String> supervisor) {
        List<byte[]> bytes = supervisor.stream().map(arg -> arg.getBytes(StandardCharsets.UTF_8)).toList();
        return GenerationRole.generationCommand(bytes).stream().map(arg -> new String(arg, StandardCharsets.UTF_8)).toList();
    }

    @Test
    void flagsThatLaterJdksRemovedAreOnlyGivenToOlderOnes() {
        assertTrue(ServerJvm.flags(17).contains("-XX:-UseNotificationThread"));
        assertTrue(ServerJvm.flags(22).contains("-XX:-UseNotificationThread"));
        assertFalse(ServerJvm.flags(25).contains("-XX:-UseNotificationThread"));
        assertFalse(ServerJvm.flags(17).contains("--sun-misc-unsafe-memory-access=allow"));
        assertTrue(ServerJvm.flags(25).contains("--sun-misc-unsafe-memory-access=allow"));
    }

    /** A framework's parent keeps the JDK's symbol and string table sizes; a small application's parent gets small ones. */
    @Test
    void onlyASmallApplicationsParentHasSmallSymbolTables() {
        assertTrue(ServerJvm.flags(17).containsAll(List.of("-XX:StringTableSize=4096", "-XX:SymbolTableSize=8192")));
        List<String> framework = ServerJvm.jitAtDeploymentFlags(17);
        assertTrue(framework.stream().noneMatch(flag -> flag.startsWith("-XX:StringTableSize=")
                || flag.startsWith("-XX:SymbolTableSize=")), framework.toString());
        assertTrue(framework.contains("-XX:+UnlockExperimentalVMOptions"), framework.toString()); // the flags after it need it
    }

    @Test
    void flagsThatLaterJdksAddedAreOnlyGivenToThem() {
        assertFalse(ServerJvm.flags(17).contains("-XX:-AOTReplayTraining"));
        assertFalse(ServerJvm.flags(24).contains("-XX:-AOTReplayTraining"));
        assertTrue(ServerJvm.flags(25).contains("-XX:-AOTReplayTraining"));
    }

    /**
     * A real server on each Java runtime installed beside this test's (/usr/lib/jvm, say),
     * this one included: it starts, answers, prints nothing on standard error (no warning about
     * a flag or about jffi) and leaves nothing running.
     */
    @TestFactory
    Stream<DynamicTest> everyInstalledRuntimeServesWithoutAWarning() throws IOException {
        return TestServer.installedRuntimes().stream().map(javaHome -> DynamicTest.dynamicTest(javaHome.toString(), () -> {
            TestServer server = TestServer.startOn(javaHome, "io.github.lsbaws.testapps.CrashApps:app");
            try (server) {
                String response = RawHttp.exchange(server.port(), "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
                assertEquals("alive", RawHttp.body(response), response);
                assertEquals(0, server.stop(), server.output());
            }
            // Only once the server has exited is its standard error read to the end: a warning may come after the banner.
            assertEquals("", server.errorOutput());
        }));
    }

    /**
     * With reload on, every server JVM starts with the redefinition agent: on each installed
     * runtime the serving parent has the same threads as without it, keeps every fork-safety
     * flag, and redefines an edited class in place (same parent pid, the new text served).
     */
    @TestFactory
    Stream<DynamicTest> theRedefinitionAgentAddsNoThreadAndRedefinesOnEveryInstalledRuntime() throws IOException {
        return TestServer.installedRuntimes().stream().map(javaHome -> DynamicTest.dynamicTest(javaHome.toString(), () -> {
            Path classes = Files.createTempDirectory(home, "classes");
            AppCompiler.compileWsgi(classes, "agent.App", "\"first\"", "");
            List<String> classpath = List.of(classes.toString());
            Set<String> withoutAgent;
            try (TestServer server = TestServer.startOn(javaHome, "agent.App:app", options -> options.withAppClasspath(classpath))) {
                withoutAgent = threadNames(server.pid());
                assertFalse(commandLine(server.pid()).contains("-javaagent:"));
            }
            TestServer server = TestServer.startOn(javaHome, "agent.App:app",
                    options -> options.withAppClasspath(classpath).withStandby(true));
            try (server) {
                long parent = server.pid();
                assertEquals(withoutAgent, threadNames(parent), "the agent starts no thread");
                List<String> commandLine = commandLine(parent);
                assertTrue(commandLine.stream().anyMatch(arg -> arg.startsWith("-javaagent:")), commandLine.toString());
                assertTrue(commandLine.containsAll(ServerJvm.flags(ServerJvm.featureVersion(javaHome))), commandLine.toString());

                AppCompiler.compileWsgi(classes, "agent.App", "\"second\"", "");
                assertTrue(server.reload(ReloadRequest.ofChange(0, 0, 0, List.of("agent.App"))));
                server.awaitOutput("Redefined 1 class in ");
                String response = RawHttp.exchange(server.port(), "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
                assertEquals("second", RawHttp.body(response), response);
                assertEquals(parent, server.pid());
                assertEquals(0, server.stop(), server.output());
            }
            assertEquals("", server.errorOutput(), "no warning about the agent");
        }));
    }

    private static Set<String> threadNames(long pid) throws IOException {
        Set<String> names = new TreeSet<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks) {
                names.add(Files.readString(task.resolve("comm")).strip());
            }
        }
        return names;
    }

    private static List<String> commandLine(long pid) throws IOException {
        return List.of(Files.readString(Path.of("/proc/" + pid + "/cmdline")).split("\0"));
    }
}
