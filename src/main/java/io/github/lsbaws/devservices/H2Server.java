package io.github.lsbaws.devservices;

import io.github.lsbaws.natives.ExitStatus;
import io.github.lsbaws.natives.Linux;
import io.github.lsbaws.natives.Posix;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * H2's TCP server (org.h2.tools.Server from the application's own H2 jar) as a process of its own,
 * started by the supervisor and stopped by its pid: the in-memory databases it serves outlive
 * every generation and child. It listens on a free port of 127.0.0.1 and creates a database at
 * its first connection (-ifNotExists), as the embedded engine does.
 */
final class H2Server {
    private static final Pattern LISTENING = Pattern.compile("TCP server running at tcp://[^\\s:]+:(\\d+)");
    private static final long START_TIMEOUT_MILLIS = 60_000;

    private final int pid;
    /** The port it listens on, once read from its output; 0 before. */
    private int port;
    private final Path jar;
    private final Path log;
    private final String command;
    /** When it was launched (nanoTime): it has START_TIMEOUT_MILLIS from then to listen. */
    private final long launched = System.nanoTime();
    private boolean running = true;

    private H2Server(int pid, Path jar, Path log, String command) {
        this.pid = pid;
        this.jar = jar;
        this.log = log;
        this.command = command;
    }

    /**
     * Starts the server from jar, its output in directory/h2-server.log, without waiting for it:
     * its JVM starts while the first generation's does, and {@link #port} waits until it listens.
     */
    static H2Server launch(Path jar, Path directory) throws IOException {
        Path log = directory.resolve("h2-server.log");
        Files.deleteIfExists(log);
        Files.createFile(log);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dh2.bindAddress=127.0.0.1",
                "-cp", jar.toString(), "org.h2.tools.Server", "-tcp", "-tcpPort", "0", "-ifNotExists"));
        List<byte[]> args = new ArrayList<>();
        for (String arg : command) {
            args.add(arg.getBytes(StandardCharsets.UTF_8));
        }
        int input = Posix.openForReading("/dev/null");
        int output = Posix.openForAppending(log.toString());
        int pid;
        try {
            pid = Posix.spawn(command.get(0), args, input, output);
        } finally {
            Posix.close(input);
            Posix.close(output);
        }
        return new H2Server(pid, jar, log, String.join(" ", command));
    }

    int pid() {
        return pid;
    }

    /**
     * The port it listens on: the first call waits until its output says it listens, up to
     * {@value #START_TIMEOUT_MILLIS} ms from its launch; it fails if the server ended or did not
     * listen by then (killed).
     */
    int port() throws IOException {
        while (port == 0) {
            Matcher listening = LISTENING.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (listening.find()) {
                port = Integer.parseInt(listening.group(1));
                break;
            }
            ExitStatus exit = Posix.reapIfEnded(pid); // this process only: a generation may be starting beside it
            if (exit != null) {
                running = false;
                throw new IOException("the H2 database server (" + command + ") ended at start-up (" + exit.describe()
                        + "): " + Files.readString(log, StandardCharsets.UTF_8).strip());
            }
            if (System.nanoTime() - launched - START_TIMEOUT_MILLIS * 1_000_000 > 0) {
                stop();
                throw new IOException("the H2 database server (pid " + pid + ") did not listen within " + START_TIMEOUT_MILLIS
                        + " ms; its output, " + log + ": " + Files.readString(log, StandardCharsets.UTF_8).strip());
            }
            sleep();
        }
        return port;
    }

    Path jar() {
        return jar;
    }

    Path log() {
        return log;
    }

    /** This process was reaped (it ended by itself). */
    void ended() {
        running = false;
    }

    /**
     * Kills the server (its databases are in memory: nothing to save) and reaps it, within a
     * bound. Called once every generation has ended, or when it did not listen in time.
     */
    void stop() throws IOException {
        if (!running) {
            return;
        }
        Posix.kill(pid, Linux.SIGKILL);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() - deadline < 0) {
            if (Posix.reapIfEnded(pid) != null) {
                running = false;
                return;
            }
            sleep();
        }
        throw new IOException("the H2 database server (pid " + pid + ") was killed but not reaped within 10 s");
    }

    private static void sleep() throws IOException {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the H2 database server", e);
        }
    }
}
