package io.github.lsbaws.testing;

import io.github.lsbaws.launcher.ServerProcess;
import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives a sample project the way a user does: runs "mvn lsbaws:serve" in it (a real build of
 * the plugin under test), sends requests over a socket, compares the answers byte for byte
 * (but for the Date value), stops the build like Ctrl-C does (SIGTERM to Maven), and checks
 * that nothing is left: no server, no child, no zombie, the port free. Called from the
 * invoker's verify.groovy scripts.
 */
public final class MavenServe {
    private static final Pattern CHILD_PID = Pattern.compile(" pid=(\\d+)$");

    private MavenServe() {}

    /** What a caller does with the served application. */
    @FunctionalInterface
    public interface Client {
        void use(Served served) throws Exception;
    }

    /** The application being served: its URL, and a check to make between requests. */
    public record Served(URI url, long serverPid) {
        /** Fails if the server has a zombie child (one that exited and was not reaped soon after). */
        public void assertNoZombies() throws Exception {
            if (!ProcessChecks.zombiesOf(serverPid).isEmpty()) {
                Thread.sleep(200); // a child that just exited may not be reaped yet; after that it is a leak
                List<String> zombies = ProcessChecks.zombiesOf(serverPid);
                if (!zombies.isEmpty()) {
                    throw new AssertionError("zombie children of the server: " + zombies);
                }
            }
        }
    }

    /** @param exchanges pairs of [raw request, expected raw response with "Date: &lt;date&gt;"] */
    public static void verify(File basedir, File localRepository, String app, List<List<String>> exchanges) throws Exception {
        Set<Long> childPids = serve(basedir, localRepository, List.of("-Dapp=" + app), served -> {
            for (List<String> exchange : exchanges) {
                String actual = RawHttp.withoutDate(RawHttp.exchange(served.url().getPort(), exchange.get(0)));
                if (!actual.equals(exchange.get(1))) {
                    throw new AssertionError("request\n" + RawHttp.escaped(exchange.get(0)) + "\nexpected\n"
                            + RawHttp.escaped(exchange.get(1)) + "\nbut got\n" + RawHttp.escaped(actual));
                }
                served.assertNoZombies();
            }
        });
        if (childPids.size() != exchanges.size()) {
            throw new AssertionError("expected one child per request, saw pids " + childPids);
        }
    }

    /**
     * Runs "mvn [arguments] lsbaws:serve" in basedir on a free port, hands the served application
     * to the client, stops the build like Ctrl-C, and fails if a zombie is left at the end or if
     * the server, a child or the listening socket is left. Returns the pids of the children the
     * server logged.
     */
    public static Set<Long> serve(File basedir, File localRepository, List<String> arguments, Client client) throws Exception {
        Set<Long> childPids = ConcurrentHashMap.newKeySet();
        List<String> command = new ArrayList<>(List.of(mavenExecutable(), "-B", "-o",
                "-Dmaven.repo.local=" + localRepository.getAbsolutePath(), "-Dlsbaws.port=0"));
        command.addAll(arguments);
        command.add("lsbaws:serve");
        ServerProcess build = ServerProcess.start(command, basedir.toPath(), line -> {
            System.out.println("  | " + line.text());
            Matcher pid = CHILD_PID.matcher(line.text());
            if (pid.find()) {
                childPids.add(Long.parseLong(pid.group(1)));
            }
        });
        URI url;
        try {
            url = build.awaitReady(Duration.ofMinutes(3));
            Served served = new Served(url, build.serverPid());
            client.use(served);
            served.assertNoZombies();
        } finally {
            build.stop(Duration.ofSeconds(10)); // SIGTERM to Maven, as Ctrl-C would send SIGINT
        }
        ProcessChecks.assertAllGone(build.serverPid(), childPids, url.getPort());
        return childPids;
    }

    private static String mavenExecutable() {
        String home = System.getProperty("maven.home");
        return home == null ? "mvn" : Path.of(home, "bin", "mvn").toString();
    }
}
