package io.github.lsbaws.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lsbaws.testing.ProcessChecks;
import io.github.lsbaws.testing.RawHttp;
import io.github.lsbaws.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Servlet applications in a real forking server: each request in its own child, sessions across children. */
class ForkedServletTest {
    private static final Pattern SESSION_COOKIE = Pattern.compile("Set-Cookie: JSESSIONID=([0-9a-f]{32}); Path=/; HttpOnly; SameSite=Lax\r\n");

    @TempDir
    Path state;

    private TestServer basic() throws Exception {
        String webapp = ServletFixture.webapp("basic").toString();
        return TestServer.start(null, options -> options.withWebApp(webapp, "", state.toString()));
    }

    private static String get(TestServer server, String target, String... headers) throws Exception {
        return RawHttp.exchange(server.port(), "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n" + String.join("", headers)
                + "Connection: close\r\n\r\n");
    }

    @Test
    void aSessionMadeInOneChildIsSeenByTheNext() throws Exception {
        try (TestServer server = basic()) {
            String first = get(server, "/session");
            String id = sessionId(first);
            assertTrue(RawHttp.body(first).startsWith("count=1 "), first);
            assertTrue(RawHttp.body(first).contains(" new=true "), first);
            String second = get(server, "/session", "Cookie: JSESSIONID=" + id + "\r\n");
            assertTrue(RawHttp.body(second).startsWith("count=2 "), second);
            assertTrue(RawHttp.body(second).contains(" new=false id=" + id + " pids=2"), second);
            assertNotEquals(pid(first), pid(second), "two requests, two children");
            assertTrue(Files.exists(state.resolve("sessions/sess_" + id)));
            String third = get(server, "/session?invalidate", "Cookie: JSESSIONID=" + id + "\r\n");
            assertEquals("invalidated", RawHttp.body(third));
            assertTrue(!Files.exists(state.resolve("sessions/sess_" + id)), "an invalidated session's file is removed");
            assertEquals("none", RawHttp.body(get(server, "/session?peek", "Cookie: JSESSIONID=" + id + "\r\n")));
            ProcessChecks.assertNoZombieLeft(server.pid()); // while the parent runs: once it exits, its zombies are not its own
            assertEquals(0, server.stop(), server.output());
            // deployed and destroyed once, in the parent
            assertTrue(server.output().contains("basic: context initialized in pid " + server.pid()), server.output());
            assertTrue(server.output().contains("basic: context destroyed in pid " + server.pid()), server.output());
        }
    }

    /**
     * Each child draws its session ids from the kernel: a generator held by the parent would be
     * copied into every child in the same state and give each the same next id. The first
     * session is invalidated, its file removed, so that nothing stops a child making its id again.
     */
    @Test
    void sessionIdsMadeInTwoChildrenDiffer() throws Exception {
        try (TestServer server = basic()) {
            String first = get(server, "/session");
            String id = sessionId(first);
            assertEquals("invalidated", RawHttp.body(get(server, "/session?invalidate", "Cookie: JSESSIONID=" + id + "\r\n")));
            assertTrue(!Files.exists(state.resolve("sessions/sess_" + id)), "an invalidated session's file is removed");
            String second = get(server, "/session");
            assertNotEquals(pid(first), pid(second), "two requests, two children");
            assertNotEquals(id, sessionId(second), "two children made the same session id");
        }
    }

