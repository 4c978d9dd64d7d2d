package io.github.lsbaws.maven;

import io.github.lsbaws.launcher.ServerProcess;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    private static final Map<Path, ServerProcess> PROCESSES = new ConcurrentHashMap<>();

    static {
        // Maven exiting, normally or after a failure, takes its servers with it, synchronously.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Map.Entry<Path, ServerProcess> entry : PROCESSES.entrySet()) {
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

    static void register(Path stateFile, Server server, ServerProcess process) throws IOException {
        PROCESSES.put(stateFile.toAbsolutePath(), process);
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

    /** The process object when this Maven JVM started the server, else null. */
    static ServerProcess take(Path stateFile) {
        return PROCESSES.remove(stateFile.toAbsolutePath());
    }
}
