package io.github.lsbaws.servlet;

import io.github.lsbaws.servlet.codec.FormDecoder;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A request as the target of a forward, include or error dispatch sees it (Servlet 6.1 chapter
 * 9): its dispatcher type, the paths of the target (forward, error) or of the original request
 * (include), the query parameters of the dispatch path merged before the request's own, and the
 * dispatch's attributes (jakarta.servlet.forward.*, include.*, error.*) over the request's.
 */
final class DispatchedRequest extends HttpServletRequestWrapper {
    private final DispatcherType type;
    /** The target's mapping for forward and error dispatches; null for include and named dispatches (paths unchanged). */
    private final Mapping mapping;
    private final String contextPath;
    private final String queryString;
    private final boolean newQuery;
    private final Map<String, Object> overlay;
    private Map<String, List<String>> parameters;

    DispatchedRequest(HttpServletRequest request, DispatcherType type, Mapping mapping, String contextPath,
                      String dispatchQuery, Map<String, Object> attributes) {
        super(request);
        this.type = type;
        this.mapping = mapping;
        this.contextPath = contextPath;
        this.newQuery = dispatchQuery != null;
        this.queryString = dispatchQuery;
        this.overlay = attributes;
    }

    /** The attributes a forward sets: those of the request as it was before the first forward. */
    static Map<String, Object> forwardAttributes(HttpServletRequest request) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        if (request.getAttribute(RequestDispatcher.FORWARD_REQUEST_URI) != null) {
            for (String name : new String[] {RequestDispatcher.FORWARD_REQUEST_URI, RequestDispatcher.FORWARD_CONTEXT_PATH,
                    RequestDispatcher.FORWARD_SERVLET_PATH, RequestDispatcher.FORWARD_PATH_INFO,
                    RequestDispatcher.FORWARD_QUERY_STRING, RequestDispatcher.FORWARD_MAPPING}) {
                attributes.put(name, request.getAttribute(name));
            }
            return attributes;
        }
        attributes.put(RequestDispatcher.FORWARD_REQUEST_URI, request.getRequestURI());
        attributes.put(RequestDispatcher.FORWARD_CONTEXT_PATH, request.getContextPath());
        attributes.put(RequestDispatcher.FORWARD_SERVLET_PATH, request.getServletPath());
        attributes.put(RequestDispatcher.FORWARD_PATH_INFO, request.getPathInfo());
        attributes.put(RequestDispatcher.FORWARD_QUERY_STRING, request.getQueryString());
        attributes.put(RequestDispatcher.FORWARD_MAPPING, request.getHttpServletMapping());
        return attributes;
    }

    /** The attributes an include sets: the target's paths. */
    static Map<String, Object> includeAttributes(String contextPath, Mapping target, String query) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put(RequestDispatcher.INCLUDE_REQUEST_URI, contextPath + target.pathInContext());
        attributes.put(RequestDispatcher.INCLUDE_CONTEXT_PATH, contextPath);
        attributes.put(RequestDispatcher.INCLUDE_SERVLET_PATH, target.servletPath());
        attributes.put(RequestDispatcher.INCLUDE_PATH_INFO, target.pathInfo());
        attributes.put(RequestDispatcher.INCLUDE_QUERY_STRING, query);
        attributes.put(RequestDispatcher.INCLUDE_MAPPING, target);
        return attributes;
    }

    @Override
    public DispatcherType getDispatcherType() {
        return type;
    }

    @Override
    public String getRequestURI() {
        return mapping == null ? super.getRequestURI() : contextPath + encodePath(mapping.pathInContext());
    }

    @Override
    public StringBuffer getRequestURL() {
        if (mapping == null) {
            return super.getRequestURL();
        }
        StringBuffer url = new StringBuffer("http://").append(getServerName());
        if (getServerPort() != 80) {
            url.append(':').append(getServerPort());
        }
        return url.append(getRequestURI());
    }

    @Override
    public String getServletPath() {
        return mapping == null ? super.getServletPath() : mapping.servletPath();
    }

    @Override
    public String getPathInfo() {
        return mapping == null ? super.getPathInfo() : mapping.pathInfo();
    }

    @Override
    public HttpServletMapping getHttpServletMapping() {
        return mapping == null ? super.getHttpServletMapping() : mapping;
    }

    @Override
    public String getQueryString() {
        if (mapping != null && newQuery) {
            return queryString;
        }
        return super.getQueryString();
    }

    @Override
    public RequestDispatcher getRequestDispatcher(String path) {
        if (path == null || path.startsWith("/") || mapping == null) {
            return super.getRequestDispatcher(path);
        }
        String current = mapping.pathInContext();
        return super.getRequestDispatcher(current.substring(0, current.lastIndexOf('/') + 1) + path);
    }

    // Attributes

    @Override
    public Object getAttribute(String name) {
        if (overlay.containsKey(name)) {
            return overlay.get(name);
        }
        return super.getAttribute(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        Set<String> names = new LinkedHashSet<>(Collections.list(super.getAttributeNames()));
        for (Map.Entry<String, Object> entry : overlay.entrySet()) {
            if (entry.getValue() != null) {
                names.add(entry.getKey());
            }
        }
        return Collections.enumeration(names);
    }

    @Override
    public void setAttribute(String name, Object value) {
        if (overlay.containsKey(name)) {
            overlay.put(name, value);
        } else {
            super.setAttribute(name, value);
        }
    }

    @Override
    public void removeAttribute(String name) {
        if (overlay.containsKey(name)) {
            overlay.put(name, null);
        } else {
            super.removeAttribute(name);
        }
    }

    // Parameters: the dispatch query's first (section 9.1.1)

    private Map<String, List<String>> parameters() {
        if (parameters == null) {
            Map<String, List<String>> merged = new LinkedHashMap<>();
            FormDecoder.decode(queryString, StandardCharsets.UTF_8, merged);
            for (Map.Entry<String, String[]> entry : super.getParameterMap().entrySet()) {
                List<String> values = merged.computeIfAbsent(entry.getKey(), key -> new ArrayList<>());
                Collections.addAll(values, entry.getValue());
            }
            parameters = merged;
        }
        return parameters;
    }

    @Override
    public String getParameter(String name) {
        if (queryString == null) {
            return super.getParameter(name);
        }
        List<String> values = parameters().get(name);
        return values == null ? null : values.get(0);
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        if (queryString == null) {
            return super.getParameterMap();
        }
        Map<String, String[]> map = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> entry : parameters().entrySet()) {
            map.put(entry.getKey(), entry.getValue().toArray(new String[0]));
        }
        return Collections.unmodifiableMap(map);
    }

    @Override
    public Enumeration<String> getParameterNames() {
        if (queryString == null) {
            return super.getParameterNames();
        }
        return Collections.enumeration(parameters().keySet());
    }

    @Override
    public String[] getParameterValues(String name) {
        if (queryString == null) {
            return super.getParameterValues(name);
        }
        List<String> values = parameters().get(name);
        return values == null ? null : values.toArray(new String[0]);
    }

    /** A decoded path back in URI form: what is not a path character is percent-encoded as UTF-8. */
    static String encodePath(String path) {
        boolean plain = true;
        for (int i = 0; i < path.length() && plain; i++) {
            char c = path.charAt(i);
            plain = c > 0x20 && c < 0x7f && c != '%' && c != '?' && c != '#' && c != '"' && c != '<' && c != '>';
        }
        if (plain) {
            return path;
        }
        StringBuilder out = new StringBuilder(path.length() + 16);
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c > 0x20 && c < 0x7f && c != '%' && c != '?' && c != '#' && c != '"' && c != '<' && c != '>') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }
}