    /** Children serving one session at once take turns on its file lock: no update is lost. */
    @Test
    void concurrentChildrenOfOneSessionTakeTurns() throws Exception {
        try (TestServer server = basic()) {
            String header = "Cookie: JSESSIONID=" + sessionId(get(server, "/session")) + "\r\n";
            int clients = 6;
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(clients);
            java.util.Set<String> pids = new java.util.HashSet<>();
            try {
                List<java.util.concurrent.Future<String>> responses = new java.util.ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    responses.add(pool.submit(() -> get(server, "/session?sleep=200", header)));
                }
                for (java.util.concurrent.Future<String> response : responses) {
                    pids.add(pid(response.get()));
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(clients, pids.size(), "each request in its own child");
            String last = RawHttp.body(get(server, "/session", header));
            assertTrue(last.startsWith("count=" + (clients + 2) + " "), last);
            assertTrue(last.endsWith(" pids=" + (clients + 2)), last);
        }
    }

    /**
     * Session fixation: a request sending the pre-login id while the login holds that session
     * waits on its lock; once the login has changed the id, it must find no session, not the
     * logged-in one under the id the other side knew.
     */
    @Test
    void aRequestWaitingOnThePreLoginIdFindsNoSessionAfterTheIdChanged() throws Exception {
        try (TestServer server = basic()) {
            String oldId = sessionId(get(server, "/session"));
            String oldCookie = "Cookie: JSESSIONID=" + oldId + "\r\n";
            long inode = (Long) Files.getAttribute(state.resolve("sessions/sess_" + oldId), "unix:ino");
            Path proceed = state.resolve("proceed");
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                java.util.concurrent.Future<String> login = pool.submit(() -> get(server, "/session?hold=" + proceed
                        + "&login=ada&change", oldCookie));
                awaitLock(inode, false); // the login's child holds the pre-login session
                java.util.concurrent.Future<String> other = pool.submit(() -> get(server, "/session?peek", oldCookie));
                awaitLock(inode, true); // the other child waits for it
                Files.createFile(proceed);
                String loggedIn = login.get(60, java.util.concurrent.TimeUnit.SECONDS);
                String newId = sessionId(loggedIn);
                assertNotEquals(oldId, newId);
                assertEquals("none", RawHttp.body(other.get(60, java.util.concurrent.TimeUnit.SECONDS)),
                        "the request with the pre-login id got the logged-in session");
                assertEquals("count=2 user=ada", RawHttp.body(get(server, "/session?peek", "Cookie: JSESSIONID=" + newId + "\r\n")));
                assertEquals("none", RawHttp.body(get(server, "/session?peek", oldCookie)));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** Waits (at most 30 s) until /proc/locks shows a lock held on inode, or with waiting, a request blocked on one. */
    private static void awaitLock(long inode, boolean waiting) throws Exception {
        String file = ":" + inode + " ";
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (Files.readAllLines(Path.of("/proc/locks")).stream()
                .noneMatch(line -> line.contains(file) && line.contains(" -> ") == waiting)) {
            assertTrue(System.nanoTime() < deadline, "no " + (waiting ? "waiting " : "") + "lock on inode " + inode + " in /proc/locks");
            Thread.sleep(10);
        }
    }

    /** The id of the session the response's cookie starts. */
    private static String sessionId(String response) {
        Matcher cookie = SESSION_COOKIE.matcher(response);
        assertTrue(cookie.find(), response);
        return cookie.group(1);
    }

    private static String pid(String response) {
        Matcher pid = Pattern.compile(" pid=(\\d+) ").matcher(RawHttp.body(response));
        assertTrue(pid.find(), response);
        return pid.group(1);
    }

    @Test
    void staticFilesWelcomeFilesAndErrorPages() throws Exception {
        try (TestServer server = basic()) {
            String index = get(server, "/");
            assertTrue(index.startsWith("HTTP/1.1 200 OK\r\n"), index);
            assertTrue(index.contains("Content-Type: text/html\r\n"), index);
            assertTrue(RawHttp.body(index).contains("<h1>Welcome</h1>"), index);
            String css = get(server, "/style.css");
            assertTrue(css.contains("Content-Type: text/css\r\n") && css.contains("ETag: \""), css);
            String etag = css.replaceAll("(?s).*ETag: (\"[^\"]+\").*", "$1");
            String notModified = get(server, "/style.css", "If-None-Match: " + etag + "\r\n");
            assertTrue(notModified.startsWith("HTTP/1.1 304 "), notModified);
            String range = get(server, "/docs/alphabet.txt", "Range: bytes=10-15\r\n");
            assertTrue(range.startsWith("HTTP/1.1 206 "), range);
            assertEquals("abcdef", RawHttp.body(range));
            assertTrue(get(server, "/docs").startsWith("HTTP/1.1 302 "), "a directory without its slash is redirected");
            assertTrue(get(server, "/docs/").startsWith("HTTP/1.1 403 "), "no directory listing");
            String secret = get(server, "/WEB-INF/secret.txt");
            assertTrue(secret.startsWith("HTTP/1.1 404 "), secret);
            assertTrue(RawHttp.body(secret).contains("error page ERROR"), "404 goes through the error page: " + secret);
            String failure = get(server, "/fail?throw=state");
            assertTrue(failure.startsWith("HTTP/1.1 500 "), failure);
            assertTrue(RawHttp.body(failure).contains("exception_type=class java.lang.IllegalStateException"), failure);
        }
    }

    /** A failure after the response was committed: the client sees the connection end, not a complete-looking body. */
    @Test
    void aFailureAfterTheCommitClosesTheConnection() throws Exception {
        try (TestServer server = basic()) {
            String response = RawHttp.exchange(server.port(), "GET /fail?throw=committed HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    + "GET /exact HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
            assertTrue(response.contains("7\r\npartial\r\n"), response);
            assertTrue(!response.endsWith("0\r\n\r\n"), "no last chunk: " + response);
            assertTrue(!response.contains("servletPath=/exact"), "the pipelined request is not served: " + response);
            server.awaitOutput("java.lang.IllegalStateException: after commit");
        }
    }

    @Test
    void aServletNamedByApp() throws Exception {
        try (TestServer server = TestServer.start("io.github.lsbaws.testapps.servlet.HelloServlet",
                options -> options.withWebApp(null, "", state.toString()))) {
            String response = get(server, "/any/path?name=lsbaws");
            assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
            assertTrue(response.contains("Content-Type: application/json;charset=utf-8\r\n"), response);
            assertTrue(RawHttp.body(response).startsWith("{\"hello\":\"lsbaws\",\"path\":\"/any/path\",\"pid\":"), response);
            assertTrue(server.output().contains("Serving io.github.lsbaws.testapps.servlet.HelloServlet on http://"), server.output());
        }
    }

    /**
     * A header value or name carrying CR LF, set through each API of the response: refused with an
     * exception naming the header (a 500), no injected field on the wire, and the next request served.
     */
    @Test
    void aHeaderCarryingALineEndIsRefusedOnEveryPath() throws Exception {
        try (TestServer server = TestServer.start("io.github.lsbaws.testapps.servlet.HeaderInjectionServlet",
                options -> options.withWebApp(null, "", state.toString()))) {
            for (String via : List.of("redirect", "setHeader", "addHeader", "headerName", "contentTypeHeader", "contentType",
                    "characterEncoding", "dateHeader", "cookiePath", "cookieAttribute")) {
                String response = get(server, "/?via=" + via);
                assertTrue(response.startsWith("HTTP/1.1 500 "), via + ": " + response);
                assertTrue(!response.contains("\ninjected") && !response.contains("\nSet-Cookie: injected"),
                        via + ": " + response);
            }
            server.awaitOutput("IllegalArgumentException: the value of header Location contains a control character");
            server.awaitOutput("IllegalArgumentException: the value of header Content-Type contains a control character");
            server.awaitOutput("IllegalArgumentException: the value of header Set-Cookie contains a control character");
            String ok = get(server, "/?via=none");
            assertTrue(ok.startsWith("HTTP/1.1 200 OK\r\n"), ok);
            assertEquals("ok", RawHttp.body(ok));
        }
    }
}
