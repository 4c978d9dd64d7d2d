package io.github.lsbaws.testing;

import io.github.lsbaws.jvm.ServerJvm;
import io.github.lsbaws.launcher.ServerProcess;
import io.github.lsbaws.natives.Posix;
import io.github.lsbaws.server.ServerOptions;
import io.github.lsbaws.servlet.jsp.JspFiles;
import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A real forking server JVM on a free port, running an application from the test classpath.
 * Closing it stops the server and fails unless every process it started is gone and the port
 * is free again.
 */
public final class TestServer implements AutoCloseable {
    private static final Pattern CHILD_PID = Pattern.compile(" pid=(\\d+)$");

    private final ServerProcess process;
    private final List<ServerProcess.Line> lines = new CopyOnWriteArrayList<>();
    private final Set<Long> childPids = ConcurrentHashMap.newKeySet();
    private final Set<Long> seen = ConcurrentHashMap.newKeySet();
    private final int port;
    private boolean stopped;

    private TestServer(Path javaHome, String app, UnaryOperator<ServerOptions> tuning, List<String> jvmArgs,
                       Map<String, String> environment) throws Exception {
        ServerOptions options = tuning.apply(ServerOptions.of(app, List.of()).withAddress("127.0.0.1", 0).withWatchStdin(true));
        // as the Mojos launch it: the JSP engine's jars only for a web application with JSP, which no test server serves
        List<String> classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !JspFiles.isEngineJar(entry)).toList();
        List<String> command = ServerJvm.command(javaHome, classpath, jvmArgs, options);
        process = ServerProcess.start(command, Path.of("."), environment, line -> {
            lines.add(line);
            Matcher pid = CHILD_PID.matcher(line.text());
            if (pid.find()) {
                childPids.add(Long.parseLong(pid.group(1)));
            }
        });
        try {
            port = process.awaitReady(Duration.ofSeconds(60)).getPort();
        } catch (Exception | Error e) {
            process.stop(Duration.ofSeconds(5)); // nothing may outlive a test, not even a server that never started
            throw e;
        }
    }

    public static TestServer start(String app) throws Exception {
        return start(app, options -> options);
    }

    public static TestServer start(String app, UnaryOperator<ServerOptions> tuning) throws Exception {
        return start(app, tuning, List.of());
    }

    /** With extra options for the server JVM (diagnostics such as -Xlog). */
    public static TestServer start(String app, UnaryOperator<ServerOptions> tuning, List<String> jvmArgs) throws Exception {
        return new TestServer(Path.of(System.getProperty("java.home")), app, tuning, jvmArgs, Map.of());
    }

    /** With variables added to the server's environment (LD_PRELOAD, say). */
    public static TestServer startWithEnvironment(String app, Map<String, String> environment) throws Exception {
        return new TestServer(Path.of(System.getProperty("java.home")), app, options -> options, List.of(), environment);
    }

    /** On another Java runtime than this test's. */
    public static TestServer startOn(Path javaHome, String app) throws Exception {
        return startOn(javaHome, app, options -> options);
    }

    /** On another Java runtime than this test's, with options. */
    public static TestServer startOn(Path javaHome, String app, UnaryOperator<ServerOptions> tuning) throws Exception {
        return new TestServer(javaHome, app, tuning, List.of(), Map.of());
    }

    /** On another Java runtime than this test's, with options and extra flags for the server JVM. */
    public static TestServer startOn(Path javaHome, String app, UnaryOperator<ServerOptions> tuning, List<String> jvmArgs)
            throws Exception {
        return new TestServer(javaHome, app, tuning, jvmArgs, Map.of());
    }

    public int port() {
        return port;
    }

    /** The serving generation's parent: the process that forks the children. */
    public long pid() {
        return process.parentPid();
    }

    /** The supervisor: the process started, which stays while generations come and go. */
    public long supervisorPid() {
        return process.serverPid();
    }

    /** The number of the generation serving now. */
    public int generation() {
        return process.generation();
    }

    /** Asks for a new generation, as the build does when the code changed. */
    public void reload() {
        if (!process.reload(io.github.lsbaws.supervisor.ReloadRequest.ofChange(0, 0, 0))) {
            throw new AssertionError("the server no longer reads its standard input");
        }
    }

    /** Passes a reload request on, as the dev loop in the Maven JVM does; false once the server no longer reads it. */
    public boolean reload(io.github.lsbaws.supervisor.ReloadRequest request) {
        return process.reload(request);
    }

    /** Waits until generation number serves (the supervisor announced it); returns its parent's pid. */
    public long awaitGeneration(int number) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (process.generation() < number) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("generation " + number + " never served:\n" + output());
            }
            Thread.sleep(20);
        }
        return process.parentPid();
    }

    /** Everything the server printed so far (stdout and stderr, in the order the lines were read). */
    public String output() {
        return lines.stream().map(ServerProcess.Line::text).collect(Collectors.joining("\n"));
    }

    /** What the server printed so far on standard error. */
    public String errorOutput() {
        return output(true);
    }

    /** What the server printed so far on standard error (error true) or standard output. */
    private String output(boolean error) {
        return lines.stream().filter(line -> line.error() == error).map(ServerProcess.Line::text).collect(Collectors.joining("\n"));
    }

    /**
     * Waits until the server printed text (log lines are written after the response). A message
     * of several lines is looked for in the one stream it was written to: the two streams are read
     * separately, so in output() another stream's line may come between its lines.
     */
    public void awaitOutput(String text) throws InterruptedException {
        awaitOutput(text, java.time.Duration.ofSeconds(10));
    }

    /** The same, waiting up to bound: for what another server JVM does in its own time (a standby's deployment ahead). */
    public void awaitOutput(String text, java.time.Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!output(false).contains(text) && !output(true).contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("server output never contained '" + text + "':\n" + output());
            }
            Thread.sleep(20);
        }
    }

    /** Waits until the parent has at least count children (forked for requests in flight); returns their pids. */
    public List<Long> awaitChildren(int count) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<String> children;
        while ((children = ProcessChecks.childrenOf(pid())).size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(count + " children were not forked: " + children);
            }
            Thread.sleep(20);
        }
        return children.stream().map(child -> Long.parseLong(child.split(" ")[0])).toList();
    }

    /** Sends the server a signal (io.github.lsbaws.natives.Linux.SIGINT, say), as a user or a build would: to the supervisor. */
    public void signal(int signal) {
        noteDescendants();
        Posix.kill((int) supervisorPid(), signal);
    }

    /** Every process of the server now (generations, a standby, children), to check later that all are gone. */
    private void noteDescendants() {
        ProcessHandle.of(supervisorPid()).ifPresent(supervisor -> supervisor.descendants().forEach(p -> seen.add(p.pid())));
    }

    /**
     * Waits for the server to exit by itself (after a signal, say) and returns its exit status;
     * fails unless it does within timeout and leaves nothing behind. close() then only checks.
     */
    public int awaitExit(Duration timeout) throws Exception {
        int status = process.waitFor(timeout);
        if (status < 0) {
            throw new AssertionError("the server still runs after " + timeout.toMillis() + " ms:\n" + output());
        }
        stopped = true;
        assertAllGone();
        return status;
    }

    private void assertAllGone() throws IOException, InterruptedException {
        Set<Long> processes = new HashSet<>(childPids);
        processes.addAll(process.generationPids());
        processes.addAll(seen);
        ProcessChecks.assertAllGone(supervisorPid(), processes, port);
    }

    /** Stops the server gracefully and returns its exit status; close() then only checks. */
    public int stop() throws Exception {
        stopped = true;
        noteDescendants();
        int status = process.stop(Duration.ofSeconds(10));
        assertAllGone();
        return status;
    }

    @Override
    public void close() throws Exception {
        if (!stopped) {
            int status = stop();
            if (status != 0) {
                throw new AssertionError("server exited with status " + status + ":\n" + output());
            }
        }
    }

    /** This test's runtime first, then the others beside it that are Java 17 or later, each once. */
    public static List<Path> installedRuntimes() throws IOException {
        Path current = Path.of(System.getProperty("java.home")).toRealPath();
        Set<Path> runtimes = new LinkedHashSet<>(List.of(current));
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(current.getParent())) {
            for (Path sibling : siblings) {
                if (Files.isExecutable(sibling.resolve("bin/java")) && Files.isReadable(sibling.resolve("release"))) {
                    try {
                        ServerJvm.featureVersion(sibling);
                        runtimes.add(sibling.toRealPath());
                    } catch (IllegalArgumentException tooOld) {
                        // not one the server supports
                    }
                }
            }
        }
        return new ArrayList<>(runtimes);
    }
}
