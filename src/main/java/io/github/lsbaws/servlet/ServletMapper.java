package io.github.lsbaws.servlet;

import jakarta.servlet.http.MappingMatch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The mapping rules of Servlet 6.1 section 12.1, tried in order on the path within the context:
 * an exact match (the empty pattern "" is the context root "/"), the longest path prefix
 * ("/a/*", "/*"), an extension ("*.jsp", matched on the last segment), then the default servlet
 * ("/"). Built once from the registrations; lookups allocate only the result.
 */
final class ServletMapper {
    private final Map<String, ServletHolder> exact = new HashMap<>();
    /** Prefix patterns without their "/*", longest first. */
    private final List<Map.Entry<String, ServletHolder>> prefixes = new ArrayList<>();
    private final Map<String, ServletHolder> extensions = new HashMap<>();
    private ServletHolder contextRoot;
    private ServletHolder defaultServlet;

    ServletMapper(Iterable<ServletHolder> holders) {
        for (ServletHolder holder : holders) {
            for (String pattern : holder.getMappings()) {
                add(pattern, holder);
            }
        }
        prefixes.sort(Comparator.comparingInt((Map.Entry<String, ServletHolder> e) -> e.getKey().length()).reversed());
    }

    private void add(String pattern, ServletHolder holder) {
        if (pattern.isEmpty()) {
            contextRoot = holder;
        } else if (pattern.equals("/")) {
            defaultServlet = holder;
        } else if (pattern.endsWith("/*") && pattern.startsWith("/")) {
            prefixes.add(Map.entry(pattern.substring(0, pattern.length() - 2), holder));
        } else if (pattern.startsWith("*.")) {
            extensions.put(pattern.substring(2), holder);
        } else {
            exact.put(pattern, holder);
        }
    }

    /** Whether pattern is a valid url-pattern (section 12.2). */
    static boolean isValidPattern(String pattern) {
        if (pattern.isEmpty() || pattern.equals("/")) {
            return true;
        }
        if (pattern.startsWith("*.")) {
            return pattern.indexOf('/') < 0 && pattern.length() > 2;
        }
        if (!pattern.startsWith("/")) {
            return false;
        }
        int star = pattern.indexOf('*');
        return star < 0 || (star == pattern.length() - 1 && pattern.endsWith("/*"));
    }

    /** The mapping of path (canonical, within the context, starting with '/'), or null when nothing matches. */
    Mapping map(String path) {
        if (path.equals("/") && contextRoot != null) {
            return new Mapping(contextRoot, "", "/", "", "", MappingMatch.CONTEXT_ROOT);
        }
        ServletHolder holder = exact.get(path);
        if (holder != null) {
            return new Mapping(holder, path, null, path.substring(1), path, MappingMatch.EXACT);
        }
        for (Map.Entry<String, ServletHolder> prefix : prefixes) {
            String base = prefix.getKey();
            if (path.startsWith(base) && (path.length() == base.length() || path.charAt(base.length()) == '/')) {
                String pathInfo = path.length() == base.length() ? null : path.substring(base.length());
                return new Mapping(prefix.getValue(), base, pathInfo, pathInfo == null ? "" : pathInfo.substring(1),
                        base + "/*", MappingMatch.PATH);
            }
        }
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        if (dot > slash) {
            holder = extensions.get(path.substring(dot + 1));
            if (holder != null) {
                return new Mapping(holder, path, null, path.substring(1, dot), "*." + path.substring(dot + 1),
                        MappingMatch.EXTENSION);
            }
        }
        if (defaultServlet != null) {
            return new Mapping(defaultServlet, path, null, "", "/", MappingMatch.DEFAULT);
        }
        return null;
    }

    /** The servlet an exact or extension pattern maps path to (welcome files may be servlets), or null. */
    ServletHolder exactOrExtension(String path) {
        ServletHolder holder = exact.get(path);
        if (holder != null) {
            return holder;
        }
        int dot = path.lastIndexOf('.');
        return dot > path.lastIndexOf('/') ? extensions.get(path.substring(dot + 1)) : null;
    }

    /** Whether a filter's url-pattern matches path (null for a named dispatch: none does). */
    static boolean filterMatches(String pattern, String path) {
        if (path == null) {
            return false;
        }
        if (pattern.equals("/*") || pattern.equals("/")) {
            return true;
        }
        if (pattern.isEmpty()) {
            return path.equals("/");
        }
        if (pattern.endsWith("/*")) {
            String base = pattern.substring(0, pattern.length() - 2);
            return path.startsWith(base) && (path.length() == base.length() || path.charAt(base.length()) == '/');
        }
        if (pattern.startsWith("*.")) {
            int slash = path.lastIndexOf('/');
            int dot = path.lastIndexOf('.');
            return dot > slash && path.regionMatches(dot + 1, pattern, 2, pattern.length() - 2)
                    && path.length() - dot - 1 == pattern.length() - 2;
        }
        return pattern.equals(path);
    }
}
