package io.github.lsbaws.servlet;

import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletSecurityElement;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A servlet of the application: its registration (from web.xml, an annotation or a dynamic
 * call), its configuration, and once deployed its one instance, initialised in the parent.
 */
final class ServletHolder extends Holder<Servlet> implements ServletRegistration.Dynamic, ServletConfig {
    private final Set<String> mappings = new LinkedHashSet<>();
    private int loadOnStartup = -1;
    private MultipartConfigElement multipartConfig;
    private String runAsRole;
    /** Mappings a deployment descriptor or the application may take over: the container's own defaults. */
    private boolean overridable;
    /** Registration order: what breaks ties of load-on-startup. */
    final int order;

    ServletHolder(WebApplication app, String name, int order) {
        super(app, name, Servlet.class);
        this.order = order;
    }

    @Override
    String what() {
        return "servlet";
    }

    @Override
    Servlet create(Class<? extends Servlet> type) throws ServletException {
        return app.createServlet(type);
    }

    @Override
    void configure(Servlet servlet) {
        jakarta.servlet.annotation.MultipartConfig annotation = servlet.getClass()
                .getAnnotation(jakarta.servlet.annotation.MultipartConfig.class);
        if (multipartConfig == null && annotation != null) { // a servlet the descriptor declares keeps its annotation
            multipartConfig = new MultipartConfigElement(annotation);
        }
    }

    @Override
    void init(Servlet servlet) throws ServletException {
        servlet.init(this);
    }

    @Override
    void destroy(Servlet servlet) {
        servlet.destroy();
    }

    void setOverridable(boolean overridable) {
        this.overridable = overridable;
    }

    boolean isOverridable() {
        return overridable;
    }

    Servlet servlet() {
        return instance();
    }

    MultipartConfigElement multipartConfig() {
        return multipartConfig;
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
        app.log("warning: servlet " + getName() + " declares security constraints (@ServletSecurity or setServletSecurity);"
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
    public Set<String> addMapping(String... urlPatterns) {
        app.checkNotInitialized();
        checkPatterns(urlPatterns);
        Set<String> conflicts = new HashSet<>();
        for (String pattern : urlPatterns) {
            ServletHolder owner = app.registry().servletMappedTo(pattern);
            if (owner != null && owner != this && !owner.isOverridable()) {
                conflicts.add(pattern);
            }
        }
        if (!conflicts.isEmpty()) {
            return conflicts;
        }
        for (String pattern : urlPatterns) {
            ServletHolder owner = app.registry().servletMappedTo(pattern);
            if (owner != null && owner != this) {
                owner.removeMapping(pattern);
            }
            mappings.add(pattern);
        }
        app.registry().mappingsChanged();
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
    public String getServletName() {
        return getName();
    }
}
