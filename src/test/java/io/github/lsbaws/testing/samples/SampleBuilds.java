package io.github.lsbaws.testing.samples;

import io.github.lsbaws.testing.BuildLogChecks;
import io.github.lsbaws.testing.MavenServe;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The verify.groovy of a servlet sample. The invoker has built the sample once per variant
 * (invoker.properties: "verify" and the variant's arguments, with the profile that names the
 * server), each build running the sample's failsafe test of the checks around the server's
 * start and stop goals. This checks
 * from the build log that every build ran all the checks, none failed and few were skipped
 * ({@link #MOST_SKIPPED_PER_RUN}), and that the servers
 * are gone; with lsbaws it then serves each variant with "mvn lsbaws:serve" and runs the checks
 * once more against it, each request in a new child.
 */
public final class SampleBuilds {
    /**
     * How many checks one run of a sample may skip, a failsafe build or a run against "mvn
     * lsbaws:serve": one, the check that drives Chromium where chromium is not installed. A
     * skipped check says why: "SKIPPED: ..." in the sample's build.log (target/it/SAMPLE/build.log)
     * for a failsafe build, "SKIP SAMPLE: CHECK (reason)" in the invoker's own output for a serve
     * run. A run that skips more fails the invoker phase, which thus skips at most six checks today
     * (servlet-plain's three builds and three serve runs).
     */
    static final int MOST_SKIPPED_PER_RUN = 1;
    private static final Pattern JETTY_CONNECTOR = Pattern.compile("Started oejs\\.ServerConnector@\\w+\\{[^}]*\\}\\{127\\.0\\.0\\.1:(\\d+)\\}");

    private SampleBuilds() {}

    /**
     * @param server "jetty" or "lsbaws", the profile the invoker activated
     * @param variants each variant's Maven arguments ("-Pspring7", "-Dsample.contextPath=/shop"; an
     *                 empty list for the sample's defaults), in the order of invoker.properties
     */
    public static void verify(File basedir, File localRepository, String server, String sample, List<List<String>> variants)
            throws Exception {
        String log = Files.readString(new File(basedir, "build.log").toPath());
        int checks = SampleChecks.of(sample, new Target(URI.create("http://127.0.0.1/"), false)).size();
        // one line per build: all checks run, none failed, at most MOST_SKIPPED_PER_RUN skipped
        Matcher passed = Pattern.compile("Tests run: " + checks + ", Failures: 0, Errors: 0, Skipped: (\\d+), Time elapsed: ").matcher(log);
        int runs = 0;
        while (passed.find()) {
            runs++;
            assertFewSkipped(Integer.parseInt(passed.group(1)), sample + "'s failsafe build " + runs
                    + " (the reasons are in " + basedir + "/build.log)");
        }
        if (runs != variants.size()) {
            throw new AssertionError("expected " + variants.size() + " failsafe runs of all " + checks + " checks of " + sample
                    + " passing, found " + runs + " in " + basedir + "/build.log");
        }
        switch (server) {
            case "jetty" -> assertJettyGone(log, variants.size());
            case "lsbaws" -> {
                BuildLogChecks.assertServersGone(log, variants.size());
                for (List<String> variant : variants) {
                    List<String> arguments = new ArrayList<>(List.of("-Plsbaws"));
                    arguments.addAll(variant);
                    arguments.add("process-classes"); // compiled against this variant's libraries, not the last build's
                    MavenServe.serve(basedir, localRepository, arguments, served -> {
                        Target target = new Target(served.url(), true);
                        List<Check> all = new ArrayList<>(SampleChecks.of(sample, target));
                        all.addAll(SampleChecks.whileServing(sample, basedir, target));
                        assertFewSkipped(SampleChecks.runAll(sample, target, all, served::assertNoZombies),
                                sample + " served with " + arguments + " (the reasons are in the SKIP lines above)");
                    });
                }
            }
            default -> throw new IllegalArgumentException("unknown server " + server + " (jetty or lsbaws)");
        }
    }

    private static void assertFewSkipped(int skipped, String run) {
        if (skipped > MOST_SKIPPED_PER_RUN) {
            throw new AssertionError(skipped + " checks were skipped in " + run + ": at most " + MOST_SKIPPED_PER_RUN
                    + " may be (install what they need)");
        }
        if (skipped > 0) {
            System.out.println("NOTE: " + skipped + " check(s) skipped in " + run);
        }
    }

    /** Jetty ran inside each build's Maven JVM, which has exited: its ports must be free again. */
    private static void assertJettyGone(String log, int builds) throws IOException {
        Matcher connector = JETTY_CONNECTOR.matcher(log);
        List<Integer> ports = new ArrayList<>();
        while (connector.find()) {
            ports.add(Integer.parseInt(connector.group(1)));
        }
        if (ports.size() != builds) {
            throw new AssertionError("expected " + builds + " Jetty connectors in the build log, found ports " + ports);
        }
        for (int port : ports) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress("127.0.0.1", port));
            } catch (IOException e) {
                throw new AssertionError("port " + port + " is still taken after Jetty stopped", e);
            }
        }
    }
}
