package io.github.lsbaws.devservices;

import io.github.lsbaws.natives.ExitStatus;
import io.github.lsbaws.natives.Posix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The supervisor's databases: for an application with H2 on its classpath and in-memory H2
 * URLs, one H2 server process that keeps those databases for the supervisor's whole life, and a
 * URL map per generation that points the application's URLs at it.
 *
 * <p>The data outlives generations, and a generation that takes over with the same code (a
 * learned warm-up, a replacement) must not lose it to the application's own initialisation
 * (schema scripts that drop and create tables): such a generation loads against a scratch copy
 * of each database its predecessors already initialised, and its map is turned to the real
 * databases once it is prepared, before it forks a child. A generation made by an edit
 * initialises the real databases again, as a restarted container would.
 */
public final class DevDatabases {
    /** H2's system property naming its URL map file. */
    static final String URL_MAP_PROPERTY = "h2.urlMap";

    private final Path directory;
    private final H2Server h2;
    /** Every shareable in-memory H2 URL known: found in the application's files or reported by H2. */
    private final Set<String> h2Urls;
    /** Other in-memory URLs H2 reported (a private "jdbc:h2:mem:"), mapped to themselves so that H2 stops adding them. */
    private final Set<String> unmapped = new TreeSet<>();
    /** URLs some prepared generation has initialised on the server. */
    private final Set<String> initialised = new HashSet<>();
    /** For each starting generation (by pid) loading against scratch copies: its map once prepared. */
    private final Map<Integer, Map<String, String>> afterScratch = new HashMap<>();
    /** What the banner says about in-memory databases that stay in each process's memory. */
    private final List<String> warnings;

    private DevDatabases(Path directory, H2Server h2, Set<String> h2Urls, List<String> warnings) {
        this.directory = directory;
        this.h2 = h2;
        this.h2Urls = h2Urls;
        this.warnings = warnings;
    }

    /**
     * Where a supervisor's database files go: under the state directory (target/lsbaws), or
     * beside the learned requests, or in the temporary directory; one directory per supervisor.
     */
    public static Path directory(String stateDir, String learnedFile, int supervisorPid) {
        Path base = stateDir != null ? Path.of(stateDir)
                : learnedFile != null ? Path.of(learnedFile).toAbsolutePath().getParent()
                : Path.of(System.getProperty("java.io.tmpdir"), "lsbaws");
        return base.resolve("database").resolve(Integer.toString(supervisorPid));
    }

    /**
     * Looks at the application's classpath for in-memory databases and, for H2 ones, starts the
     * H2 server from the application's H2 jar, without waiting for it to listen: its port is
     * waited for when a map is first written. Returns databases that do nothing when there is
     * no H2 jar or no H2 in-memory URL. beforeFork is run just before the server process is
     * forked (the supervisor waits there until its JVM's other threads are asleep).
     */
    public static DevDatabases start(List<String> appClasspath, List<Path> applicationFiles, Path directory,
                                     BeforeFork beforeFork) throws IOException {
        Set<String> found = InMemoryUrls.in(applicationFiles);
        Set<String> h2Urls = new TreeSet<>();
        List<String> warnings = new ArrayList<>();
        for (String url : found) {
            if (H2UrlMap.shareable(url)) {
                h2Urls.add(url);
            } else if (url.startsWith("jdbc:hsqldb:mem:")) {
                String name = url.substring("jdbc:hsqldb:mem:".length()).split(";")[0];
                warnings.add(url + " lives in each server parent's memory: what a request writes is lost with its child."
                        + " Serve it from HSQLDB's server (java -cp hsqldb.jar org.hsqldb.server.Server --database.0 mem:"
                        + name + " --dbname.0 " + name + ") and set the URL to jdbc:hsqldb:hsql://127.0.0.1/" + name);
            } else if (url.startsWith("jdbc:derby:memory:")) {
                String name = url.substring("jdbc:derby:memory:".length()).split(";")[0];
                warnings.add(url + " lives in each server parent's memory: what a request writes is lost with its child."
                        + " Serve it from Derby's network server (java -jar derbyrun.jar server start) and set the URL to"
                        + " jdbc:derby://127.0.0.1:1527/memory:" + name + ";create=true");
            }
        }
        Path jar = h2Jar(appClasspath);
        BootEmbeddedDatabase boot = jar == null ? null : BootEmbeddedDatabase.of(appClasspath, applicationFiles);
        String bootUrl = boot == null ? null : boot.url();
        if (bootUrl != null && h2Urls.add(bootUrl)) {
            warnings.add(bootUrl + " is Spring Boot's embedded database, named (spring.datasource.generate-unique-name=false)"
                    + " so that it is kept by the H2 server from the first request on; it starts empty each time lsbaws starts (lsbaws:serve or lsbaws:start)");
        }
        if (jar == null || h2Urls.isEmpty()) {
            return new DevDatabases(directory, null, h2Urls, warnings);
        }
        Files.createDirectories(directory);
        boot.writeEmbeddedDefaults(directory);
        beforeFork.run();
        return new DevDatabases(directory, H2Server.launch(jar, directory), h2Urls, warnings);
    }

