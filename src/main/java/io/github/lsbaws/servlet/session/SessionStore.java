package io.github.lsbaws.servlet.session;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EventListener;
import java.util.List;
import java.util.function.Consumer;

/**
 * HttpSessions kept in files, one per session, as PHP's file session handler keeps them:
 * {@code <state dir>/sessions/sess_<id>}. A session is read when a request first asks for it,
 * under an exclusive lock on its file (so concurrent requests of one session, served by
 * different children, take turns), and written back and unlocked when the request ends: nothing
 * of a session lives only in a child's memory. Expired sessions are removed when found and by
 * a sweep of the directory that runs now and then (about one request in a hundred that used a
 * session), as PHP's probabilistic garbage collection does. Session ids are 128 bits from
 * /dev/urandom, read in the child that makes the session: a generator seeded in the parent would
 * hand every child the same ids.
 */
public final class SessionStore {
    static final String PREFIX = "sess_";
    /** One request in SWEEP_EVERY that ends with a session sweeps the directory. */
    private static final int SWEEP_EVERY = 100;

    private final Path directory;
    private final ClassLoader loader;
    private final ServletContext context;
    private final CookieConfig cookieConfig = new CookieConfig();
    private int defaultTimeoutMinutes = 30;
    final List<HttpSessionListener> listeners = new ArrayList<>();
    final List<HttpSessionAttributeListener> attributeListeners = new ArrayList<>();
    final List<HttpSessionIdListener> idListeners = new ArrayList<>();

    public SessionStore(Path directory, ClassLoader loader, ServletContext context) {
        this.directory = directory;
        this.loader = loader;
        this.context = context;
    }

    public CookieConfig cookieConfig() {
        return cookieConfig;
    }

    public int defaultTimeoutMinutes() {
        return defaultTimeoutMinutes;
    }

    public void setDefaultTimeoutMinutes(int minutes) {
        this.defaultTimeoutMinutes = minutes;
    }

    public Path directory() {
        return directory;
    }

    ClassLoader loader() {
        return loader;
    }

    ServletContext context() {
        return context;
    }

    public void addListener(EventListener listener) {
        if (listener instanceof HttpSessionListener l) {
            listeners.add(l);
        }
        if (listener instanceof HttpSessionAttributeListener l) {
            attributeListeners.add(l);
        }
        if (listener instanceof HttpSessionIdListener l) {
            idListeners.add(l);
        }
    }

    /** The sessions of one request: its cookie headers, where a new session cookie goes. */
    public RequestSessions forRequest(List<String> cookieHeaders, Consumer<Cookie> setCookie, String contextPath) {
        return new RequestSessions(this, cookieHeaders, setCookie, contextPath);
    }

    Path file(String id) {
        return directory.resolve(PREFIX + id);
    }

    /** Whether id can name a session file: what newId makes, nothing a cookie could use to leave the directory. */
    static boolean isValidId(String id) {
        if (id == null || id.length() != 32) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** 128 random bits from the kernel, as 32 hex digits. */
    static String newId() throws IOException {
        byte[] bytes = new byte[16];
        try (InputStream random = new FileInputStream("/dev/urandom")) {
            int read = 0;
            while (read < bytes.length) {
                int n = random.read(bytes, read, bytes.length - read);
                if (n < 0) {
                    throw new IOException("/dev/urandom ended");
                }
                read += n;
            }
        }
        char[] hex = new char[32];
        for (int i = 0; i < 16; i++) {
            hex[2 * i] = Character.forDigit((bytes[i] >> 4) & 15, 16);
            hex[2 * i + 1] = Character.forDigit(bytes[i] & 15, 16);
        }
        return new String(hex);
    }

    /** Whether this request should sweep: about one in SWEEP_EVERY, decided without a random generator. */
    static boolean sweepDue() {
        return (System.nanoTime() / 1000) % SWEEP_EVERY == 0;
    }

    /**
     * Removes every expired session file (its listeners told), skipping sessions a request holds.
     * Returns how many were removed.
     */
    public int sweep() {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        int removed = 0;
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, PREFIX + "*")) {
            for (Path file : stream) {
                files.add(file);
            }
        } catch (IOException e) {
            return 0;
        }
        long now = System.currentTimeMillis();
        for (Path file : files) {
            String id = file.getFileName().toString().substring(PREFIX.length());
            if (!isValidId(id)) {
                continue;
            }
            try (SessionFile session = SessionFile.tryOpen(this, id)) {
                if (session != null && session.removeIfExpired(now)) {
                    removed++;
                }
            } catch (IOException e) {
                // a file in use or gone: the next sweep looks again
            }
        }
        return removed;
    }
}
