package io.github.lsbaws.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for a test: Debian's postgresql package's binaries, a cluster made
 * with initdb in a temporary directory, run as the postgres user when the test runs as root,
 * listening on 127.0.0.1 on a free port; started and stopped by its pid (fast shutdown), and
 * checked gone with every process it started.
 */
public final class TestPostgres implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Path bin;
    private final Path directory;
    private final int port;
    private Process postmaster;
    private final java.util.Set<Long> started = new java.util.HashSet<>();

    private TestPostgres(Path bin, Path directory, int port) {
        this.bin = bin;
        this.directory = directory;
        this.port = port;
    }

    /** Why no PostgreSQL can be run here, or null when one can. */
    public static String unavailable() {
        if (binaries() == null) {
            return "no PostgreSQL server binaries (initdb, postgres) on the PATH or in /usr/lib/postgresql/*/bin:"
                    + " apt-get install postgresql";
        }
        if (isRoot() && !new File("/usr/bin/setpriv").canExecute()) {
            return "running as root, and no setpriv to run PostgreSQL as the postgres user";
        }
        return null;
    }

    /** A new cluster (initdb), not started, with a free port chosen for it. */
    public static TestPostgres create() throws Exception {
        Path bin = binaries();
        if (bin == null) {
            throw new IllegalStateException(unavailable());
        }
        Path directory = Files.createTempDirectory("lsbaws-postgres-");
        if (isRoot()) {
            run(List.of("chown", "postgres:postgres", directory.toString()));
        }
        TestPostgres postgres = new TestPostgres(bin, directory, freePort());
        run(postgres.asPostgres(List.of(bin.resolve("initdb").toString(), "-D", directory.resolve("data").toString(),
                "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C")));
        return postgres;
    }

    public int port() {
        return port;
    }

    /** The postmaster's pid, while it runs. */
    public long pid() {
        return postmaster.pid();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Starts the server and waits until it answers a query. */
    public void start() throws Exception {
        if (postmaster != null && postmaster.isAlive()) {
            throw new IllegalStateException("PostgreSQL already runs (pid " + postmaster.pid() + ")");
        }
        postmaster = new ProcessBuilder(asPostgres(List.of(bin.resolve("postgres").toString(),
                "-D", directory.resolve("data").toString(), "-p", Integer.toString(port), "-k", directory.toString(),
                "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=60")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("postgres.log").toFile()))
                .start();
        started.add(postmaster.pid());
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!postmaster.isAlive()) {
                throw new IllegalStateException("PostgreSQL exited at start-up (" + postmaster.exitValue() + "): " + log());
            }
            if (psqlStatus("postgres", "SELECT 1") == 0) {
                postmaster.toHandle().descendants().forEach(p -> started.add(p.pid()));
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("PostgreSQL did not answer within " + START_TIMEOUT + ": " + log());
            }
            Thread.sleep(100);
        }
    }

    /** Fast shutdown (SIGINT to the postmaster, as pg_ctl -m fast): clients are disconnected. Waits until it and its processes are gone. */
    public void stop() throws Exception {
        if (postmaster == null || !postmaster.isAlive()) {
            return;
        }
        postmaster.toHandle().descendants().forEach(p -> started.add(p.pid()));
        run(List.of("kill", "-INT", Long.toString(postmaster.pid())));
        if (!postmaster.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            postmaster.destroyForcibly().waitFor();
            throw new AssertionError("PostgreSQL (pid " + postmaster.pid() + ") did not stop within " + STOP_TIMEOUT + ": killed");
        }
        ProcessChecks.assertGone("PostgreSQL's processes", started, Duration.ofSeconds(10));
    }

    /** Runs SQL with psql against database; fails with psql's output. */
    public String psql(String database, String sql) throws Exception {
        return run(psqlCommand(database, sql));
    }

    private int psqlStatus(String database, String sql) throws Exception {
        Process psql = new ProcessBuilder(psqlCommand(database, sql)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return psql.waitFor();
    }

    private List<String> psqlCommand(String database, String sql) {
        return List.of(bin.resolve("psql").toFile().canExecute() ? bin.resolve("psql").toString() : "psql",
                "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", Integer.toString(port),
                "-U", "postgres", "-d", database, "-c", sql);
    }

    /** Stops the server if it runs and removes its directory. */
    @Override
    public void close() throws Exception {
        try {
            stop();
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private String log() throws IOException {
        Path log = directory.resolve("postgres.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no log)";
    }

    private List<String> asPostgres(List<String> command) {
        if (!isRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=postgres", "--regid=postgres",
                "--init-groups", "--"));
        wrapped.addAll(command);
        return wrapped; // setpriv execs the command: the pid is PostgreSQL's own
    }

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", command) + " did not finish within 120 s: killed");
        }
        if (process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed (" + process.exitValue() + "): " + output);
        }
        return output;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static Path binaries() {
        List<Path> candidates = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            candidates.add(Path.of(dir));
        }
        File[] versions = new File("/usr/lib/postgresql").listFiles();
        if (versions != null) {
            for (File version : versions) {
                candidates.add(version.toPath().resolve("bin"));
            }
        }
        for (Path dir : candidates) {
            if (Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("postgres"))) {
                return dir;
            }
        }
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }
}
