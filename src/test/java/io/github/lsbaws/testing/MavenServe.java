package io.github.lsbaws.testing;

import java.io.File;
import java.net.URI;
import java.util.List;
import java.util.Set;

/**
 * Drives a sample project the way a user does: runs "mvn lsbaws:serve" in it, sends requests
 * over a socket, compares the answers byte for byte (but for the Date value), stops the build
 * like Ctrl-C does, and checks that nothing is left. Called from the invoker's verify.groovy
 * scripts.
 */
public final class MavenServe {
    private MavenServe() {}

    /** What a caller does with the served application. */
    @FunctionalInterface
    public interface Client {
        void use(Served served) throws Exception;
    }

    /** The application being served: its URL, and a check to make between requests. */
    public static final class Served {
        private final ServeBuild build;

        private Served(ServeBuild build) {
            this.build = build;
        }

        public URI url() {
            return build.url();
        }

        /** Fails if the server has a zombie child (one that exited and was not reaped soon after). */
        public void assertNoZombies() throws Exception {
            build.assertNoZombie();
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
     * the server, a generation, a child or the listening socket is left. Returns the pids of the
     * children the server logged.
     */
    public static Set<Long> serve(File basedir, File localRepository, List<String> arguments, Client client) throws Exception {
        try (ServeBuild build = new ServeBuild(basedir, localRepository, arguments.toArray(new String[0]))) {
            client.use(new Served(build));
            build.assertNoZombie();
            build.close();
            return build.childPids();
        }
    }
}
