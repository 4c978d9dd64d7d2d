package io.github.lsbaws.testing.samples;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** What the pids a sample reports say about the server: one per connection when it forks, one in all otherwise. */
final class Processes {
    private Processes() {}

    static void assertServedAsExpected(Target target, List<Long> pids, String what) {
        Set<Long> distinct = new TreeSet<>(pids);
        if (target.forking() && distinct.size() != pids.size()) {
            throw new AssertionError(what + ": a forking server serves each connection in a new child, but the pids were " + pids);
        }
        if (!target.forking() && distinct.size() != 1) {
            throw new AssertionError(what + ": a server that does not fork serves every request in one process, but the pids were " + pids);
        }
    }
}
