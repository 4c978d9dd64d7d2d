package io.github.lsbaws.servlet;

import jakarta.servlet.Registration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a servlet and a filter of the application have alike, as Jetty's holders share a base:
 * the registration (a class name, a class or an instance), the init parameters, and the one
 * instance, created and initialised in the parent and destroyed once.
 *
 * @param <T> Servlet or Filter
 */
abstract class Holder<T> implements Registration.Dynamic {
    final WebApplication app;
    private final String name;
    private final Class<T> kind;
    private String className;
    private Class<? extends T> type;
    private T instance;
    private final Map<String, String> initParameters = new LinkedHashMap<>();
    private boolean asyncSupported;
    private boolean initialized;

    Holder(WebApplication app, String name, Class<T> kind) {
        this.app = app;
        this.name = name;
        this.kind = kind;
    }

    /** "servlet" or "filter", in messages. */
    abstract String what();

    /** A new instance of type, as the ServletContext's createServlet or createFilter makes it. */
    abstract T create(Class<? extends T> type) throws ServletException;

    /** Calls the instance's init with this holder as its configuration. */
    abstract void init(T instance) throws ServletException;

    abstract void destroy(T instance);

    /** What a holder reads from its instance before initialising it (its annotations). */
    void configure(T instance) {}

    void setClassName(String className) {
        this.className = className;
    }

    void setType(Class<? extends T> type) {
        this.type = type;
        this.className = type.getName();
    }

    void setInstance(T instance) {
        this.instance = instance;
        this.className = instance.getClass().getName();
    }

    boolean hasClass() {
        return className != null || type != null || instance != null;
    }

    /** Creates (if needed) and initialises the instance, once. */
    void initialize() throws ServletException {
        if (initialized) {
            return;
        }
        if (instance == null) {
            instance = create(type != null ? type : app.loadClass(className, kind));
        }
        T created = instance;
        configure(created);
        app.withApplicationLoader(() -> init(created));
        initialized = true;
    }

    T instance() {
        return instance;
    }

    void destroy() {
        if (initialized) {
            initialized = false;
            try {
                T initializedInstance = instance;
                app.withApplicationLoader(() -> destroy(initializedInstance));
            } catch (Throwable t) {
                app.log("destroying " + what() + " " + name + " failed", t);
            }
        }
    }

    boolean asyncSupported() {
        return asyncSupported;
    }

    /** Refuses an empty or invalid list of url-patterns, as both registrations must. */
    static void checkPatterns(String... urlPatterns) {
        if (urlPatterns == null || urlPatterns.length == 0) {
            throw new IllegalArgumentException("no URL pattern");
        }
        for (String pattern : urlPatterns) {
            if (pattern == null || !ServletMapper.isValidPattern(pattern)) {
                throw new IllegalArgumentException("'" + pattern + "' is not a valid url-pattern");
            }
        }
    }

    // Registration.Dynamic

    public void setAsyncSupported(boolean isAsyncSupported) {
        app.checkNotInitialized();
        this.asyncSupported = isAsyncSupported;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getClassName() {
        return className;
    }

    @Override
    public boolean setInitParameter(String key, String value) {
        app.checkNotInitialized();
        if (key == null || value == null) {
            throw new IllegalArgumentException("null init parameter name or value");
        }
        if (initParameters.containsKey(key)) {
            return false;
        }
        initParameters.put(key, value);
        return true;
    }

    /** web.xml's init-param: replaces an annotation's value of the same name. */
    void putInitParameter(String key, String value) {
        initParameters.put(key, value);
    }

    @Override
    public String getInitParameter(String key) {
        return initParameters.get(key);
    }

    @Override
    public Set<String> setInitParameters(Map<String, String> parameters) {
        app.checkNotInitialized();
        Set<String> conflicts = new HashSet<>();
        for (Map.Entry<String, String> entry : parameters.entrySet()) {
            if (entry.getKey() == null || entry.getValue() == null) {
                throw new IllegalArgumentException("null init parameter name or value");
            }
            if (initParameters.containsKey(entry.getKey())) {
                conflicts.add(entry.getKey());
            }
        }
        if (conflicts.isEmpty()) {
            initParameters.putAll(parameters);
        }
        return conflicts;
    }

    @Override
    public Map<String, String> getInitParameters() {
        return Collections.unmodifiableMap(initParameters);
    }

    // ServletConfig and FilterConfig

    public ServletContext getServletContext() {
        return app;
    }

    public Enumeration<String> getInitParameterNames() {
        return Collections.enumeration(initParameters.keySet());
    }

    @Override
    public String toString() {
        return what() + " " + name + " (" + className + ")";
    }
}
