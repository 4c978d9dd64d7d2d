package io.github.lsbaws.devservices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lsbaws.supervisor.ReloadRequest;
import io.github.lsbaws.testing.AppCompiler;
import io.github.lsbaws.testing.DatabaseSample;
import io.github.lsbaws.testing.ProcessChecks;
import io.github.lsbaws.testing.RawHttp;
import io.github.lsbaws.testing.TestServer;
import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real forked server whose application keeps its rows in an in-memory H2 database, as its
 * default configuration says: each child writes through the H2 server lsbaws started, the next
 * child reads what it wrote, a warm-up keeps the rows, a reload after an edit starts over, and
 * the H2 server stops with the server.
 */
class DevDatabasesTest {
    private static final String APP = "notes.App";
    private static final String URL = "jdbc:h2:mem:notes;DB_CLOSE_DELAY=-1";

    @TempDir
    Path classes;
    @TempDir
    Path state;

    /** The app: its initialisation drops and fills the table, as schema scripts do; /add inserts, /count counts. */
    @BeforeEach
    void compileApp() throws Exception {
        AppCompiler.compile(classes, APP, """
                package notes;
                import java.sql.*; import java.util.*; import java.util.function.*;
                public class App {
                    static { run("DROP TABLE IF EXISTS note"); run("CREATE TABLE note (id INT AUTO_INCREMENT)"); run("INSERT INTO note VALUES (DEFAULT)"); }
                    public static final BiFunction<Map<String, Object>, BiConsumer<String, List<Map.Entry<String, String>>>,
                            Iterable<byte[]>> app = (environ, start) -> {
                        if (environ.get("PATH_INFO").equals("/slow")) { // a learned page that keeps a warm-up starting a while
                            try { Thread.sleep(3000); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
                        }
                        String body = run(environ.get("PATH_INFO").equals("/add") ? "INSERT INTO note VALUES (DEFAULT)" : null);
                        start.accept("200 OK", List.of(Map.entry("Content-Type", "text/plain")));
                        return List.of(body.getBytes());
                    };
                    static String run(String update) {
                        try (Connection c = DriverManager.getConnection("URL", "sa", ""); Statement s = c.createStatement()) {
                            if (update != null) { s.execute(update); }
                            ResultSet r = s.executeQuery("SELECT COUNT(*) FROM note"); r.next();
                            return "rows=" + r.getLong(1);
                        } catch (SQLException e) { return "no table: " + e.getMessage(); }
                    }
                }
                """.replace("URL", URL));
    }

    private TestServer start(boolean learn) throws Exception {
        return TestServer.start(APP, options -> options.withAppClasspath(List.of(classes.toString(), h2Jar()))
                .withWebApp(null, "", state.toString())
                .withLearnedFile(learn ? state.resolve("learned-requests.txt").toString() : null)
                .withStandby(true));
    }

