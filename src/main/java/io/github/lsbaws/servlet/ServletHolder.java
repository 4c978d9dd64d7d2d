package io.github.lsbaws.servlet;

import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletSecurityElement;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A servlet of the application: its registration (from web.xml, an annotation or a dynamic
 * call), its configuration, and once deployed its one instance, initialised in the parent.
 */
final class ServletHolder implements ServletRegistration.Dynamic, ServletConfig {
    private final WebApplication app;
    private final String name;
    private String className;
    private Class<? extends Servlet> type;
    private Servlet instance;
    private final Map<String, String> initParameters = new LinkedHashMap<>();
    private final Set<String> mappings = new LinkedHashSet<>();
    private int loadOnStartup = -1;
    private boolean asyncSupported;
    private MultipartConfigElement multipartConfig;
    private String runAsRole;
    /** Mappings a deployment descriptor or the application may take over: the container's own defaults. */
    private boolean overridable;
    private boolean initialized;
    /** Registration order: what breaks ties of load-on-startup. */
    final int order;

    ServletHolder(WebApplication app, String name, int order) {
        this.app = app;
        this.name = name;
        this.order = order;
    }

    void setClassName(String className) {
        this.className = className;
    }

    void setType(Class<? extends Servlet> type) {
        this.type = type;
        this.className = type.getName();
    }

    void setInstance(Servlet servlet) {
        this.instance = servlet;
        this.className = servlet.getClass().getName();
    }

    boolean hasClass() {
        return className != null || type != null || instance != null;
    }

    void setOverridable(boolean overridable) {
        this.overridable = overridable;
    }

    boolean isOverridable() {
        return overridable;
    }

    /** Creates (if needed) and initialises the servlet, once. */
    void initialize() throws ServletException {
        if (initialized) {
            return;
        }
        if (instance == null) {
            Class<? extends Servlet> servletClass = type != null ? type : app.loadClass(className, Servlet.class);
            instance = app.createServlet(servletClass);
        }
        jakarta.servlet.annotation.MultipartConfig annotation = instance.getClass()
                .getAnnotation(jakarta.servlet.annotation.MultipartConfig.class);
        if (multipartConfig == null && annotation != null) { // a servlet the descriptor declares keeps its annotation
            multipartConfig = new MultipartConfigElement(annotation);
        }
        app.withApplicationLoader(() -> instance.init(this));
        initialized = true;
    }

    boolean isInitialized() {
        return initialized;
    }

    Servlet servlet() {
        return instance;
    }

    void destroy() {
        if (initialized) {
            initialized = false;
            try {
                app.withApplicationLoader(instance::destroy);
            } catch (Throwable t) {
                app.log("destroying servlet " + name + " failed", t);
            }
        }
    }

    Class<?> servletClass() {
        return instance != null ? instance.getClass() : type;
    }

    MultipartConfigElement multipartConfig() {
        return multipartConfig;
    }

    boolean asyncSupported() {
        return asyncSupported;
    }

    /** Adds mappings without the conflict check (the container's defaults). */
    void addOwnMapping(String pattern) {
        mappings.add(pattern);
    }

    void removeMapping(String pattern) {
        mappings.remove(pattern);
    }

    // ServletRegistration.Dynamic

    @Override
    public void setLoadOnStartup(int loadOnStartup) {
        app.checkNotInitialized();
        this.loadOnStartup = loadOnStartup;
    }

    int loadOnStartup() {
        return loadOnStartup;
    }

    @Override
    public Set<String> setServletSecurity(ServletSecurityElement constraint) {
        app.checkNotInitialized();
        if (constraint == null) {
            throw new IllegalArgumentException("null constraint");
        }
        app.log("warning: servlet " + name + " declares security constraints (@ServletSecurity or setServletSecurity);"
                + " lsbaws is a development server without container security: they are NOT enforced");
        return Set.of();
    }

    @Override
    public void setMultipartConfig(MultipartConfigElement multipartConfig) {
        app.checkNotInitialized();
        if (multipartConfig == null) {
            throw new IllegalArgumentException("null multipart config");
        }
        this.multipartConfig = multipartConfig;
    }

    @Override
    public void setRunAsRole(String roleName) {
        app.checkNotInitialized();
        if (roleName == null) {
            throw new IllegalArgumentException("null role");
        }
        this.runAsRole = roleName;
    }

    @Override
    public void setAsyncSupported(boolean isAsyncSupported) {
        app.checkNotInitialized();
        this.asyncSupported = isAsyncSupported;
    }

    @Override
    public Set<String> addMapping(String... urlPatterns) {
        app.checkNotInitialized();
        if (urlPatterns == null || urlPatterns.length == 0) {
            throw new IllegalArgumentException("no URL pattern");
        }
        Set<String> conflicts = new HashSet<>();
        for (String pattern : urlPatterns) {
            if (pattern == null || !ServletMapper.isValidPattern(pattern)) {
                throw new IllegalArgumentException("'" + pattern + "' is not a valid url-pattern");
            }
            ServletHolder owner = app.servletMappedTo(pattern);
            if (owner != null && owner != this && !owner.isOverridable()) {
                conflicts.add(pattern);
            }
        }
        if (!conflicts.isEmpty()) {
            return conflicts;
        }
        for (String pattern : urlPatterns) {
            ServletHolder owner = app.servletMappedTo(pattern);
            if (owner != null && owner != this) {
                owner.removeMapping(pattern);
            }
            mappings.add(pattern);
        }
        app.mappingsChanged();
        return Set.of();
    }

    @Override
    public Collection<String> getMappings() {
        return Collections.unmodifiableSet(mappings);
    }

    @Override
    public String getRunAsRole() {
        return runAsRole;
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

    // ServletConfig

    @Override
    public String getServletName() {
        return name;
    }

    @Override
    public ServletContext getServletContext() {
        return app;
    }

    @Override
    public Enumeration<String> getInitParameterNames() {
        return Collections.enumeration(initParameters.keySet());
    }

    @Override
    public String toString() {
        return "servlet " + name + " (" + className + ")";
    }
}
