package io.github.lsbaws.servlet.session;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The session of one request: found by its cookie (the first JSESSIONID naming a live session)
 * when the application first asks, or made; saved and unlocked by {@link #end} when the request
 * is done.
 */
public final class RequestSessions {
    private final SessionStore store;
    private final List<String> cookieHeaders;
    private final Consumer<Cookie> setCookie;
    private final String contextPath;
    private String requestedId;
    private boolean requestedParsed;
    private boolean looked;
    private boolean requestedValid;
    private FileSession session;

    RequestSessions(SessionStore store, List<String> cookieHeaders, Consumer<Cookie> setCookie, String contextPath) {
        this.store = store;
        this.cookieHeaders = cookieHeaders;
        this.setCookie = setCookie;
        this.contextPath = contextPath;
    }

    /** The session id the client sent (the first of its session cookies), or null. */
    public String requestedId() {
        if (!requestedParsed) {
            requestedParsed = true;
            Cookie[] cookies = io.github.lsbaws.servlet.codec.Cookies.parse(cookieHeaders);
            if (cookies != null) {
                String name = store.cookieConfig().getName();
                for (Cookie cookie : cookies) {
                    if (cookie.getName().equals(name)) {
                        if (requestedId == null) {
                            requestedId = cookie.getValue();
                        }
                        if (SessionStore.isValidId(cookie.getValue()) && java.nio.file.Files.exists(store.file(cookie.getValue()))) {
                            requestedId = cookie.getValue();
                            break;
                        }
                    }
                }
            }
        }
        return requestedId;
    }

    public boolean requestedIdValid() {
        lookUp();
        return requestedValid && session != null && session.isValid() && session.getId().equals(requestedId);
    }

    public boolean hasSession() {
        return session != null && session.isValid();
    }

    /** The request's session: the client's if it is live, else a new one when create is true. */
    public HttpSession session(boolean create) {
        lookUp();
        if (session != null && session.isValid()) {
            return session;
        }
        if (!create) {
            return null;
        }
        if (session != null) { // invalidated in this request: its file goes now, a new session begins
            close(session);
            session = null;
        }
        try {
            SessionFile file = SessionFile.create(store);
            session = new FileSession(file, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a session file in " + store.directory(), e);
        }
        sendCookie(session.getId());
        session.created();
        return session;
    }

    /** Reads the requested session, once: locked for the rest of the request if it is live. */
    private void lookUp() {
        if (looked) {
            return;
        }
        looked = true;
        String id = requestedId();
        if (!SessionStore.isValidId(id)) {
            return;
        }
        try {
            SessionFile file = SessionFile.open(store, id);
            if (file == null) {
                return;
            }
            if (file.removeIfExpired(System.currentTimeMillis())) {
                file.close();
                return;
            }
            session = new FileSession(file, false);
            requestedValid = true;
            session.activated();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read session " + id, e);
        }
    }

    /** HttpServletRequest.changeSessionId: the same session under a new id, listeners told, a new cookie sent. */
    public String changeId() {
        lookUp();
        if (session == null || !session.isValid()) {
            throw new IllegalStateException("the request has no session");
        }
        String oldId = session.getId();
        try {
            String newId;
            do {
                newId = SessionStore.newId();
            } while (java.nio.file.Files.exists(store.file(newId)));
            session.file().changeId(newId);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot change the id of session " + oldId, e);
        }
        sendCookie(session.getId());
        HttpSessionEvent event = new HttpSessionEvent(session);
        for (HttpSessionIdListener listener : store.idListeners) {
            listener.sessionIdChanged(event, oldId);
        }
        return session.getId();
    }

    private void sendCookie(String id) {
        Cookie cookie = new Cookie(store.cookieConfig().getName(), id);
        for (Map.Entry<String, String> attribute : store.cookieConfig().getAttributes().entrySet()) {
            cookie.setAttribute(attribute.getKey(), attribute.getValue());
        }
        if (cookie.getPath() == null) {
            cookie.setPath(contextPath.isEmpty() ? "/" : contextPath);
        }
        setCookie.accept(cookie);
    }

    /** At the end of the request: the session saved (or removed) and unlocked; now and then a sweep. */
    public void end() {
        if (session == null) {
            return;
        }
        close(session);
        session = null;
        if (SessionStore.sweepDue()) {
            store.sweep();
        }
    }

    private void close(FileSession current) {
        try (SessionFile file = current.file()) {
            current.save();
        } catch (IOException e) {
            store.context().log("saving session " + current.getId() + " failed: " + e);
        }
    }
}