    /** What runs just before a process is forked. */
    @FunctionalInterface
    public interface BeforeFork {
        void run() throws IOException;
    }

    /** The application's H2 jar (h2-VERSION.jar), or null. */
    private static Path h2Jar(List<String> appClasspath) {
        for (String entry : appClasspath) {
            Path path = Path.of(entry);
            String name = path.getFileName().toString();
            if (name.startsWith("h2-") && name.endsWith(".jar") && Character.isDigit(name.charAt(3))) {
                return path;
            }
        }
        return null;
    }

    /** Whether a database server runs. */
    public boolean serving() {
        return h2 != null;
    }

    /** What the start-up banner says: where the data lives, how to reset it, what is not shared. */
    public List<String> banner() throws IOException {
        List<String> lines = new ArrayList<>();
        if (h2 != null) {
            lines.add("Database: " + String.join(", ", h2Urls) + " kept by an H2 server (" + h2.jar().getFileName() + ", pid "
                    + h2.pid() + ", tcp://127.0.0.1:" + h2.port() + "), in its memory, shared by every child and generation"
                    + " until lsbaws stops. Reset: stop lsbaws and start it again; a reload after an edit runs the application's own"
                    + " initialisation again, a warm-up does not. Output: " + h2.log());
        }
        for (String warning : warnings) {
            lines.add("lsbaws: " + warning);
        }
        return lines;
    }

    /**
     * Writes the URL map of generation number (server JVM pid) before it loads. With keepData (a
     * generation that takes over without an edit) every database a generation already
     * initialised is mapped to a scratch copy until the generation is prepared.
     */
    public void beforeGeneration(int pid, boolean keepData) throws IOException {
        if (h2 == null) {
            return;
        }
        Map<String, String> map = onServer(url -> keepData && initialised.contains(url) ? H2UrlMap.WARM_UP_SUFFIX : "");
        Map<String, String> real = onServer(url -> "");
        H2UrlMap.write(nextMapFile(directory, pid), map); // the process takes it on "go N": it may be deploying ahead now
        afterScratch.remove(pid);
        if (!map.equals(real)) {
            afterScratch.put(pid, real);
        }
    }

    /**
     * Writes the URL map of a standby (server JVM pid) about to deploy ahead: every database to a
     * scratch copy of its own, so that neither the user's data nor a warm-up's copy is touched.
     * Its map is written again before it becomes a generation ({@link #beforeGeneration}).
     */
    public void beforeDeployingAhead(int pid) throws IOException {
        if (h2 == null) {
            return;
        }
        H2UrlMap.write(mapFile(directory, pid), onServer(url -> H2UrlMap.AHEAD_SUFFIX));
    }

    /**
     * A map of every URL known: the shareable ones to their database on the server, named with
     * suffix(url) ("": the real one), the private ones to themselves (so that H2 stops adding them).
     */
    private Map<String, String> onServer(Function<String, String> suffix) throws IOException {
        Map<String, String> map = new LinkedHashMap<>();
        for (String url : h2Urls) {
            map.put(url, H2UrlMap.onServer(url, h2.port(), suffix.apply(url)));
        }
        for (String url : unmapped) {
            map.put(url, "");
        }
        return map;
    }

