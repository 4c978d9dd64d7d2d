package io.github.lsbaws.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A filter of the application: its registration, its mappings and its one instance, initialised in the parent. */
final class FilterHolder implements FilterRegistration.Dynamic, FilterConfig {
    private final WebApplication app;
    private final String name;
    private String className;
    private Class<? extends Filter> type;
    private Filter instance;
    private final Map<String, String> initParameters = new LinkedHashMap<>();
    private boolean asyncSupported;
    private boolean initialized;

    FilterHolder(WebApplication app, String name) {
        this.app = app;
        this.name = name;
    }

    /** One filter-mapping: url-patterns or servlet names, for some dispatcher types. */
    record FilterMapping(FilterHolder holder, List<String> urlPatterns, List<String> servletNames,
                         EnumSet<DispatcherType> types) {
        boolean appliesTo(DispatcherType type) {
            return types.contains(type);
        }
    }

    void setClassName(String className) {
        this.className = className;
    }

    void setType(Class<? extends Filter> type) {
        this.type = type;
        this.className = type.getName();
    }

    void setInstance(Filter filter) {
        this.instance = filter;
        this.className = filter.getClass().getName();
    }

    boolean hasClass() {
        return className != null || type != null || instance != null;
    }

    void initialize() throws ServletException {
        if (initialized) {
            return;
        }
        if (instance == null) {
            Class<? extends Filter> filterClass = type != null ? type : app.loadClass(className, Filter.class);
            instance = app.createFilter(filterClass);
        }
        app.withApplicationLoader(() -> instance.init(this));
        initialized = true;
    }

    Filter filter() {
        return instance;
    }

    boolean asyncSupported() {
        return asyncSupported;
    }

    void destroy() {
        if (initialized) {
            initialized = false;
            try {
                app.withApplicationLoader(instance::destroy);
            } catch (Throwable t) {
                app.log("destroying filter " + name + " failed", t);
            }
        }
    }

    private static EnumSet<DispatcherType> types(EnumSet<DispatcherType> types) {
        return types == null || types.isEmpty() ? EnumSet.of(DispatcherType.REQUEST) : EnumSet.copyOf(types);
    }

    @Override
    public void addMappingForServletNames(EnumSet<DispatcherType> dispatcherTypes, boolean isMatchAfter, String... servletNames) {
        app.checkNotInitialized();
        if (servletNames == null || servletNames.length == 0) {
            throw new IllegalArgumentException("no servlet name");
        }
        app.addFilterMapping(new FilterMapping(this, List.of(), List.of(servletNames), types(dispatcherTypes)), isMatchAfter);
    }

    @Override
    public Collection<String> getServletNameMappings() {
        List<String> names = new ArrayList<>();
        for (FilterMapping mapping : app.filterMappings()) {
            if (mapping.holder() == this) {
                names.addAll(mapping.servletNames());
            }
        }
        return names;
    }

    @Override
    public void addMappingForUrlPatterns(EnumSet<DispatcherType> dispatcherTypes, boolean isMatchAfter, String... urlPatterns) {
        app.checkNotInitialized();
        if (urlPatterns == null || urlPatterns.length == 0) {
            throw new IllegalArgumentException("no URL pattern");
        }
        for (String pattern : urlPatterns) {
            if (pattern == null || !ServletMapper.isValidPattern(pattern)) {
                throw new IllegalArgumentException("'" + pattern + "' is not a valid url-pattern");
            }
        }
        app.addFilterMapping(new FilterMapping(this, List.of(urlPatterns), List.of(), types(dispatcherTypes)), isMatchAfter);
    }

    @Override
    public Collection<String> getUrlPatternMappings() {
        List<String> patterns = new ArrayList<>();
        for (FilterMapping mapping : app.filterMappings()) {
            if (mapping.holder() == this) {
                patterns.addAll(mapping.urlPatterns());
            }
        }
        return patterns;
    }

    @Override
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

    @Override
    public String getFilterName() {
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
        return "filter " + name + " (" + className + ")";
    }
}
