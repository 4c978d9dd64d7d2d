package io.github.lsbaws.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The application's servlets and filters, as Jetty's ServletHandler holds them apart from the
 * context: their registrations by name, the filter mappings in declaration order, the servlet
 * mapper built from the servlets' url-patterns, and their initialisation and destruction in
 * order.
 */
final class ServletRegistry {
    private final WebApplication app;
    private final Map<String, ServletHolder> servlets = new LinkedHashMap<>();
    private final Map<String, FilterHolder> filters = new LinkedHashMap<>();
    private final List<FilterHolder.FilterMapping> filterMappingsBefore = new ArrayList<>();
    private final List<FilterHolder.FilterMapping> filterMappingsAfter = new ArrayList<>();
    private List<FilterHolder.FilterMapping> filterMappings = List.of();
    private ServletMapper mapper;
    private int servletOrder;
    private final List<ServletHolder> initializedServlets = new ArrayList<>();
    private final List<FilterHolder> initializedFilters = new ArrayList<>();

    ServletRegistry(WebApplication app) {
        this.app = app;
    }

    ServletMapper mapper() {
        ServletMapper current = mapper;
        if (current == null) {
            current = new ServletMapper(servlets.values());
            mapper = current;
        }
        return current;
    }

    void mappingsChanged() {
        mapper = null;
    }

    /** The servlet a pattern is mapped to, or null. */
    ServletHolder servletMappedTo(String pattern) {
        for (ServletHolder holder : servlets.values()) {
            if (holder.getMappings().contains(pattern)) {
                return holder;
            }
        }
        return null;
    }

    List<FilterHolder.FilterMapping> filterMappings() {
        return filterMappings;
    }

    void addFilterMapping(FilterHolder.FilterMapping mapping, boolean isMatchAfter) {
        (isMatchAfter ? filterMappingsAfter : filterMappingsBefore).add(mapping);
        List<FilterHolder.FilterMapping> all = new ArrayList<>(filterMappingsBefore);
        all.addAll(filterMappingsAfter);
        filterMappings = List.copyOf(all);
    }

    /**
     * The filters for a dispatch, in the order of section 6.2.4: those whose url-pattern matches
     * path (null for a named dispatch), then those mapped to the servlet's name.
     */
    List<FilterHolder> filtersFor(ServletHolder servlet, String path, DispatcherType type) {
        List<FilterHolder> chain = null;
        for (FilterHolder.FilterMapping mapping : filterMappings) {
            if (mapping.appliesTo(type)) {
                for (String pattern : mapping.urlPatterns()) {
                    if (ServletMapper.filterMatches(pattern, path)) {
                        chain = add(chain, mapping.holder());
                        break;
                    }
                }
            }
        }
        for (FilterHolder.FilterMapping mapping : filterMappings) {
            if (mapping.appliesTo(type)) {
                for (String name : mapping.servletNames()) {
                    if (name.equals("*") || name.equals(servlet.getName())) {
                        chain = add(chain, mapping.holder());
                        break;
                    }
                }
            }
        }
        return chain == null ? List.of() : chain;
    }

    private static List<FilterHolder> add(List<FilterHolder> chain, FilterHolder holder) {
        List<FilterHolder> list = chain == null ? new ArrayList<>(4) : chain;
        list.add(holder);
        return list;
    }

    Map<String, ServletHolder> servletHolders() {
        return servlets;
    }

    Map<String, FilterHolder> filterHolders() {
        return filters;
    }

    ServletHolder newServlet(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a servlet needs a name");
        }
        return servlets.computeIfAbsent(name, key -> new ServletHolder(app, key, servletOrder++));
    }

    FilterHolder newFilter(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a filter needs a name");
        }
        return filters.computeIfAbsent(name, key -> new FilterHolder(app, key));
    }

    /** A new servlet, or one declared without a class (web.xml) completed; null if the name is taken. */
    ServletHolder registerServlet(String servletName, Consumer<ServletHolder> setClass) {
        ServletHolder holder = register(servlets, servletName, "servlet", this::newServlet, setClass);
        if (holder != null) {
            mappingsChanged();
        }
        return holder;
    }

    /** A new filter, or one declared without a class (web.xml) completed; null if the name is taken. */
    FilterHolder registerFilter(String filterName, Consumer<FilterHolder> setClass) {
        return register(filters, filterName, "filter", this::newFilter, setClass);
    }

    private static <H extends Holder<?>> H register(Map<String, H> holders, String name, String what,
                                                   Function<String, H> newHolder, Consumer<H> setClass) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a " + what + " needs a name");
        }
        H existing = holders.get(name);
        if (existing != null && existing.hasClass()) {
            return null;
        }
        H holder = newHolder.apply(name);
        setClass.accept(holder);
        return holder;
    }

    /**
     * Initialises every filter, then every servlet (load-on-startup ones in their order first,
     * then the others: a servlet initialised lazily would be initialised again in every child).
     */
    void initialize() throws ServletException {
        for (FilterHolder filter : new ArrayList<>(filters.values())) {
            if (!filter.hasClass()) {
                throw new ServletException("filter " + filter.getName() + " has no class");
            }
            filter.initialize();
            initializedFilters.add(filter);
        }
        List<ServletHolder> order = new ArrayList<>(servlets.values());
        order.sort((a, b) -> {
            int la = a.loadOnStartup() < 0 ? Integer.MAX_VALUE : a.loadOnStartup();
            int lb = b.loadOnStartup() < 0 ? Integer.MAX_VALUE : b.loadOnStartup();
            return la != lb ? Integer.compare(la, lb) : Integer.compare(a.order, b.order);
        });
        for (ServletHolder servlet : order) {
            if (!servlet.hasClass()) {
                throw new ServletException("servlet " + servlet.getName() + " has no class");
            }
            servlet.initialize();
            initializedServlets.add(servlet);
        }
        mapper();
    }

    /** Servlets and filters destroyed in the reverse of their initialisation. */
    void destroy() {
        for (int i = initializedServlets.size() - 1; i >= 0; i--) {
            initializedServlets.get(i).destroy();
        }
        for (int i = initializedFilters.size() - 1; i >= 0; i--) {
            initializedFilters.get(i).destroy();
        }
    }
}