    /**
     * Generation number (server JVM pid) is prepared and has not forked: its map now points at
     * the real databases, and the URLs H2 added to it (built at run time) are served from the
     * next generation on. Returns what to log about those.
     */
    public List<String> prepared(int number, int pid) throws IOException {
        if (h2 == null) {
            return List.of();
        }
        Path file = mapFile(directory, pid);
        List<String> messages = new ArrayList<>();
        Set<String> added = new TreeSet<>();
        for (String url : H2UrlMap.urls(file)) {
            if (H2UrlMap.shareable(url) && h2Urls.add(url)) {
                added.add(url);
            } else if (!H2UrlMap.shareable(url) && unmapped.add(url)) {
                messages.add("lsbaws: " + url + " is a private in-memory database (no name): each connection has its own,"
                        + " and what a request writes is lost with its child. Give it a name (jdbc:h2:mem:NAME) to keep it.");
            }
        }
        for (String url : h2Urls) {
            if (!added.contains(url)) {
                initialised.add(url);
            }
        }
        if (!added.isEmpty()) {
            messages.add("lsbaws: the application opened " + String.join(", ", added) + ", not named in its files:"
                    + " generation " + number + " keeps it in its own memory, and what a request writes there is lost with"
                    + " its child; the next generation (a reload, Enter, or a warm-up) has it kept by the H2 server");
        }
        Map<String, String> real = afterScratch.remove(pid);
        if (real != null) {
            for (String url : added) {
                real.put(url, ""); // this generation's parent initialised it in its own memory: not on the server
            }
            H2UrlMap.write(file, real);
        }
        return messages;
    }

    /** If exit is the database server's, what to log about it; otherwise null. */
    public String ended(ExitStatus exit) {
        if (h2 == null || exit.pid() != h2.pid()) {
            return null;
        }
        h2.ended();
        return "lsbaws: the H2 database server (pid " + h2.pid() + ") ended (" + exit.describe() + "); its data is gone and"
                + " requests that use it fail: stop and serve again. Its output: " + h2.log();
    }

    /** Stops the database server and removes its files (once every generation has ended). */
    public void stop() throws IOException {
        if (h2 == null) {
            return;
        }
        try {
            h2.stop();
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /**
     * The URL map file of the server JVM pid. Keyed by process, not by generation number: H2
     * reads the name of its map once per JVM (a static of its own), and a standby opens databases
     * deploying ahead before it knows its number.
     */
    static Path mapFile(Path directory, int pid) {
        return directory.resolve("h2-url-map-" + pid + ".properties");
    }

    /** The map the server JVM pid is to use once it is a generation, written before its "go N". */
    static Path nextMapFile(Path directory, int pid) {
        return directory.resolve("h2-url-map-" + pid + ".next.properties");
    }

    /**
     * In a generation, before the application is loaded: H2 there reads the URL map the
     * supervisor wrote for this process as a generation, if it wrote one.
     */
    public static void useUrlMap(Path directory) {
        Path next = nextMapFile(directory, Posix.pid());
        try {
            if (Files.exists(next)) {
                Files.move(next, mapFile(directory, Posix.pid()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("taking the URL map " + next, e);
        }
        useProcessUrlMap(directory);
    }

    /**
     * This process's URL map as it is now: in a standby deploying ahead, the one written for that
     * ({@link #beforeDeployingAhead}); once {@link #useUrlMap} took it, the generation's.
     */
    public static void useProcessUrlMap(Path directory) {
        Path file = mapFile(directory, Posix.pid());
        if (Files.exists(file)) {
            System.setProperty(URL_MAP_PROPERTY, file.toString());
            try {
                BootEmbeddedDatabase.nameIt(H2UrlMap.urls(file));
                BootEmbeddedDatabase.useEmbeddedDefaults(directory);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("reading the URL map " + file, e);
            }
        }
    }
}
