package io.github.lsbaws.servlet;

import io.github.lsbaws.gateway.ConnectionInfo;
import io.github.lsbaws.http.HeaderFields;
import io.github.lsbaws.http.Request;
import io.github.lsbaws.servlet.codec.BadRequestException;
import io.github.lsbaws.servlet.codec.Cookies;
import io.github.lsbaws.servlet.codec.FormDecoder;
import io.github.lsbaws.servlet.codec.HttpDates;
import io.github.lsbaws.servlet.codec.Multipart;
import io.github.lsbaws.servlet.session.RequestSessions;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ReadListener;
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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
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
    /** Largest urlencoded form body read for parameters (Tomcat's maxPostSize). */
    static final int MAX_FORM_BYTES = 2 * 1024 * 1024;
    private static final int INPUT_NONE = 0;
    private static final int INPUT_STREAM = 1;
    private static final int INPUT_READER = 2;
    private static final int INPUT_PARAMETERS = 3;
    private static long requestCounter;

    private final WebApplication app;
    private final Request http;
    private final ConnectionInfo connection;
    private final long requestNumber;
    private ForkedResponse response;
    private Mapping mapping;
    private DispatcherType dispatcherType = DispatcherType.REQUEST;
    private Map<String, Object> attributes;
    private Map<String, List<String>> parameters;
    private Map<String, String[]> parameterMap;
    private String characterEncoding;
    private int inputState = INPUT_NONE;
    private BodyStream input;
    private BufferedReader reader;
    private Cookie[] cookies;
    private boolean cookiesParsed;
    private RequestSessions sessions;
    private AsyncState async;
    private boolean asyncSupported;
    private List<Multipart.FormPart> parts;
    private Locale locale;
    private List<Locale> locales;

    ForkedRequest(WebApplication app, Request http, ConnectionInfo connection) {
        this.app = app;
        this.http = http;
        this.connection = connection;
        this.requestNumber = ++requestCounter;
        this.characterEncoding = app.getRequestCharacterEncoding();
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
        if (parts != null) {
            Multipart.deleteAll(parts);
        }
    }

    // Attributes

    @Override
    public Object getAttribute(String name) {
        return attributes == null ? null : attributes.get(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        return attributes == null ? Collections.emptyEnumeration() : Collections.enumeration(new ArrayList<>(attributes.keySet()));
    }

    @Override
    public void setAttribute(String name, Object value) {
        if (name == null) {
            throw new IllegalArgumentException("null attribute name");
        }
        if (value == null) {
            removeAttribute(name);
            return;
        }
        if (attributes == null) {
            attributes = new LinkedHashMap<>();
        }
        Object old = attributes.put(name, value);
        List<ServletRequestAttributeListener> listeners = app.requestAttributeListeners;
        if (!listeners.isEmpty()) {
            ServletRequestAttributeEvent event = new ServletRequestAttributeEvent(app, this, name, old == null ? value : old);
            for (ServletRequestAttributeListener listener : listeners) {
                if (old == null) {
                    listener.attributeAdded(event);
                } else {
                    listener.attributeReplaced(event);
                }
            }
        }
    }

    @Override
    public void removeAttribute(String name) {
        Object old = attributes == null ? null : attributes.remove(name);
        if (old != null) {
            for (ServletRequestAttributeListener listener : app.requestAttributeListeners) {
                listener.attributeRemoved(new ServletRequestAttributeEvent(app, this, name, old));
            }
        }
    }

    // Body and encodings

    @Override
    public String getCharacterEncoding() {
        if (characterEncoding != null) {
            return characterEncoding;
        }
        String type = getContentType();
        return type == null ? null : Multipart.parameter(type, "charset");
    }

    @Override
    public void setCharacterEncoding(String encoding) throws UnsupportedEncodingException {
        if (inputState == INPUT_READER || parameters != null) {
            return; // too late: the body was read with the encoding in force then
        }
        try {
            Charset.forName(encoding);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedEncodingException(encoding);
        }
        this.characterEncoding = encoding;
    }

    /** The charset the body's text is read in: the request's, else ISO-8859-1 (section 3.12). */
    Charset bodyCharset() {
        String encoding = getCharacterEncoding();
        if (encoding != null) {
            try {
                return Charset.forName(encoding);
            } catch (IllegalArgumentException e) {
                // an unknown charset in the Content-Type: the default
            }
        }
        return StandardCharsets.ISO_8859_1;
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
        if (inputState == INPUT_READER) {
            throw new IllegalStateException("getReader() was already called for this request");
        }
        if (input == null) {
            input = new BodyStream(inputState == INPUT_PARAMETERS ? InputStream.nullInputStream() : http.body());
        }
        if (inputState == INPUT_NONE) {
            inputState = INPUT_STREAM;
        }
        return input;
    }

    @Override
    public BufferedReader getReader() throws IOException {
        if (inputState == INPUT_STREAM) {
            throw new IllegalStateException("getInputStream() was already called for this request");
        }
        if (reader == null) {
            InputStream body = inputState == INPUT_PARAMETERS ? InputStream.nullInputStream() : http.body();
            reader = new BufferedReader(new InputStreamReader(body, bodyCharset()));
            inputState = INPUT_READER;
        }
        return reader;
    }

    // Parameters

    private Map<String, List<String>> parameters() {
        if (parameters == null) {
            Map<String, List<String>> parsed = new LinkedHashMap<>();
            FormDecoder.decode(http.query(), StandardCharsets.UTF_8, parsed);
            parameters = parsed; // set before the body is read: a failure below is not retried
            try {
                readBodyParameters(parsed);
            } catch (IOException e) {
                throw new BadRequestException("the request body could not be read: " + e.getMessage());
            }
        }
        return parameters;
    }

    private void readBodyParameters(Map<String, List<String>> into) throws IOException {
        String type = getContentType();
        if (type == null) {
            return;
        }
        String lower = type.toLowerCase(Locale.ROOT);
        if (lower.startsWith("multipart/form-data") && multipartConfig() != null && (parts != null || inputState == INPUT_NONE)) {
            try {
                for (Part part : getParts()) {
                    if (part instanceof Multipart.FormPart field && field.isFormField()) {
                        into.computeIfAbsent(field.getName(), key -> new ArrayList<>(1)).add(field.text(bodyCharset()));
                    }
                }
            } catch (ServletException e) {
                throw new BadRequestException(e.getMessage());
            }
            return;
        }
        if (inputState != INPUT_NONE) {
            return;
        }
        if (lower.startsWith("application/x-www-form-urlencoded")) {
            String method = http.method();
            if (!method.equals("POST") && !method.equals("PUT")) {
                return;
            }
            inputState = INPUT_PARAMETERS;
            byte[] body = readBounded(http.body(), MAX_FORM_BYTES);
            FormDecoder.decode(new String(body, StandardCharsets.ISO_8859_1), bodyCharset(), into);
        }
    }

    private static byte[] readBounded(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int n;
        while ((n = in.read(chunk)) >= 0) {
            if (out.size() + n > limit) {
                throw new BadRequestException(413, "the form body is larger than " + limit + " bytes");
            }
            out.write(chunk, 0, n);
        }
        return out.toByteArray();
    }

    @Override
    public String getParameter(String name) {
        List<String> values = parameters().get(name);
        return values == null ? null : values.get(0);
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Collections.enumeration(parameters().keySet());
    }

    @Override
    public String[] getParameterValues(String name) {
        List<String> values = parameters().get(name);
        return values == null ? null : values.toArray(new String[0]);
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        if (parameterMap == null) {
            Map<String, String[]> map = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> entry : parameters().entrySet()) {
                map.put(entry.getKey(), entry.getValue().toArray(new String[0]));
            }
            parameterMap = Collections.unmodifiableMap(map);
        }
        return parameterMap;
    }

    /** The parameters as a map of lists, for dispatches that merge in their own query. */
    Map<String, List<String>> parameterLists() {
        return parameters();
    }

    // Multipart

    private MultipartConfigElement multipartConfig() {
        return mapping == null ? null : mapping.holder().multipartConfig();
    }

    @Override
    public Collection<Part> getParts() throws IOException, ServletException {
        if (parts == null) {
            MultipartConfigElement config = multipartConfig();
            if (config == null) {
                throw new IllegalStateException("servlet " + (mapping == null ? "?" : mapping.holder().getName())
                        + " has no multipart configuration (@MultipartConfig or <multipart-config> in web.xml)");
            }
            String boundary = Multipart.boundary(getContentType());
            if (boundary == null) {
                throw new ServletException("the request is not multipart/form-data (Content-Type: " + getContentType() + ")");
            }
            if (inputState != INPUT_NONE && inputState != INPUT_PARAMETERS) {
                throw new IllegalStateException("the request body was already read through getInputStream or getReader");
            }
            inputState = INPUT_PARAMETERS;
            Path location = config.getLocation() == null || config.getLocation().isEmpty() ? app.tempDirectory()
                    : app.tempDirectory().resolve(config.getLocation());
            parts = Multipart.parse(http.body(), boundary, config.getMaxFileSize(), config.getMaxRequestSize(),
                    Math.max(0, config.getFileSizeThreshold()), location);
        }
        return Collections.unmodifiableList(new ArrayList<>(parts));
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

    /** Accept-Language by quality (section 12.5.4 of RFC 9110), the server's default locale when absent. */
    private void parseLocales() {
        if (locales != null) {
            return;
        }
        List<String> headers = getHeaderList("Accept-Language");
        List<Map.Entry<Locale, Double>> weighted = new ArrayList<>();
        for (String header : headers) {
            for (String item : header.split(",")) {
                String[] pieces = item.strip().split(";");
                String tag = pieces[0].strip();
                if (tag.isEmpty() || tag.equals("*")) {
                    continue;
                }
                double quality = 1;
                for (int i = 1; i < pieces.length; i++) {
                    String parameter = pieces[i].strip();
                    if (parameter.startsWith("q=")) {
                        try {
                            quality = Double.parseDouble(parameter.substring(2));
                        } catch (NumberFormatException e) {
                            quality = 0;
                        }
                    }
                }
                if (quality > 0) {
                    weighted.add(Map.entry(Locale.forLanguageTag(tag), quality));
                }
            }
        }
        weighted.sort((a, b) -> Double.compare(b.getValue(), a.getValue()));
        List<Locale> result = new ArrayList<>();
        for (Map.Entry<Locale, Double> entry : weighted) {
            result.add(entry.getKey());
        }
        if (result.isEmpty()) {
            result.add(Locale.getDefault());
        }
        locales = result;
        locale = result.get(0);
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

    /**
     * The request body as a ServletInputStream. The whole body is there to be read, blocking: a
     * ReadListener (async only) is told so at once, on this thread.
     */
    private final class BodyStream extends ServletInputStream {
        private final InputStream body;
        private boolean finished;

        BodyStream(InputStream body) {
            this.body = body;
        }

        @Override
        public int read() throws IOException {
            int b = body.read();
            finished |= b < 0;
            return b;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            int n = body.read(bytes, offset, length);
            finished |= n < 0;
            return n;
        }

        @Override
        public int available() throws IOException {
            return body.available();
        }

        @Override
        public boolean isFinished() {
            return finished;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            if (listener == null) {
                throw new NullPointerException("listener");
            }
            if (!isAsyncStarted()) {
                throw new IllegalStateException("setReadListener outside asynchronous mode");
            }
            try {
                if (!finished) {
                    listener.onDataAvailable();
                }
                if (finished || body.available() == 0) {
                    listener.onAllDataRead();
                }
            } catch (IOException e) {
                listener.onError(e);
            }
        }
    }
}
