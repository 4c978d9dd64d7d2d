package io.github.lsbaws.maven;

import io.github.lsbaws.jvm.ServerMain;
import io.github.lsbaws.launcher.ServerProcess;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Servers started by {@code lsbaws:start}, for {@code lsbaws:stop}: the live process objects of
 * this Maven JVM (whose standard-input pipes keep the servers alive; when Maven exits they close
 * and the servers shut down), and a state file per server under target/lsbaws for a stop run by
 * another Maven invocation.
 */
final class RunningServers {
    /** A started server as its state file records it. */
    record Server(String name, long pid, int port, String url, Path log, Duration grace) {}

    /** A server this Maven JVM started, and what reloads it (null when it is not reloaded). */
    record Live(ServerProcess process, AutoCloseable reloading) {
        /** Stops reloading, then the server; returns its exit status. */
        int stop(Duration grace) throws InterruptedException {
            if (reloading != null) {
                try {
                    reloading.close();
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    // the watch was closing anyway; the server is what matters
                }
            }
            return process.stop(grace);
        }
    }

    private static final Map<Path, Live> PROCESSES = new ConcurrentHashMap<>();

    static {
        // Maven exiting, normally or after a failure, takes its servers with it, synchronously.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Map.Entry<Path, Live> entry : PROCESSES.entrySet()) {
                try {
                    entry.getValue().stop(Duration.ofSeconds(10));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }, "lsbaws-stop-servers"));
    }

    private RunningServers() {}

    static Path stateFile(Path stateDirectory, String name) {
        return stateDirectory.resolve(name + ".properties");
    }

    static void register(Path stateFile, Server server, Live live) throws IOException {
        PROCESSES.put(stateFile.toAbsolutePath(), live);
        Properties properties = new Properties();
        properties.setProperty("name", server.name());
        properties.setProperty("pid", Long.toString(server.pid()));
        properties.setProperty("port", Integer.toString(server.port()));
        properties.setProperty("url", server.url());
        properties.setProperty("log", server.log().toString());
        properties.setProperty("graceMillis", Long.toString(server.grace().toMillis()));
        Files.createDirectories(stateFile.getParent());
        try (Writer out = Files.newBufferedWriter(stateFile)) {
            properties.store(out, "lsbaws:start state, read by lsbaws:stop");
        }
    }

    /** The state files in the directory (only name's, when name is given). */
    static List<Path> stateFiles(Path stateDirectory, String name) throws IOException {
        if (name != null) {
            Path file = stateFile(stateDirectory, name);
            return Files.exists(file) ? List.of(file) : List.of();
        }
        if (!Files.isDirectory(stateDirectory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(stateDirectory)) {
            return new ArrayList<>(files.filter(f -> f.toString().endsWith(".properties")).sorted().toList());
        }
    }

    static Server read(Path stateFile) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(stateFile)) {
            properties.load(in);
        }
        return new Server(properties.getProperty("name"), Long.parseLong(properties.getProperty("pid")),
                Integer.parseInt(properties.getProperty("port")), properties.getProperty("url"),
                Path.of(properties.getProperty("log")), Duration.ofMillis(Long.parseLong(properties.getProperty("graceMillis"))));
    }

    /**
     * The server's process while it runs: its pid alive and running lsbaws's server (not a pid
     * the system has since given to another program). Empty once it has ended. Its command line
     * is read whole from /proc: ProcessHandle.Info cuts it at a page, before the main class when
     * the classpath is long.
     */
    static Optional<ProcessHandle> running(Server server) {
        return ProcessHandle.of(server.pid()).filter(h -> commandLine(h.pid()).contains(ServerMain.class.getName()));
    }

    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return ""; // it has ended
        }
    }

    /** The live server when this Maven JVM started it, else null. */
    static Live take(Path stateFile) {
        return PROCESSES.remove(stateFile.toAbsolutePath());
    }
}
