package io.github.lsbaws.servlet.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.io.Serializable;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions in files: locking, expiry, events, ids. */
class SessionStoreTest {
    @TempDir
    Path directory;
    SessionStore store;
    final List<String> events = new CopyOnWriteArrayList<>();

    static ServletContext context() {
        return (ServletContext) Proxy.newProxyInstance(SessionStoreTest.class.getClassLoader(), new Class<?>[] {ServletContext.class},
                (proxy, method, args) -> null);
    }

    @BeforeEach
    void store() {
        store = new SessionStore(directory, getClass().getClassLoader(), context());
    }

    /** One request: the cookie it sends (or none) and what it does with the session. */
    private String request(String id, java.util.function.Function<RequestSessions, String> work) {
        List<Cookie> sent = new ArrayList<>();
        RequestSessions sessions = store.forRequest(id == null ? List.of() : List.of("JSESSIONID=" + id), sent::add, "/app");
        try {
            return work.apply(sessions);
        } finally {
            sessions.end();
        }
    }

    private String newSession() {
        return request(null, sessions -> sessions.session(true).getId());
    }

    @Test
    void aSessionIsSavedAndFoundAgain() {
        List<Cookie> cookies = new ArrayList<>();
        RequestSessions first = store.forRequest(List.of(), cookies::add, "/app");
        HttpSession session = first.session(true);
        assertTrue(session.isNew());
        session.setAttribute("user", "ada");
        List<String> cart = new ArrayList<>(List.of("apple"));
        session.setAttribute("cart", (Serializable & java.util.List<String>) (Object) cart);
        cart.add("pear"); // changed after setAttribute: saved at the end all the same
        String id = session.getId();
        first.end();
        assertEquals(1, cookies.size());
        assertEquals("JSESSIONID", cookies.get(0).getName());
        assertEquals(id, cookies.get(0).getValue());
        assertEquals("/app", cookies.get(0).getPath());
        assertTrue(cookies.get(0).isHttpOnly());
        assertEquals("Lax", cookies.get(0).getAttribute("SameSite"));
        assertTrue(id.matches("[0-9a-f]{32}"), id);
        assertTrue(Files.exists(directory.resolve("sess_" + id)));
        String read = request(id, sessions -> {
            HttpSession again = sessions.session(false);
            return again.isNew() + " " + again.getAttribute("user") + " " + again.getAttribute("cart") + " " + sessions.requestedIdValid();
        });
        assertEquals("false ada [apple, pear] true", read);
    }

    @Test
    void anUnknownOrForgedIdGivesNoSession() {
        assertEquals("null", request("0123456789abcdef0123456789abcdef", sessions -> String.valueOf(sessions.session(false))));
        assertEquals("null", request("../../etc/passwd", sessions -> String.valueOf(sessions.session(false))));
        String created = request("../../etc/passwd", sessions -> sessions.session(true).getId());
        assertTrue(created.matches("[0-9a-f]{32}"));
    }

    @Test
    void aValueThatCannotBeKeptIsRefusedAtOnce() {
        String message = request(null, sessions -> assertThrows(IllegalArgumentException.class,
                () -> sessions.session(true).setAttribute("lock", new Object())).getMessage());
        assertTrue(message.contains("session attribute 'lock' (a java.lang.Object) is not Serializable"), message);
    }

    @Test
    void concurrentRequestsOfOneSessionTakeTurns() throws Exception {
        String id = newSession();
        int threads = 8;
        int rounds = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < rounds; i++) {
                        request(id, sessions -> {
                            HttpSession session = sessions.session(false);
                            Integer count = (Integer) session.getAttribute("count");
                            Thread.yield(); // a lost update would show here without the lock
                            session.setAttribute("count", count == null ? 1 : count + 1);
                            return null;
                        });
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(String.valueOf(threads * rounds), request(id, sessions -> String.valueOf(sessions.session(false).getAttribute("count"))));
    }

    @Test
    void expiredSessionsAreGoneAndSweptWithTheirEvents() throws Exception {
        store.addListener(new HttpSessionListener() {
            @Override
            public void sessionCreated(HttpSessionEvent event) {
                events.add("created");
            }

            @Override
            public void sessionDestroyed(HttpSessionEvent event) {
                events.add("destroyed " + event.getSession().getAttribute("user"));
            }
        });
        String expiring = request(null, sessions -> {
            HttpSession session = sessions.session(true);
            session.setAttribute("user", "bob");
            session.setMaxInactiveInterval(1);
            return session.getId();
        });
        String swept = request(null, sessions -> {
            HttpSession session = sessions.session(true);
            session.setAttribute("user", "eve");
            session.setMaxInactiveInterval(1);
            return session.getId();
        });
        String lasting = newSession();
        Thread.sleep(2100);
        assertEquals("null", request(expiring, sessions -> String.valueOf(sessions.session(false))));
        assertFalse(Files.exists(directory.resolve("sess_" + expiring)));
        assertEquals(1, store.sweep());
        assertFalse(Files.exists(directory.resolve("sess_" + swept)));
        assertTrue(Files.exists(directory.resolve("sess_" + lasting)));
        assertEquals(List.of("created", "created", "created", "destroyed bob", "destroyed eve"), events);
    }

