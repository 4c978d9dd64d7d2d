package io.github.lsbaws.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;

/** A filter of the application: its registration, its mappings and its one instance, initialised in the parent. */
final class FilterHolder extends Holder<Filter> implements FilterRegistration.Dynamic, FilterConfig {
    FilterHolder(WebApplication app, String name) {
        super(app, name, Filter.class);
    }

    /** One filter-mapping: url-patterns or servlet names, for some dispatcher types. */
    record FilterMapping(FilterHolder holder, List<String> urlPatterns, List<String> servletNames,
                         EnumSet<DispatcherType> types) {
        boolean appliesTo(DispatcherType type) {
            return types.contains(type);
        }
    }

    @Override
    String what() {
        return "filter";
    }

    @Override
    Filter create(Class<? extends Filter> type) throws ServletException {
        return app.createFilter(type);
    }

    @Override
    void init(Filter filter) throws ServletException {
        filter.init(this);
    }

    @Override
    void destroy(Filter filter) {
        filter.destroy();
    }

    Filter filter() {
        return instance();
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
        app.registry().addFilterMapping(new FilterMapping(this, List.of(), List.of(servletNames), types(dispatcherTypes)), isMatchAfter);
    }

    @Override
    public Collection<String> getServletNameMappings() {
        List<String> names = new ArrayList<>();
        for (FilterMapping mapping : app.registry().filterMappings()) {
            if (mapping.holder() == this) {
                names.addAll(mapping.servletNames());
            }
        }
        return names;
    }

    @Override
    public void addMappingForUrlPatterns(EnumSet<DispatcherType> dispatcherTypes, boolean isMatchAfter, String... urlPatterns) {
        app.checkNotInitialized();
        checkPatterns(urlPatterns);
        app.registry().addFilterMapping(new FilterMapping(this, List.of(urlPatterns), List.of(), types(dispatcherTypes)), isMatchAfter);
    }

    @Override
    public Collection<String> getUrlPatternMappings() {
        List<String> patterns = new ArrayList<>();
        for (FilterMapping mapping : app.registry().filterMappings()) {
            if (mapping.holder() == this) {
                patterns.addAll(mapping.urlPatterns());
            }
        }
        return patterns;
    }

    @Override
    public String getFilterName() {
        return getName();
    }
}
