package io.github.lsbaws.servlet;

import io.github.lsbaws.gateway.ConnectionInfo;
import io.github.lsbaws.http.HeaderFields;
import io.github.lsbaws.http.Request;
import io.github.lsbaws.servlet.codec.AcceptLanguage;
import io.github.lsbaws.servlet.codec.Cookies;
import io.github.lsbaws.servlet.codec.HttpDates;
import io.github.lsbaws.servlet.codec.Multipart;
import io.github.lsbaws.servlet.scope.AttributeEvents;
import io.github.lsbaws.servlet.scope.Attributes;
import io.github.lsbaws.servlet.session.RequestSessions;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletConnection;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestAttributeEvent;
import jakarta.servlet.ServletRequestAttributeListener;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.Part;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.security.Principal;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The container's request: an {@link HttpServletRequest} over a parsed {@link Request} and its
 * connection. Parameters, cookies, parts and the session are read when first asked for.
 */
final class ForkedRequest implements HttpServletRequest {
    private static long requestCounter;

    private final WebApplication app;
    private final Request http;
    private final ConnectionInfo connection;
    private final long requestNumber;
    private ForkedResponse response;
    private Mapping mapping;
    private DispatcherType dispatcherType = DispatcherType.REQUEST;
    private static final AttributeEvents<ForkedRequest, ServletRequestAttributeListener, ServletRequestAttributeEvent>
            ATTRIBUTE_EVENTS = new AttributeEvents<>((request, name, value) -> new ServletRequestAttributeEvent(request.app, request, name, value),
                    ServletRequestAttributeListener::attributeAdded, ServletRequestAttributeListener::attributeReplaced,
                    ServletRequestAttributeListener::attributeRemoved);
    /** Made when the first attribute is set: most requests have none. */
    private Attributes<ForkedRequest, ServletRequestAttributeListener, ServletRequestAttributeEvent> attributes;
    /** The body and the parameters, read when first asked for. */
    private final RequestBody body;
    private Cookie[] cookies;
    private boolean cookiesParsed;
    private RequestSessions sessions;
    private AsyncState async;
    private boolean asyncSupported;
    private Locale locale;
    private List<Locale> locales;

    ForkedRequest(WebApplication app, Request http, ConnectionInfo connection) {
        this.app = app;
        this.http = http;
        this.connection = connection;
        this.requestNumber = ++requestCounter;
        this.body = new RequestBody(this, http, app.getRequestCharacterEncoding());
    }

    void setResponse(ForkedResponse response) {
        this.response = response;
    }

    ForkedResponse response() {
        return response;
    }

    WebApplication app() {
        return app;
    }

    Request http() {
        return http;
    }

    void setMapping(Mapping mapping) {
        this.mapping = mapping;
    }

    Mapping mapping() {
        return mapping;
    }

    void setDispatcherType(DispatcherType type) {
        this.dispatcherType = type;
    }

    void setAsyncSupported(boolean supported) {
        this.asyncSupported = supported;
    }

    AsyncState async() {
        return async;
    }

    /** The request's sessions: what getSession found or made, saved and unlocked when the request ends. */
    RequestSessions sessions() {
        if (sessions == null) {
            sessions = app.sessions().forRequest(getHeaderList("Cookie"), response::addSessionCookie, app.getContextPath());
        }
        return sessions;
    }

    boolean hasSessions() {
        return sessions != null;
    }

    /** Temporary files of multipart parts: deleted when the request is done. */
    void deleteParts() {
        body.deleteParts();
    }

    // Attributes

