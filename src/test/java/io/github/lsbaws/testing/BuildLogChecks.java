package io.github.lsbaws.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks of an invoker build.log, for the verify.groovy scripts of builds that start servers. */
public final class BuildLogChecks {
    private static final Pattern BANNER = Pattern.compile(
            "Serving \\S+ on http://[^/]+:(\\d+)/\\S* \\(generation \\d+: parent pid (\\d+); supervisor pid (\\d+)\\)");
    private static final Pattern CHILD = Pattern.compile(" pid=(\\d+)\\s*$", Pattern.MULTILINE);

    private BuildLogChecks() {}

    /** Every server the log shows starting, its generation and every child it logged, is gone; their ports are free. */
    public static void assertServersGone(String log, int expectedServers) throws Exception {
        List<Long> children = new ArrayList<>();
        Matcher child = CHILD.matcher(log);
        while (child.find()) {
            children.add(Long.parseLong(child.group(1)));
        }
        Matcher generation = BANNER.matcher(log);
        while (generation.find()) {
            children.add(Long.parseLong(generation.group(2)));
        }
        Matcher banner = BANNER.matcher(log);
        int servers = 0;
        while (banner.find()) {
            servers++;
            ProcessChecks.assertAllGone(Long.parseLong(banner.group(3)), children, Integer.parseInt(banner.group(1)));
        }
        if (servers != expectedServers) {
            throw new AssertionError("expected " + expectedServers + " servers in the build log, found " + servers);
        }
    }
}
