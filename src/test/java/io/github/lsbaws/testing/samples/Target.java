package io.github.lsbaws.testing.samples;

import java.net.URI;

/**
 * Where a sample is served, and what the checks may assume of the server beyond the
 * application: forking is true when every connection is served by a new process (lsbaws), so
 * that requests on different connections report different pids; false for a server that serves
 * all of them in one process (Jetty), where they report the same one.
 */
public record Target(URI base, boolean forking) {
    public SampleHttp http() {
        return new SampleHttp(base);
    }
}
