package io.github.lsbaws.servlet.scope;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The attributes of one scope: names to values, the scope's listeners told of each addition,
 * replacement and removal, a null value removing. A null name is refused with the
 * NullPointerException ServletContext's contract names, in every scope.
 *
 * @param <S> the scope
 * @param <L> the scope's attribute listener
 * @param <E> the scope's attribute event
 */
public final class Attributes<S, L, E> {
    private final S scope;
    private final Map<String, Object> values;
    private final List<L> listeners;
    private final AttributeEvents<S, L, E> events;

    /**
     * @param concurrent whether threads other than the request's may use them (the application's)
     * @param listeners the scope's listeners, as they are registered
     */
    public Attributes(S scope, boolean concurrent, List<L> listeners, AttributeEvents<S, L, E> events) {
        this.scope = scope;
        this.values = concurrent ? new ConcurrentHashMap<>() : new LinkedHashMap<>();
        this.listeners = listeners;
        this.events = events;
    }

    /** name, unless it is null. */
    public static String checkName(String name) {
        if (name == null) {
            throw new NullPointerException("null attribute name");
        }
        return name;
    }

    public Object get(String name) {
        return values.get(checkName(name));
    }

    /** The names, copied: a listener or the caller may change the attributes while going through them. */
    public List<String> names() {
        return new ArrayList<>(values.keySet());
    }

    /** Sets name to value (null: removes it); returns the value it replaced, or null. */
    public Object set(String name, Object value) {
        checkName(name);
        if (value == null) {
            return remove(name);
        }
        Object old = values.put(name, value);
        events.changed(scope, listeners, name, old, value);
        return old;
    }

    /** Removes name; returns its value, or null. */
    public Object remove(String name) {
        Object old = values.remove(checkName(name));
        events.changed(scope, listeners, name, old, null);
        return old;
    }
}
