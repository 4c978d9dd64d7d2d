package io.github.lsbaws.servlet.session;

import io.github.lsbaws.servlet.scope.AttributeEvents;
import io.github.lsbaws.servlet.scope.Attributes;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionActivationListener;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A session during one request: read from its locked file, its attributes deserialized when
 * first asked for (with the application's class loader), and at the end of the request every
 * attribute the request touched serialized again (an object changed in place is saved too) and
 * the file written.
 */
final class FileSession implements HttpSession {
    private static final AttributeEvents<FileSession, HttpSessionAttributeListener, HttpSessionBindingEvent> ATTRIBUTE_EVENTS =
            new AttributeEvents<>(HttpSessionBindingEvent::new, HttpSessionAttributeListener::attributeAdded,
                    HttpSessionAttributeListener::attributeReplaced, HttpSessionAttributeListener::attributeRemoved);
    private final SessionFile file;
    private final boolean fresh;
    private final long creationTime;
    private final long lastAccessedTime;
    private final long thisAccess;
    private int maxInactiveSeconds;
    private final Map<String, byte[]> stored;
    private final Map<String, Object> live = new HashMap<>();
    private final Set<String> touched = new LinkedHashSet<>();
    private boolean valid = true;

    FileSession(SessionFile file, boolean fresh) {
        this.file = file;
        this.fresh = fresh;
        this.creationTime = file.creationTime;
        this.lastAccessedTime = file.lastAccessedTime;
        this.thisAccess = System.currentTimeMillis();
        this.maxInactiveSeconds = file.maxInactiveSeconds;
        this.stored = new LinkedHashMap<>(file.attributes);
    }

    SessionFile file() {
        return file;
    }

    boolean isValid() {
        return valid;
    }

    private void checkValid() {
        if (!valid) {
            throw new IllegalStateException("the session " + file.id + " was invalidated");
        }
    }

    /** Tells activation listeners the session was read from its file. */
    void activated() {
        HttpSessionEvent event = null;
        for (String name : new ArrayList<>(stored.keySet())) {
            Object value = value(name);
            if (value instanceof HttpSessionActivationListener listener) {
                if (event == null) {
                    event = new HttpSessionEvent(this);
                }
                listener.sessionDidActivate(event);
            }
        }
    }

    /** Writes the session back (or removes it, invalidated). */
    void save() throws IOException {
        if (!valid) {
            file.remove();
            return;
        }
        HttpSessionEvent event = null;
        for (Object value : live.values()) {
            if (value instanceof HttpSessionActivationListener listener) {
                if (event == null) {
                    event = new HttpSessionEvent(this);
                }
                listener.sessionWillPassivate(event);
            }
        }
        for (String name : touched) {
            Object value = live.get(name);
            if (value != null) {
                try {
                    stored.put(name, serialize(name, value));
                } catch (IllegalArgumentException e) {
                    file.store.context().log("session attribute '" + name + "' could not be saved: " + e.getMessage());
                }
            }
        }
        file.write(creationTime, thisAccess, maxInactiveSeconds, stored);
    }

    private byte[] serialize(String name, Object value) {
        if (!(value instanceof Serializable)) {
            throw notSerializable(name, value, null);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (NotSerializableException e) {
            throw notSerializable(name, value, e);
        } catch (IOException e) {
            throw new IllegalArgumentException("session attribute '" + name + "' could not be serialized: " + e, e);
        }
        return bytes.toByteArray();
    }

    private static IllegalArgumentException notSerializable(String name, Object value, NotSerializableException cause) {
        return new IllegalArgumentException("session attribute '" + name + "' (a " + value.getClass().getName()
                + ") is not Serializable" + (cause == null ? "" : " (" + cause.getMessage() + " is not)")
                + ": lsbaws keeps each session in a file between requests, since every request is served by another"
                + " forked process; make it implement java.io.Serializable", cause);
    }

    private Object value(String name) {
        Object value = live.get(name);
        if (value != null) {
            return value;
        }
        byte[] bytes = stored.get(name);
        if (bytes == null) {
            return null;
        }
        try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(bytes), file.store.loader())) {
            value = in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            file.store.context().log("session attribute '" + name + "' could not be read back (" + e + "): dropped");
            stored.remove(name);
            return null;
        }
        live.put(name, value);
        return value;
    }

    /** Deserializes with the application's classes. */
    private static final class LoaderObjectInputStream extends ObjectInputStream {
        private final ClassLoader loader;

        LoaderObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
            super(in);
            this.loader = loader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass description) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(description.getName(), false, loader);
            } catch (ClassNotFoundException e) {
                return super.resolveClass(description);
            }
        }
    }

    /** An expired session found in its file: listeners told of its end and of each attribute's unbinding. */
    static void expire(SessionFile file) {
        FileSession session = new FileSession(file, false);
        session.notifyDestroyed();
    }

    private void notifyDestroyed() {
        SessionStore store = file.store;
        HttpSessionEvent event = new HttpSessionEvent(this);
        for (int i = store.listeners.size() - 1; i >= 0; i--) {
            try {
                store.listeners.get(i).sessionDestroyed(event);
            } catch (RuntimeException e) {
                store.context().log("HttpSessionListener.sessionDestroyed failed", e);
            }
        }
        for (String name : new ArrayList<>(stored.keySet())) {
            Object value = value(name);
            stored.remove(name);
            live.remove(name);
            unbound(name, value);
        }
        valid = false;
    }

    private void unbound(String name, Object value) {
        if (value == null) {
            return;
        }
        HttpSessionBindingEvent event = new HttpSessionBindingEvent(this, name, value);
        if (value instanceof HttpSessionBindingListener listener) {
            listener.valueUnbound(event);
        }
        ATTRIBUTE_EVENTS.changed(this, file.store.attributeListeners, name, value, null);
    }

    void created() {
        HttpSessionEvent event = new HttpSessionEvent(this);
        for (HttpSessionListener listener : file.store.listeners) {
            listener.sessionCreated(event);
        }
    }

    // HttpSession

    @Override
    public long getCreationTime() {
        checkValid();
        return creationTime;
    }

    @Override
    public String getId() {
        return file.id;
    }

    @Override
    public long getLastAccessedTime() {
        checkValid();
        return lastAccessedTime;
    }

    @Override
    public ServletContext getServletContext() {
        return file.store.context();
    }

    @Override
    public void setMaxInactiveInterval(int interval) {
        maxInactiveSeconds = interval;
    }

    @Override
    public int getMaxInactiveInterval() {
        return maxInactiveSeconds;
    }

    @Override
    public Object getAttribute(String name) {
        checkValid();
        Attributes.checkName(name);
        Object value = value(name);
        if (value != null) {
            touched.add(name);
        }
        return value;
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        checkValid();
        return Collections.enumeration(new ArrayList<>(stored.keySet()));
    }

    @Override
    public void setAttribute(String name, Object value) {
        checkValid();
        Attributes.checkName(name);
        if (value == null) {
            removeAttribute(name);
            return;
        }
        byte[] bytes = serialize(name, value); // a value that cannot be kept is refused now, not at the end
        Object old = value(name);
        live.put(name, value);
        stored.put(name, bytes);
        touched.add(name);
        if (value instanceof HttpSessionBindingListener listener && old != value) {
            listener.valueBound(new HttpSessionBindingEvent(this, name, value));
        }
        if (old != null && old != value && old instanceof HttpSessionBindingListener listener) {
            listener.valueUnbound(new HttpSessionBindingEvent(this, name, old));
        }
        ATTRIBUTE_EVENTS.changed(this, file.store.attributeListeners, name, old, value);
    }

    @Override
    public void removeAttribute(String name) {
        checkValid();
        Attributes.checkName(name);
        Object old = value(name);
        stored.remove(name);
        live.remove(name);
        touched.remove(name);
        unbound(name, old);
    }

    @Override
    public void invalidate() {
        checkValid();
        notifyDestroyed();
    }

    @Override
    public boolean isNew() {
        checkValid();
        return fresh;
    }

    List<String> attributeNames() {
        return new ArrayList<>(stored.keySet());
    }
}
