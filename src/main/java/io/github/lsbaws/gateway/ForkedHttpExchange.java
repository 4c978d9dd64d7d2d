package io.github.lsbaws.gateway;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpPrincipal;
import com.sun.net.httpserver.HttpServer;
import io.github.lsbaws.http.HeaderFields;
import io.github.lsbaws.http.Request;
import io.github.lsbaws.http.Response;
import io.github.lsbaws.http.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link HttpExchange} over one forked connection, with the JDK HttpServer's contract:
 * {@code sendResponseHeaders(code, length)} with length &gt; 0 fixes the body length, 0 leaves it
 * open, -1 means no body; closing the exchange or its response body ends the response.
 */
final class ForkedHttpExchange extends HttpExchange {
    private final Request request;
    private final Response response;
    private final ConnectionInfo connection;
    private final URI uri;
    private final HttpContext context;
    private final Headers requestHeaders = new Headers();
    private final Headers responseHeaders = new Headers();
    private final Map<String, Object> attributes = new HashMap<>();
    private InputStream requestBody;
    private OutputStream responseBody;
    private int responseCode = -1;
    private boolean closed;

    ForkedHttpExchange(Request request, Response response, ConnectionInfo connection, URI uri, HttpHandler handler) {
        this.request = request;
        this.response = response;
        this.connection = connection;
        this.uri = uri;
        this.context = new RootContext(handler);
        for (HeaderFields.Field field : request.headers()) {
            requestHeaders.add(field.name(), field.value());
        }
        this.requestBody = request.body();
        this.responseBody = new BodyStream();
    }

    @Override
    public Headers getRequestHeaders() {
        return requestHeaders;
    }

    @Override
    public Headers getResponseHeaders() {
        return responseHeaders;
    }

    @Override
    public URI getRequestURI() {
        return uri;
    }

    @Override
    public String getRequestMethod() {
        return request.method();
    }

    @Override
    public HttpContext getHttpContext() {
        return context;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            complete();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Ends the response once the handler is done; a handler that never answered is a server error. */
    void complete() throws IOException {
        if (!response.isCommitted()) {
            throw new InvalidResponseException("the handler returned without calling sendResponseHeaders");
        }
        response.finish();
    }

    @Override
    public InputStream getRequestBody() {
        return requestBody;
    }

    @Override
    public OutputStream getResponseBody() {
        return responseBody;
    }

    @Override
    public void sendResponseHeaders(int code, long responseLength) throws IOException {
        if (response.isCommitted()) {
            throw new IOException("headers already sent");
        }
        try {
            ResponseRules.checkStatusCode(code);
        } catch (InvalidResponseException e) {
            throw new IOException(e.getMessage());
        }
        HeaderFields fields = new HeaderFields();
        for (Map.Entry<String, List<String>> header : responseHeaders.entrySet()) {
            String name = header.getKey();
            if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")
                    || name.equalsIgnoreCase("Connection")) {
                continue; // framing is the server's, as in the JDK's HttpServer
            }
            for (String value : header.getValue()) {
                ResponseRules.checkField(name, value);
                fields.add(name, value);
            }
        }
        if (!Status.forbidsBody(code)) {
            if (responseLength > 0) {
                fields.add("Content-Length", Long.toString(responseLength));
            } else if (responseLength < 0) {
                fields.add("Content-Length", "0");
            }
        }
        responseCode = code;
        response.start(code, Status.reason(code), fields);
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return connection.remote();
    }

    @Override
    public int getResponseCode() {
        return responseCode;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return connection.local();
    }

    @Override
    public String getProtocol() {
        return request.version();
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        attributes.put(name, value);
    }

    @Override
    public void setStreams(InputStream in, OutputStream out) {
        if (in != null) {
            requestBody = in;
        }
        if (out != null) {
            responseBody = out;
        }
    }

    @Override
    public HttpPrincipal getPrincipal() {
        return null;
    }

    /** The response body: writing before sendResponseHeaders is an error, closing ends the exchange. */
    private final class BodyStream extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (!response.isCommitted()) {
                throw new IOException("response body written before sendResponseHeaders");
            }
            response.write(bytes, offset, length);
        }

        @Override
        public void close() {
            ForkedHttpExchange.this.close();
        }
    }

    /** The one context of this server: every path goes to the application's handler. */
    private static final class RootContext extends HttpContext {
        private HttpHandler handler;
        private Authenticator authenticator;
        private final Map<String, Object> attributes = new HashMap<>();
        private final List<Filter> filters = new ArrayList<>();

        RootContext(HttpHandler handler) {
            this.handler = handler;
        }

        @Override
        public HttpHandler getHandler() {
            return handler;
        }

        @Override
        public void setHandler(HttpHandler handler) {
            this.handler = handler;
        }

        @Override
        public String getPath() {
            return "/";
        }

        /** There is no {@link HttpServer} object in a forking server. */
        @Override
        public HttpServer getServer() {
            return null;
        }

        @Override
        public Map<String, Object> getAttributes() {
            return attributes;
        }

        @Override
        public List<Filter> getFilters() {
            return filters;
        }

        @Override
        public Authenticator setAuthenticator(Authenticator authenticator) {
            Authenticator previous = this.authenticator;
            this.authenticator = authenticator;
            return previous;
        }

        @Override
        public Authenticator getAuthenticator() {
            return authenticator;
        }
    }
}
