package io.github.lsbaws.testing;

import io.github.lsbaws.testing.samples.Expect;
import io.github.lsbaws.testing.samples.Reply;
import io.github.lsbaws.testing.samples.SampleHttp;
import java.io.File;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks of src/it/servlet-database, a Spring MVC application with a connection pool, a
 * scanning logback, a scheduled task and a repository, served with "mvn lsbaws:serve" as a user
 * does: against its default in-memory H2 (kept by the H2 server lsbaws starts), then against a
 * real PostgreSQL that this starts and stops (skipped, saying why, where PostgreSQL is missing).
 * What a child writes is read by the next child; concurrent requests hold connections of their
 * own, none opened by the parent; data outlives a warm-up, a database restart and an edit.
 */
public final class DatabaseSample {
    private static final Duration RELOAD_TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern H2_SERVER_PID = Pattern.compile("kept by an H2 server \\([^,]+, pid (\\d+),");
    private static final int CONCURRENT = 3;

    private DatabaseSample() {}

    public static void verify(File basedir, File localRepository, String server) throws Exception {
        if (!server.equals("lsbaws")) {
            System.out.println("NOTE: servlet-database is checked with lsbaws:serve only (samples.server=" + server + ")");
            return;
        }
        inMemoryH2(basedir, localRepository);
        String missing = TestPostgres.unavailable();
        if (missing != null) {
            System.out.println("SKIP servlet-database against PostgreSQL: " + missing);
            return;
        }
        postgres(basedir, localRepository);
    }

    private static void inMemoryH2(File basedir, File localRepository) throws Exception {
        long h2Pid;
        try (ServeBuild build = new ServeBuild(basedir, localRepository, "process-classes")) {
            SampleHttp http = new SampleHttp(build.url());
            h2Pid = h2ServerPid(build.awaitLine("Database: jdbc:h2:mem:notes;DB_CLOSE_DELAY=-1 kept by an H2 server",
                    Duration.ofSeconds(10)));
            Expect.that(http, http.get("notes").send()).status(200).textContains("\"welcome\"");
            // the application's pool, which does not take part in CRaC, closed by the server; its cleaner left behind
            build.awaitLine("Connections closed before the first fork, opened by each child for itself: tomcat-jdbc pool",
                    Duration.ofSeconds(10));
            String leftBehind = build.awaitLine("Not in the children", Duration.ofSeconds(10));
            if (!leftBehind.contains("\"Tomcat JDBC Pool Cleaner[")) {
                throw new AssertionError("the pool cleaner is not named as left behind: " + leftBehind);
            }

            long id = addAndRead(http, "written by a child");
            backendsOfTheirOwn(http);
            poolExhaustedSaysSo(http);

            int mark = build.linesSoFar(); // the GETs above are learned: a generation replays them, with no edit
            build.awaitLineAfter(mark, "Warmed up: generation", RELOAD_TIMEOUT);
            Expect.that(http, http.get("notes/" + id).send()).status(200).jsonField("text", "\"written by a child\"");
            restoreFailureIsA500(basedir, http);

            mark = build.linesSoFar();
            edit(basedir.toPath().resolve("src/main/java/com/example/notes/NoteController.java"), "\"first\"", "\"second\"");
            build.awaitLineAfter(mark, "Reloaded in ", RELOAD_TIMEOUT);
            // an edit runs the application's own initialisation again, as a restarted container does
            Expect.that(http, http.get("notes").send()).status(200).jsonField("edition", "\"second\"")
                    .textContains("\"welcome\"");
            Expect.that(http, http.get("notes/" + id).send()).status(404);
            addAndRead(http, "after the edit");
            build.assertNoZombie();
        } finally {
            edit(basedir.toPath().resolve("src/main/java/com/example/notes/NoteController.java"), "\"second\"", "\"first\"");
        }
        ProcessChecks.assertGone("the H2 database server", List.of(h2Pid), Duration.ofSeconds(10));
    }

