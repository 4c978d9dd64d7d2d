package io.github.lsbaws.testing.samples;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * Each connection is served by one process; under a forking server each by its own, otherwise
     * all by the same one. connections.get(i) carried the request that reported pids.get(i).
     * Returns the pid of each connection, in order of first use.
     */
    static Map<Object, Long> assertServedPerConnection(Target target, List<Object> connections, List<Long> pids, String what) {
        Map<Object, Long> pidOfConnection = new LinkedHashMap<>();
        for (int i = 0; i < pids.size(); i++) {
            Long earlier = pidOfConnection.putIfAbsent(connections.get(i), pids.get(i));
            if (earlier != null && !earlier.equals(pids.get(i))) {
                throw new AssertionError(what + ": one connection served by two processes, pids " + pids + " on connections " + connections);
            }
        }
        assertServedAsExpected(target, List.copyOf(pidOfConnection.values()), what + " (one pid per connection)");
        return pidOfConnection;
    }
}
