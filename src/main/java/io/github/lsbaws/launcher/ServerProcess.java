package io.github.lsbaws.launcher;

import io.github.lsbaws.natives.Posix;
import io.github.lsbaws.protocol.ServingLine;
import io.github.lsbaws.protocol.Signals;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server JVM started by a Maven goal or a test: its output is passed on line by line, its
 * banner tells when it serves and where, and it is stopped through its standard input (closing
 * it starts a graceful shutdown, and happens by itself if this JVM dies), then by signals.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Pattern BANNER = Pattern.compile(
            "Serving (.+) on (http://\\S+/) \\(generation \\d+: parent pid (\\d+); supervisor pid (\\d+)\\)");
    /** The banner, a reload's line, or another generation's: which generation serves and its parent's pid. */
    private static final Pattern GENERATION = Pattern.compile("[Gg]eneration (\\d+)\\b.*?\\bparent pid (\\d+)");
    private static final int KEPT_LINES = 60;

    /** One line of server output; error is true for standard error. */
    public record Line(String text, boolean error) {}

    private final Process process;
    private final Deque<String> lastErrors = new ArrayDeque<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    /** Counted down by the banner or, with the standard output inherited, by {@link ServingLine#LINE}. */
    private final CountDownLatch serving = new CountDownLatch(1);
    private final List<Thread> pumps = new ArrayList<>();
    private volatile URI url;
    private volatile long serverPid;
    private volatile long parentPid;
    private volatile int generation;
    /** The server's latest line on standard output: how far a start that is taking long has got. */
    private volatile String lastOutputLine;
    private final List<Long> generationPids = new java.util.concurrent.CopyOnWriteArrayList<>();

    private ServerProcess(Process process, Consumer<Line> output, boolean outputInherited) {
        this.process = process;
        if (!outputInherited) {
            pumps.add(pump(process.getInputStream(), false, output));
        }
        pumps.add(pump(process.getErrorStream(), true, output));
    }

    /** Starts the command (a {@code ServerJvm} command with --watch-stdin) in directory. */
    public static ServerProcess start(List<String> command, Path directory, Consumer<Line> output) throws IOException {
        return start(command, directory, Map.of(), output);
    }

    /** The same with variables added to its environment. */
    public static ServerProcess start(List<String> command, Path directory, Map<String, String> environment,
                                      Consumer<Line> output) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().putAll(environment);
        return new ServerProcess(startWithSignalsBlocked(builder), output, false);
    }

    /**
     * Starts the command with this JVM's standard output as its own: its banner and access log
     * (a line per request) reach the console without this JVM reading and printing each line,
     * which cost it some 40 us per request. Only its standard error is passed to output; its
     * banner is not seen, so {@link #awaitReady} cannot be used.
     */
    public static ServerProcess startWithInheritedOutput(List<String> command, Path directory, Consumer<Line> errors)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectOutput(ProcessBuilder.Redirect.INHERIT);
        return new ServerProcess(startWithSignalsBlocked(builder), errors, true);
    }

    /**
     * Starts the server JVM with the signals it handles blocked, as it must run (ProcessSetup):
     * the mask of the thread that starts a process is inherited, so every thread of the new JVM
     * is born with them blocked and it need not re-execute itself to get there.
     */
    private static Process startWithSignalsBlocked(ProcessBuilder builder) throws IOException {
        try (Posix.SavedSignalMask unblocked = Posix.blockWhileOpen(Signals.HANDLED)) {
            return builder.start();
        }
    }

    private Thread pump(InputStream stream, boolean error, Consumer<Line> output) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (error && line.equals(ServingLine.LINE)) {
                        serving.countDown(); // the supervisor's word for this JVM, not the user's
                        continue;
                    }
                    if (error) {
                        synchronized (lastErrors) {
                            lastErrors.addLast(line);
                            if (lastErrors.size() > KEPT_LINES) {
                                lastErrors.removeFirst();
                            }
                        }
                    } else {
                        if (!line.isBlank()) {
                            lastOutputLine = line;
                        }
                        noteGeneration(line);
                    }
                    output.accept(new Line(line, error));
                }
            } catch (IOException e) {
                // The server's end of the pipe closed: it exited.
            }
        }, "lsbaws-output-" + (error ? "err" : "out"));
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void noteGeneration(String line) {
        Matcher generationLine = GENERATION.matcher(line);
        if (!generationLine.find()) {
            return;
        }
        generation = Integer.parseInt(generationLine.group(1));
        parentPid = Long.parseLong(generationLine.group(2));
        generationPids.add(parentPid);
        Matcher banner = BANNER.matcher(line);
        if (url == null && banner.find()) {
            url = URI.create(banner.group(2));
            serverPid = Long.parseLong(banner.group(4));
            ready.countDown();
            serving.countDown();
        }
    }

    /**
     * Waits until the first generation serves, up to timeout; true if it does. Unlike
     * {@link #awaitReady}, this works when the server's standard output is inherited.
     */
    public boolean awaitServing(Duration timeout) throws InterruptedException {
        return serving.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Waits until the server prints its banner.
     *
     * @return the base URL the server answers on
     * @throws ServerStartException when it exits first (with its own error lines), or a
     *         {@link ServerStartTimeoutException} when it is still starting at the end of timeout
     */
    public URI awaitReady(Duration timeout) throws ServerStartException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.await(50, TimeUnit.MILLISECONDS)) {
            if (!process.isAlive()) {
                joinPumps();
                throw new ServerStartException("the server exited with status " + process.exitValue()
                        + " before serving:\n" + errorOutput());
            }
            if (System.nanoTime() - deadline > 0) {
                String last = lastOutputLine;
                throw new ServerStartTimeoutException("the server did not start serving within " + timeout.toSeconds() + " s"
                        + (last == null ? "" : "; its latest line: " + last.strip())
                        + (errorOutput().isEmpty() ? "" : ":\n" + errorOutput()));
            }
        }
        return url;
    }

    /** The lines the server wrote to standard error that say why it failed ("lsbaws: ..."), else its last ones. */
    public String errorOutput() {
        synchronized (lastErrors) {
            List<String> reasons = new ArrayList<>();
            boolean inReason = false;
            for (String line : lastErrors) {
                inReason = line.contains("lsbaws: ") || (inReason && !line.startsWith("["));
                if (inReason) {
                    reasons.add(line.substring(line.indexOf("lsbaws: ") >= 0 ? line.indexOf("lsbaws: ") + 8 : 0));
                }
            }
            return String.join("\n", reasons.isEmpty() ? lastErrors : reasons);
        }
    }

    /** The process started (the server JVM, or a build that runs one). */
    public long pid() {
        return process.pid();
    }

    /**
     * The server's pid as its banner gives it: the supervisor, which stays while generations come
     * and go (the launched process may be a build running it).
     */
    public long serverPid() {
        return serverPid;
    }

    /** The parent that forks the children now: the serving generation's, as the latest line about one gave it. */
    public long parentPid() {
        return parentPid;
    }

    /** The number of the serving generation, as the latest line about one gave it. */
    public int generation() {
        return generation;
    }

    /** The parent pid of every generation the server announced. */
    public List<Long> generationPids() {
        return List.copyOf(generationPids);
    }

    /**
     * Asks the server for a new generation with the classes as they are now (a line on its
     * standard input). False when the server no longer reads it.
     */
    public boolean reload(io.github.lsbaws.supervisor.ReloadRequest request) {
        try {
            java.io.OutputStream in = process.getOutputStream();
            synchronized (in) {
                in.write((request.toCommand() + "\n").getBytes(StandardCharsets.UTF_8));
                in.flush();
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Blocks until the server exits; returns its exit status. */
    public int waitFor() throws InterruptedException {
        int status = process.waitFor();
        joinPumps();
        return status;
    }

    /** Waits up to timeout for the server to exit; returns its exit status, or -1 while it runs. */
    public int waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? waitFor() : -1;
    }

    /**
     * Graceful stop: end of standard input and SIGTERM (either starts the server's graceful
     * shutdown; SIGTERM also stops a build running it), then SIGKILL if it outlives grace.
     *
     * @param grace how long connections in flight may take to finish
     * @return the exit status
     */
    public int stop(Duration grace) throws InterruptedException {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // Already closed: the server is on its way out.
        }
        // Through the handle: Process.destroy() would also close the output pipes, losing the last lines.
        process.toHandle().destroy();
        if (!process.waitFor(grace.plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS)) {
            process.toHandle().destroyForcibly();
        }
        return waitFor();
    }

    private void joinPumps() throws InterruptedException {
        for (Thread pump : pumps) {
            pump.join(2000);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(10));
        }
    }
}