    private static String h2Jar() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> Path.of(entry).getFileName().toString().matches("h2-[0-9.]+\\.jar"))
                .findFirst().orElseThrow(() -> new AssertionError("no H2 jar on the test classpath"));
    }

    private static String get(TestServer server, String path) throws Exception {
        String response = RawHttp.exchange(server.port(), "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
        return RawHttp.body(response);
    }

    /** What a test does with the served application. */
    @FunctionalInterface
    private interface Use {
        void with(TestServer server) throws Exception;
    }

    /** Serves the app, hands it to use, stops it, and fails if the H2 server the banner named is left. */
    private void serve(boolean learn, Use use) throws Exception {
        long h2;
        try (TestServer server = start(learn)) {
            server.awaitOutput("Database: " + URL + " kept by an H2 server");
            h2 = DatabaseSample.h2ServerPid(server.output());
            use.with(server);
        }
        ProcessChecks.assertGone("the H2 server", List.of(h2), Duration.ofSeconds(10));
    }

    @Test
    void whatAChildWritesTheNextChildReadsAndAnEditStartsOver() throws Exception {
        serve(false, server -> {
            assertEquals("rows=1", get(server, "/count"));
            assertEquals("rows=2", get(server, "/add"));
            assertEquals("rows=3", get(server, "/add"));
            assertEquals("rows=3", get(server, "/count"));
            server.reload(); // as after an edit: the application's initialisation runs again
            server.awaitGeneration(2);
            assertEquals("rows=1", get(server, "/count"));
        });
    }

    @Test
    void aWarmUpKeepsTheRows() throws Exception {
        serve(true, server -> {
            assertEquals("rows=2", get(server, "/add"));
            assertEquals("rows=2", get(server, "/count")); // both learned: a generation replays them, with no edit
            server.awaitOutput("Warmed up: generation 2 serves what the children served");
            assertEquals("rows=2", get(server, "/count"));
            assertEquals("rows=3", get(server, "/add"));
        });
    }

    @Test
    void aBodyEditWhileAWarmUpStartsKeepsTheRows() throws Exception {
        serve(true, server -> {
            assertEquals("rows=1", get(server, "/slow"));
            assertEquals("rows=2", get(server, "/add")); // both learned at once: a warm-up starts, and replays /slow for 3 s
            assertEquals("rows=3", get(server, "/add"));
            awaitScratchCopy(server);
            assertFalse(server.output().contains("Warmed up"), "the edit is to come while the warm-up starts:\n" + server.output());
            server.reload(ReloadRequest.ofChange(System.currentTimeMillis(), 1, 0, List.of(APP))); // method bodies only
            server.awaitGeneration(3);
            assertTrue(server.output().contains("Reloaded in"), "the warm-up starting was replaced:\n" + server.output());
            assertFalse(server.output().contains("Redefined"), server.output());
            assertEquals("rows=3", get(server, "/count"), "the body edit's generation initialised the scratch copy, not the rows");
        });
    }

    @Test
    void aStandbyDeploysAheadOnAScratchCopyAndTheEditsGenerationLoadsTheApplicationAgain() throws Exception {
        serve(false, server -> {
            assertEquals("rows=2", get(server, "/add"));
            assertEquals("rows=3", get(server, "/add"));
            server.awaitOutput("deployed ahead in", Duration.ofSeconds(120)); // the standby ran the class's initialisation: DROP, CREATE, INSERT
            assertEquals(1, rows(server, H2UrlMap.AHEAD_SUFFIX), "the standby's initialisation ran on its own scratch copy");
            assertEquals("rows=3", get(server, "/count"), "and left the rows alone:\n" + server.output());
            server.reload(); // an edit: the standby's deployment, with the classes loaded again
            server.awaitGeneration(2);
            assertEquals("rows=1", get(server, "/count"), "the class's initialisation ran again, on the real database");
        });
    }

    /** The rows of the scratch copy with suffix (on the H2 server the banner names). */
    private static long rows(TestServer server, String suffix) throws Exception {
        try (Connection connection = DriverManager.getConnection(scratchUrl(server, suffix), "sa", "");
             java.sql.ResultSet count = connection.createStatement().executeQuery("SELECT COUNT(*) FROM note")) {
            count.next();
            return count.getLong(1);
        }
    }

    private static String scratchUrl(TestServer server, String suffix) {
        Matcher port = Pattern.compile("tcp://127\\.0\\.0\\.1:(\\d+)").matcher(server.output());
        assertTrue(port.find(), server.output());
        return "jdbc:h2:tcp://127.0.0.1:" + port.group(1) + "/mem:notes" + suffix + ";IFEXISTS=TRUE";
    }

    /** Waits until a warm-up generation has run the application's initialisation on the scratch copy. */
    private static void awaitScratchCopy(TestServer server) throws Exception {
        String scratch = scratchUrl(server, H2UrlMap.WARM_UP_SUFFIX);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try (Connection connection = DriverManager.getConnection(scratch, "sa", "")) {
                return;
            } catch (SQLException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no warm-up generation started within 60 s:\n" + server.output(), notYet);
                }
                Thread.sleep(20);
            }
        }
    }
}
