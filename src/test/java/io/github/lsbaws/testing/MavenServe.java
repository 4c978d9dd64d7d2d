package io.github.lsbaws.testing;

import java.io.File;
import java.util.List;

/**
 * Drives a sample project the way a user does: runs "mvn lsbaws:serve" in it, sends requests
 * over a socket, compares the answers byte for byte (but for the Date value), stops the build
 * like Ctrl-C does, and checks that nothing is left. Called from the invoker's verify.groovy
 * scripts.
 */
public final class MavenServe {
    private MavenServe() {}

    /** @param exchanges pairs of [raw request, expected raw response with "Date: &lt;date&gt;"] */
    public static void verify(File basedir, File localRepository, String app, List<List<String>> exchanges) throws Exception {
        try (ServeBuild build = new ServeBuild(basedir, localRepository, "-Dapp=" + app)) {
            for (List<String> exchange : exchanges) {
                String actual = RawHttp.withoutDate(RawHttp.exchange(build.port(), exchange.get(0)));
                if (!actual.equals(exchange.get(1))) {
                    throw new AssertionError("request\n" + RawHttp.escaped(exchange.get(0)) + "\nexpected\n"
                            + RawHttp.escaped(exchange.get(1)) + "\nbut got\n" + RawHttp.escaped(actual));
                }
                build.assertNoZombie();
            }
            build.close();
            if (build.childPids().size() != exchanges.size()) {
                throw new AssertionError("expected one child per request, saw pids " + build.childPids());
            }
        }
    }
}
