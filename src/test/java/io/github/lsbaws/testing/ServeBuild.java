package io.github.lsbaws.testing;

import io.github.lsbaws.launcher.ServerProcess;
import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "mvn lsbaws:serve" run in a sample project the way a user runs it (a real build of the plugin
 * under test), its output echoed and kept, stopped like Ctrl-C (SIGTERM to Maven), and checked
 * afterwards: no server, generation, child or zombie left, the port free.
 */
final class ServeBuild implements AutoCloseable {
    private static final Pattern CHILD_PID = Pattern.compile(" pid=(\\d+)$");

    private final ServerProcess build;
    private final Set<Long> childPids = ConcurrentHashMap.newKeySet();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final URI url;
    private boolean stopped;

    /**
     * The samples' checks are about what a page says, not how fast an interpreted framework
     * renders it: with other processes busy on the same processors, a cold Spring page can pass the server's default 30 s
     * request timeout. The same figure is given to lsbaws:start by the invoker's configuration.
     */
    static final int SAMPLE_REQUEST_TIMEOUT_SECONDS = 180;

    ServeBuild(File basedir, File localRepository, String... properties) throws Exception {
        List<String> command = new ArrayList<>(List.of(mavenExecutable(), "-B", "-o",
                "-Dmaven.repo.local=" + localRepository.getAbsolutePath(), "-Dlsbaws.port=0",
                "-Dlsbaws.requestTimeout=" + SAMPLE_REQUEST_TIMEOUT_SECONDS));
        command.addAll(List.of(properties));
        command.add("lsbaws:serve");
        build = ServerProcess.start(command, basedir.toPath(), line -> {
            System.out.println("  | " + line.text());
            lines.add(line.text());
            Matcher pid = CHILD_PID.matcher(line.text());
            if (pid.find()) {
                childPids.add(Long.parseLong(pid.group(1)));
            }
        });
        try {
            url = build.awaitReady(Duration.ofMinutes(10)); // a Spring Boot application starts in minutes on a busy machine
        } catch (Exception | Error e) {
            build.stop(Duration.ofSeconds(10));
            throw e;
        }
    }

    int port() {
        return url.getPort();
    }

    URI url() {
        return url;
    }

    ServerProcess process() {
        return build;
    }

    Set<Long> childPids() {
        return childPids;
    }

    /** Everything the build printed so far. */
    String output() {
        return String.join("\n", lines);
    }

    /** Waits until the build printed a line containing text; returns that line. */
    String awaitLine(String text, Duration timeout) throws InterruptedException {
        return awaitLineAfter(0, text, timeout);
    }

    /** How many lines the build printed so far: a mark for {@link #awaitLineAfter}. */
    int linesSoFar() {
        return lines.size();
    }

    /** Waits until the build printed a line containing text after the first mark lines; returns that line. */
    String awaitLineAfter(int mark, String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> printed = List.copyOf(lines); // a view of the live list fails once a line is added
            for (String line : printed.subList(mark, printed.size())) {
                if (line.contains(text)) {
                    return line;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the build never printed '" + text + "':\n" + output());
    }

    /** Fails if a child of the serving generation stays a zombie: the server reaps its children. */
    void assertNoZombie() throws Exception {
        ProcessChecks.assertNoZombieLeft(build.parentPid());
    }

    @Override
    public void close() throws Exception {
        if (stopped) {
            return;
        }
        stopped = true;
        Set<Long> processes = new HashSet<>(childPids);
        ProcessHandle.of(build.pid()).ifPresent(maven -> maven.descendants().forEach(p -> processes.add(p.pid())));
        build.stop(Duration.ofSeconds(10)); // SIGTERM to Maven, as Ctrl-C would send SIGINT
        processes.addAll(build.generationPids());
        ProcessChecks.assertAllGone(build.serverPid(), processes, url.getPort());
    }

    private static String mavenExecutable() {
        String home = System.getProperty("maven.home");
        return home == null ? "mvn" : Path.of(home, "bin", "mvn").toString();
    }
}