    @Override
    public Object getAttribute(String name) {
        Attributes.checkName(name);
        return attributes == null ? null : attributes.get(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        return attributes == null ? Collections.emptyEnumeration() : Collections.enumeration(attributes.names());
    }

    @Override
    public void setAttribute(String name, Object value) {
        Attributes.checkName(name);
        if (attributes == null && value != null) {
            attributes = new Attributes<>(this, false, app.requestAttributeListeners, ATTRIBUTE_EVENTS);
        }
        if (attributes != null) {
            attributes.set(name, value);
        }
    }

    @Override
    public void removeAttribute(String name) {
        Attributes.checkName(name);
        if (attributes != null) {
            attributes.remove(name);
        }
    }

    // Body and encodings

    @Override
    public String getCharacterEncoding() {
        return body.characterEncoding();
    }

    @Override
    public void setCharacterEncoding(String encoding) throws UnsupportedEncodingException {
        body.setCharacterEncoding(encoding);
    }

    @Override
    public int getContentLength() {
        long length = getContentLengthLong();
        return length > Integer.MAX_VALUE ? -1 : (int) length;
    }

    @Override
    public long getContentLengthLong() {
        String length = http.headers().first("Content-Length");
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public String getContentType() {
        return http.headers().first("Content-Type");
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        return body.inputStream();
    }

    @Override
    public BufferedReader getReader() throws IOException {
        return body.reader();
    }

    // Parameters

    @Override
    public String getParameter(String name) {
        List<String> values = body.parameters().get(name);
        return values == null ? null : values.get(0);
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Collections.enumeration(body.parameters().keySet());
    }

    @Override
    public String[] getParameterValues(String name) {
        List<String> values = body.parameters().get(name);
        return values == null ? null : values.toArray(new String[0]);
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        return body.parameterMap();
    }

    /** The parameters as a map of lists, for dispatches that merge in their own query. */
    Map<String, List<String>> parameterLists() {
        return body.parameters();
    }

    // Multipart

    @Override
    public Collection<Part> getParts() throws IOException, ServletException {
        return body.parts();
    }

    @Override
    public Part getPart(String name) throws IOException, ServletException {
        for (Part part : getParts()) {
            if (part.getName().equals(name)) {
                return part;
            }
        }
        return null;
    }

    // The request line, headers and addresses

    @Override
    public String getProtocol() {
        return http.version();
    }

    @Override
    public String getScheme() {
        return "http";
    }

    @Override
    public String getServerName() {
        String host = http.headers().first("Host");
        if (host == null || host.isEmpty()) {
            return connection.local().getAddress().getHostAddress();
        }
        int colon = host.lastIndexOf(':');
        return colon > host.lastIndexOf(']') ? host.substring(0, colon) : host;
    }

    @Override
    public int getServerPort() {
        String host = http.headers().first("Host");
        if (host == null || host.isEmpty()) {
            return connection.serverPort();
        }
        int colon = host.lastIndexOf(':');
        if (colon > host.lastIndexOf(']')) {
            try {
                return Integer.parseInt(host.substring(colon + 1));
            } catch (NumberFormatException e) {
                return connection.serverPort();
            }
        }
        return 80;
    }

    @Override
    public String getRemoteAddr() {
        return connection.remoteHost();
    }

    @Override
    public String getRemoteHost() {
        return connection.remoteHost(); // no reverse lookup, as Jetty and Tomcat by default
    }

    @Override
    public int getRemotePort() {
        return connection.remote().getPort();
    }

    @Override
    public String getLocalName() {
        return connection.local().getAddress().getHostAddress();
    }

    @Override
    public String getLocalAddr() {
        return connection.local().getAddress().getHostAddress();
    }

    @Override
    public int getLocalPort() {
        return connection.local().getPort();
    }

    @Override
    public Locale getLocale() {
        parseLocales();
        return locale;
    }

    @Override
    public Enumeration<Locale> getLocales() {
        parseLocales();
        return Collections.enumeration(locales);
    }

    private void parseLocales() {
        if (locales == null) {
            locales = AcceptLanguage.locales(getHeaderList("Accept-Language"));
            locale = locales.get(0);
        }
    }

    @Override
    public boolean isSecure() {
        return false;
    }

    @Override
    public RequestDispatcher getRequestDispatcher(String path) {
        if (path == null) {
            return null;
        }
        if (path.startsWith("/")) {
            return app.getRequestDispatcher(path);
        }
        String current = mapping == null ? "/" : mapping.pathInContext();
        int slash = current.lastIndexOf('/');
        return app.getRequestDispatcher(current.substring(0, slash + 1) + path);
    }

    @Override
    public ServletContext getServletContext() {
        return app;
    }

    @Override
    public String getRequestId() {
        // the child's pid and its request number: unique among every child of the server
        return io.github.lsbaws.natives.Posix.pid() + "-" + requestNumber;
    }

    @Override
    public String getProtocolRequestId() {
        return "";
    }

    @Override
    public ServletConnection getServletConnection() {
        return new ServletConnection() {
            @Override
            public String getConnectionId() {
                return connection.remoteHost() + ":" + connection.remote().getPort();
            }

            @Override
            public String getProtocol() {
                return http.version().equals("HTTP/1.0") ? "http/1.0" : "http/1.1";
            }

            @Override
            public String getProtocolConnectionId() {
                return "";
            }

            @Override
            public boolean isSecure() {
                return false;
            }
        };
    }

    // Async

    @Override
    public AsyncContext startAsync() {
        return startAsync(this, response);
    }

    @Override
    public AsyncContext startAsync(ServletRequest servletRequest, ServletResponse servletResponse) {
        if (!asyncSupported) {
            throw new IllegalStateException("startAsync: a filter or servlet of this request does not support async"
                    + " (asyncSupported=false on " + (mapping == null ? "?" : mapping.holder().getName()) + " or a filter before it)");
        }
        if (async != null && async.isStarted()) {
            throw new IllegalStateException("startAsync was already called in this dispatch");
        }
        if (response.isComplete()) {
            throw new IllegalStateException("the response is already complete");
        }
        if (async == null) {
            async = new AsyncState(this, servletRequest, servletResponse);
        } else {
            async.restart(servletRequest, servletResponse);
        }
        return async;
    }

    @Override
    public boolean isAsyncStarted() {
        return async != null && async.isStarted();
    }

    @Override
    public boolean isAsyncSupported() {
        return asyncSupported;
    }

    @Override
    public AsyncContext getAsyncContext() {
        if (async == null || !async.isStarted()) {
            throw new IllegalStateException("the request is not in asynchronous mode");
        }
        return async;
    }

    @Override
    public DispatcherType getDispatcherType() {
        return dispatcherType;
    }

    // HttpServletRequest

    @Override
    public String getAuthType() {
        return null;
    }

    @Override
    public Cookie[] getCookies() {
        if (!cookiesParsed) {
            cookies = Cookies.parse(getHeaderList("Cookie"));
            cookiesParsed = true;
        }
        return cookies == null ? null : cookies.clone();
    }

    @Override
    public long getDateHeader(String name) {
        String value = getHeader(name);
        if (value == null) {
            return -1;
        }
        long date = HttpDates.parse(value);
        if (date < 0) {
            throw new IllegalArgumentException("header " + name + " is not a date: " + value);
        }
        return date;
    }

    @Override
    public String getHeader(String name) {
        return http.headers().first(name);
    }

    List<String> getHeaderList(String name) {
        return http.headers().all(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return Collections.enumeration(getHeaderList(name));
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        Set<String> names = new LinkedHashSet<>();
        Set<String> seen = new java.util.HashSet<>();
        for (HeaderFields.Field field : http.headers()) {
            if (seen.add(field.name().toLowerCase(Locale.ROOT))) {
                names.add(field.name());
            }
        }
        return Collections.enumeration(names);
    }

    @Override
    public int getIntHeader(String name) {
        String value = getHeader(name);
        return value == null ? -1 : Integer.parseInt(value.strip());
    }

    @Override
    public HttpServletMapping getHttpServletMapping() {
        return mapping;
    }

    @Override
    public String getMethod() {
        return http.method();
    }

    @Override
    public String getPathInfo() {
        return mapping == null ? null : mapping.pathInfo();
    }

    @Override
    public String getPathTranslated() {
        String pathInfo = getPathInfo();
        return pathInfo == null ? null : app.getRealPath(pathInfo);
    }

    @Override
    public String getContextPath() {
        return app.getContextPath();
    }

    @Override
    public String getQueryString() {
        return http.query().isEmpty() ? null : http.query();
    }

    @Override
    public String getRemoteUser() {
        return null;
    }

    @Override
    public boolean isUserInRole(String role) {
        return false;
    }

    @Override
    public Principal getUserPrincipal() {
        return null;
    }

    @Override
    public String getRequestedSessionId() {
        return sessions().requestedId();
    }

    @Override
    public String getRequestURI() {
        return http.path();
    }

    @Override
    public StringBuffer getRequestURL() {
        StringBuffer url = new StringBuffer(64).append("http://");
        String name = getServerName();
        url.append(name);
        int port = getServerPort();
        if (port != 80) {
            url.append(':').append(port);
        }
        return url.append(getRequestURI());
    }

    @Override
    public String getServletPath() {
        return mapping == null ? "" : mapping.servletPath();
    }

    @Override
    public HttpSession getSession(boolean create) {
        if (create && response.isCommitted() && !sessions().hasSession()) {
            throw new IllegalStateException("cannot create a session after the response is committed");
        }
        return sessions().session(create);
    }

    @Override
    public HttpSession getSession() {
        return getSession(true);
    }

    @Override
    public String changeSessionId() {
        return sessions().changeId();
    }

    @Override
    public boolean isRequestedSessionIdValid() {
        return sessions().requestedIdValid();
    }

    @Override
    public boolean isRequestedSessionIdFromCookie() {
        return sessions().requestedId() != null;
    }

    @Override
    public boolean isRequestedSessionIdFromURL() {
        return false;
    }

    @Override
    public boolean authenticate(HttpServletResponse httpResponse) throws ServletException {
        throw new ServletException(Unsupported.SECURITY + " (HttpServletRequest.authenticate)");
    }

    @Override
    public void login(String username, String password) throws ServletException {
        throw new ServletException(Unsupported.SECURITY + " (HttpServletRequest.login)");
    }

    @Override
    public void logout() throws ServletException {
        throw new ServletException(Unsupported.SECURITY + " (HttpServletRequest.logout)");
    }

    @Override
    public <T extends HttpUpgradeHandler> T upgrade(Class<T> handlerClass) throws ServletException {
        throw new ServletException(Unsupported.UPGRADE + " (" + handlerClass.getName() + ")");
    }

    @Override
    public String toString() {
        return http.method() + " " + http.target();
    }
}