    @Test
    void invalidateAndChangeSessionIdWithTheirEvents() {
        store.addListener(new HttpSessionIdListener() {
            @Override
            public void sessionIdChanged(HttpSessionEvent event, String oldId) {
                events.add("id changed");
            }
        });
        store.addListener(new HttpSessionAttributeListener() {
            @Override
            public void attributeAdded(HttpSessionBindingEvent event) {
                events.add("added " + event.getName());
            }

            @Override
            public void attributeRemoved(HttpSessionBindingEvent event) {
                events.add("removed " + event.getName());
            }

            @Override
            public void attributeReplaced(HttpSessionBindingEvent event) {
                events.add("replaced " + event.getName());
            }
        });
        Bound.EVENTS.clear();
        String id = request(null, sessions -> {
            HttpSession session = sessions.session(true);
            session.setAttribute("bound", new Bound(events));
            session.setAttribute("bound", new Bound(events));
            return session.getId();
        });
        String changed = request(id, RequestSessions::changeId);
        assertNotEquals(id, changed);
        assertFalse(Files.exists(directory.resolve("sess_" + id)));
        assertNotNull(request(changed, sessions -> sessions.session(false).getId()));
        request(changed, sessions -> {
            sessions.session(false).invalidate();
            return null;
        });
        assertFalse(Files.exists(directory.resolve("sess_" + changed)));
        assertEquals(List.of("added bound", "replaced bound", "id changed", "removed bound"), events);
        assertEquals(List.of("bound", "bound", "unbound", "unbound"), Bound.EVENTS);
    }

    /** Session ids are file names and sessions the files' content: no other user may list or read them. */
    @Test
    void theDirectoryAndTheFilesAreTheOwnersOnly() throws Exception {
        Path sessions = directory.resolve("sessions");
        store = new SessionStore(sessions, getClass().getClassLoader(), context());
        String id = newSession();
        assertEquals("rwx------", permissions(sessions));
        assertEquals("rw-------", permissions(sessions.resolve("sess_" + id)));
        String changed = request(id, RequestSessions::changeId);
        assertEquals("rw-------", permissions(sessions.resolve("sess_" + changed)));
        Files.setPosixFilePermissions(sessions, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        newSession(); // a directory made before (with the umask's permissions) is closed at the next session
        assertEquals("rwx------", permissions(sessions));
    }

    private static String permissions(Path path) throws java.io.IOException {
        return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    /** A file whose sizes lie (corrupted, or not written by lsbaws): no session and a log line, not a huge allocation. */
    @Test
    void sizesReadFromASessionFileAreBounded() throws Exception {
        List<String> logged = new CopyOnWriteArrayList<>();
        ServletContext logging = (ServletContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServletContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("log")) {
                        logged.add((String) args[0]);
                    }
                    return null;
                });
        store = new SessionStore(directory, getClass().getClassLoader(), logging);
        String hugeValue = "00000000000000000000000000000001";
        write(hugeValue, out -> {
            out.writeInt(1);
            out.writeUTF("user");
            out.writeInt(Integer.MAX_VALUE - 16); // and then 3 bytes
            out.write(new byte[3]);
        });
        String negativeValue = "00000000000000000000000000000002";
        write(negativeValue, out -> {
            out.writeInt(1);
            out.writeUTF("user");
            out.writeInt(-5);
        });
        String manyAttributes = "00000000000000000000000000000003";
        write(manyAttributes, out -> out.writeInt(Integer.MAX_VALUE));
        String hugeFile = "00000000000000000000000000000004";
        write(hugeFile, out -> out.writeInt(0));
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(directory.resolve("sess_" + hugeFile).toFile(), "rw")) {
            file.setLength(3L << 30); // sparse: 3 GB claimed, nothing written
        }
        for (String id : List.of(hugeValue, negativeValue, manyAttributes, hugeFile)) {
            assertEquals("null", request(id, sessions -> String.valueOf(sessions.session(false))), id);
        }
        assertEquals(4, logged.size(), logged.toString());
        assertTrue(logged.get(0).contains("sess_" + hugeValue + " cannot be a session lsbaws wrote (attribute 'user' claims 2147483631 bytes, 3 are left)"),
                logged.get(0));
        assertTrue(logged.get(3).contains("3221225472 bytes, more than the 67108864 a session file may have"), logged.get(3));
        String fresh = request(hugeValue, sessions -> sessions.session(true).getId());
        assertNotEquals(hugeValue, fresh, "a new session, under a new id");
    }

    private interface Attributes {
        void write(java.io.DataOutputStream out) throws java.io.IOException;
    }

    /** A session file as SessionFile.write lays it out, with what attributes writes after the header. */
    private void write(String id, Attributes attributes) throws java.io.IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
        out.writeInt(0x4c534253);
        out.writeInt(1);
        out.writeLong(System.currentTimeMillis());
        out.writeLong(System.currentTimeMillis());
        out.writeInt(1800);
        attributes.write(out);
        Files.write(directory.resolve("sess_" + id), bytes.toByteArray());
    }

    /** Told when it enters and leaves a session (also after being read back from the file, in another request). */
    static final class Bound implements HttpSessionBindingListener, Serializable {
        private static final long serialVersionUID = 1L;
        static final List<String> EVENTS = new CopyOnWriteArrayList<>();

        Bound(List<String> ignored) {
        }

        @Override
        public void valueBound(HttpSessionBindingEvent event) {
            EVENTS.add("bound");
        }

        @Override
        public void valueUnbound(HttpSessionBindingEvent event) {
            EVENTS.add("unbound");
        }
    }
}
