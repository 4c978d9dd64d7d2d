package io.github.lsbaws.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lsbaws.testing.RawHttp;
import io.github.lsbaws.testing.TestPostgres;
import io.github.lsbaws.testing.TestServer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A plain HikariCP pool (no Spring Boot, no CRaC of its own) against a real PostgreSQL: the
 * server finds it, empties it before the first fork and resumes it in each child, which opens
 * connections of its own on a connection-adder thread it starts itself.
 */
class HikariForkTest {
    private static final String GET = "GET /?ms=%d HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    private static final Pattern ANSWER = Pattern.compile("backend=(\\d+) loadedWith=(\\d+) pid=(\\d+)");

    @Test
    void concurrentChildrenHoldConnectionsOfTheirOwnNoneThePool() throws Exception {
        String missing = TestPostgres.unavailable();
        Assumptions.assumeTrue(missing == null, missing);
        try (TestPostgres postgres = TestPostgres.create()) {
            postgres.start();
            try (TestServer server = TestServer.start("io.github.lsbaws.testapps.HikariApp:app", options -> options,
                    List.of("-Dlsbaws.test.jdbcUrl=" + postgres.jdbcUrl("postgres")))) {
                ExecutorService clients = Executors.newFixedThreadPool(2);
                server.awaitOutput("Connections closed before the first fork, opened by each child for itself: HikariCP pool HikariPool-1");
                assertTrue(server.output().contains("\"HikariPool-1:housekeeper\" ("), server.output());
                List<Future<String>> replies = new ArrayList<>();
                try {
                    for (int i = 0; i < 2; i++) {
                        replies.add(clients.submit(() -> RawHttp.exchange(server.port(), String.format(GET, 1500))));
                    }
                } finally {
                    clients.shutdown(); // the submitted exchanges run to their end
                }
                Set<Long> backends = new HashSet<>();
                Set<Long> children = new HashSet<>();
                long loadedWith = -1;
                for (Future<String> reply : replies) {
                    String response = reply.get();
                    assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
                    Matcher answer = ANSWER.matcher(RawHttp.body(response));
                    assertTrue(answer.find(), response);
                    loadedWith = Long.parseLong(answer.group(2));
                    backends.add(Long.parseLong(answer.group(1)));
                    children.add(Long.parseLong(answer.group(3)));
                }
                assertEquals(2, backends.size(), "two children, two connections: " + backends);
                assertTrue(!backends.contains(loadedWith), backends + " holds the parent's " + loadedWith);
                assertEquals(2, children.size(), children.toString());
                assertTrue(!children.contains(server.pid()), children.toString());
                // the parent's own connections are closed: no backend serves the pool any more
                assertEquals("0", postgres.psql("postgres", "SELECT count(*) FROM pg_stat_activity WHERE pid = " + loadedWith).strip());
                assertNotEquals(-1, loadedWith);
            }
        }
    }
}