    private static void postgres(File basedir, File localRepository) throws Exception {
        try (TestPostgres postgres = TestPostgres.create()) {
            String jvmArgs = "-Dlsbaws.jvmArgs=-Dnotes.jdbc.url=" + postgres.jdbcUrl("notes")
                    + " -Dnotes.jdbc.driverClassName=org.postgresql.Driver -Dnotes.jdbc.username=postgres -Dnotes.jdbc.initialize=false";
            try (ServeBuild build = new ServeBuild(basedir, localRepository, "process-classes", jvmArgs)) {
                SampleHttp http = new SampleHttp(build.url());
                // the database is not running: the server started all the same, the request says why
                Expect.that(http, http.get("notes").send()).status(500)
                        .textContains("Connection to 127.0.0.1:" + postgres.port() + " refused");
                postgres.start();
                postgres.psql("postgres", "CREATE DATABASE notes");
                postgres.psql("notes", "CREATE TABLE note (id INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
                        + " text VARCHAR(200) NOT NULL)");
                Expect.that(http, http.get("notes").send()).status(200);
                long id = addAndRead(http, "kept by PostgreSQL");

                // a generation that loads with the database up holds a connection of its own at load
                int mark = build.linesSoFar();
                edit(basedir.toPath().resolve("src/main/java/com/example/notes/NoteController.java"), "\"first\"", "\"second\"");
                build.awaitLineAfter(mark, "Reloaded in ", RELOAD_TIMEOUT);
                Expect.that(http, http.get("notes").send()).status(200).jsonField("edition", "\"second\"");
                backendsOfTheirOwn(http);

                postgres.stop();
                postgres.start();
                Expect.that(http, http.get("notes/" + id).send()).status(200).jsonField("text", "\"kept by PostgreSQL\"");
                poolExhaustedSaysSo(http);
                build.assertNoZombie();
            } finally {
                edit(basedir.toPath().resolve("src/main/java/com/example/notes/NoteController.java"), "\"second\"", "\"first\"");
            }
        }
    }

    /** The pid of the H2 server the banner in output names. */
    public static long h2ServerPid(String output) {
        Matcher banner = H2_SERVER_PID.matcher(output);
        if (!banner.find()) {
            throw new AssertionError("no banner naming the H2 server's pid in:\n" + output);
        }
        return Long.parseLong(banner.group(1));
    }

    /** POST a note, then GET it on another connection (another child); returns its id. */
    private static long addAndRead(SampleHttp http, String text) throws Exception {
        Reply created = Expect.that(http, http.post("notes").form("text", text).send()).status(201).reply();
        long id = number(created, "id");
        Expect.that(http, http.get("notes/" + id).send()).status(200).jsonField("text", '"' + text + '"');
        return id;
    }

    /** Concurrent slow requests: each its own connection to the database, none the one the parent loaded with. */
    private static void backendsOfTheirOwn(SampleHttp http) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CONCURRENT);
        try {
            List<Future<Reply>> replies = new ArrayList<>();
            for (int i = 0; i < CONCURRENT; i++) {
                replies.add(clients.submit(() -> http.get("backend?holdMillis=1500").send()));
            }
            Set<Long> backends = new TreeSet<>();
            Set<Long> pids = new TreeSet<>();
            for (Future<Reply> future : replies) {
                Reply reply = Expect.that(http, future.get()).status(200).reply();
                long backend = number(reply, "backend");
                if (backend == number(reply, "loadedWith")) {
                    Expect.that(http, reply).fail("a connection other than the one the parent opened at load");
                }
                backends.add(backend);
                pids.add(number(reply, "pid"));
            }
            if (backends.size() != CONCURRENT || pids.size() != CONCURRENT) {
                throw new AssertionError(CONCURRENT + " concurrent requests in " + CONCURRENT + " children with "
                        + CONCURRENT + " database connections, got children " + pids + " and connections " + backends);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    /**
     * The application's own CRaC resource fails after a restore: that child answers 500 naming it;
     * the next one serves. The first request after the failure began may be served by the child
     * forked and restored ahead of it, before the failure: the one after it no longer.
     */
    private static void restoreFailureIsA500(File basedir, SampleHttp http) throws Exception {
        Path failing = basedir.toPath().resolve("target/notes-restore-fails");
        Files.writeString(failing, "");
        try {
            Reply first = http.get("notes").send();
            Expect.that(http, first.status() == 200 ? http.get("notes").send() : first).status(500)
                    .textContains("RestoreCheck: ");
        } finally {
            Files.delete(failing);
        }
        Expect.that(http, http.get("notes").send()).status(200);
    }

    private static void poolExhaustedSaysSo(SampleHttp http) throws Exception {
        Expect.that(http, http.get("exhaust").send()).status(500).textContains("Pool empty. Unable to fetch a connection");
        Expect.that(http, http.get("notes").send()).status(200); // the next child has its pool whole
    }

    private static long number(Reply reply, String field) {
        Map<String, Object> body = reply.json();
        if (!(body.get(field) instanceof BigDecimal value)) {
            throw new AssertionError(reply.request() + ": no number " + field + " in " + reply.text());
        }
        return value.longValueExact();
    }

    private static void edit(Path file, String from, String to) throws Exception {
        Files.writeString(file, Files.readString(file).replace(from, to));
    }
}
