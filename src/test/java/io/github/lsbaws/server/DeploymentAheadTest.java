package io.github.lsbaws.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lsbaws.testing.AppCompiler;
import io.github.lsbaws.testing.RawHttp;
import io.github.lsbaws.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A standby's deployment ahead with a real supervised server: the application's output goes to
 * its own file, not to the server's; the application is loaded again after "go N" (its class
 * initialiser runs once more); a deployment ahead that fails says so and the next reload
 * deploys all the same.
 */
class DeploymentAheadTest {
    private static final String APP = "ahead.App:app";

    @TempDir
    Path classes;
    @TempDir
    Path state;

    /**
     * The app answers text; its class initialiser prints a line naming the process and counts
     * itself in the file inits, and throws the second time: the standby's deployment ahead (the
     * first is generation 1's) when failSecond.
     */
    private void compileApp(String text, boolean failSecond) throws Exception {
        Path inits = state.resolve("inits");
        AppCompiler.compileWsgi(classes, "ahead.App", "\"" + text + "\"",
                "System.out.println(\"initialised in \" + ProcessHandle.current().pid());"
                        + " try { java.nio.file.Files.writeString(java.nio.file.Path.of(\"" + inits + "\"), \"x\\n\","
                        + " java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);"
                        + " if (" + failSecond + " && java.nio.file.Files.readAllLines(java.nio.file.Path.of(\"" + inits + "\")).size() == 2)"
                        + " { throw new IllegalStateException(\"told to fail\"); } }"
                        + " catch (java.io.IOException e) { throw new java.io.UncheckedIOException(e); }");
    }

    private TestServer start() throws Exception {
        return TestServer.start(APP, options -> options.withAppClasspath(List.of(classes.toString()))
                .withWebApp(null, "", state.toString()).withStandby(true));
    }

    private static String get(TestServer server) throws Exception {
        String response = RawHttp.exchange(server.port(), "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
        return RawHttp.body(response);
    }

    @Test
    void itsOutputGoesToItsOwnFileAndTheEditsGenerationLoadsTheApplicationAgain() throws Exception {
        compileApp("first", false);
        try (TestServer server = start()) {
            assertEquals("first", get(server));
            server.awaitOutput("deployed ahead in", Duration.ofSeconds(120));
            String standby = between(server.output(), "deployed ahead in", "(standby pid ", ";");
            Path log = state.resolve(DeploymentAhead.LOG);
            assertTrue(server.output().contains("its output: " + log), server.output());
            assertEquals("initialised in " + standby, Files.readString(log).strip(), "the deployment ahead printed to its file");
            assertFalse(server.output().contains("initialised in " + standby), "and not to the server's output:\n" + server.output());

            compileApp("second", false);
            server.reload();
            server.awaitGeneration(2);
            assertEquals("second", get(server), "the standby deployed the classes as they are after the edit");
            assertEquals(Long.parseLong(standby), server.pid(), "generation 2 is the standby that deployed ahead");
            assertTrue(server.output().contains("initialised in " + standby),
                    "the class was initialised again in that JVM, printing to the server's output:\n" + server.output());
        }
    }

    @Test
    void aDeploymentAheadThatFailsIsReportedAndTheNextReloadDeploys() throws Exception {
        compileApp("first", true);
        try (TestServer server = start()) {
            assertEquals("first", get(server));
            server.awaitOutput("ahead for the next reload failed", Duration.ofSeconds(120)); // the second initialisation: the standby's
            assertTrue(server.errorOutput().contains("told to fail"), "the failure names its cause:\n" + server.errorOutput());
            assertEquals("first", get(server), "generation 1 serves on");

            compileApp("second", true); // the third initialisation passes
            server.reload();
            server.awaitGeneration(2);
            assertEquals("second", get(server));
        }
    }

    /** The text of output after the line containing marker, between open and close. */
    private static String between(String output, String marker, String open, String close) {
        int line = output.indexOf(marker);
        assertTrue(line >= 0, output);
        int start = output.indexOf(open, line) + open.length();
        return output.substring(start, output.indexOf(close, start));
    }
}
