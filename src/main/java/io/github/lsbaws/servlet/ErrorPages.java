package io.github.lsbaws.servlet;

import io.github.lsbaws.gateway.StackTraces;
import io.github.lsbaws.http.Status;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Error pages (Servlet 6.1 section 10.9): by exception type (the most specific declared
 * superclass, of the exception and then of the causes a ServletException wraps), by status code,
 * else the default error page; the page is dispatched to with DispatcherType.ERROR and the
 * jakarta.servlet.error.* attributes. Without a page, a small HTML body like Jetty's.
 */
final class ErrorPages {
    private final Map<Integer, String> byStatus = new HashMap<>();
    private final Map<String, String> byException = new LinkedHashMap<>();
    private String defaultPage;

    void addStatus(int status, String location) {
        byStatus.put(status, location);
    }

    void addException(String className, String location) {
        byException.put(className, location);
    }

    void setDefault(String location) {
        defaultPage = location;
    }

    private String forException(Throwable exception) {
        for (Throwable t = exception; t != null; t = t instanceof ServletException se ? se.getRootCause() : null) {
            for (Class<?> type = t.getClass(); type != null; type = type.getSuperclass()) {
                String location = byException.get(type.getName());
                if (location != null) {
                    return location;
                }
            }
        }
        return null;
    }

    /** The exception whose page was chosen (the unwrapped cause when only it matched). */
    private Throwable matched(Throwable exception) {
        for (Throwable t = exception; t != null; t = t instanceof ServletException se ? se.getRootCause() : null) {
            for (Class<?> type = t.getClass(); type != null; type = type.getSuperclass()) {
                if (byException.containsKey(type.getName())) {
                    return t;
                }
            }
        }
        return exception;
    }

    /**
     * Renders the error the response carries: its status and message, and the exception if one
     * caused it. The response must not be committed.
     */
    void render(WebApplication app, ForkedRequest base, HttpServletRequest current, ForkedResponse response, int status,
                String message, Throwable exception) throws IOException {
        response.prepareForError();
        response.setStatusForError(status);
        String location = exception == null ? null : forException(exception);
        if (location == null) {
            location = byStatus.get(status);
        }
        if (location == null) {
            location = defaultPage;
        }
        if (location != null && current.getDispatcherType() != DispatcherType.ERROR) {
            Dispatcher dispatcher = Dispatcher.forPath(app, location);
            if (dispatcher != null && dispatcher.target() != null) {
                Throwable cause = exception == null ? null : matched(exception);
                Map<String, Object> attributes = new LinkedHashMap<>();
                attributes.put(RequestDispatcher.ERROR_STATUS_CODE, status);
                attributes.put(RequestDispatcher.ERROR_EXCEPTION_TYPE, cause == null ? null : cause.getClass());
                attributes.put(RequestDispatcher.ERROR_MESSAGE, message != null ? message
                        : cause != null && cause.getMessage() != null ? cause.getMessage() : "");
                attributes.put(RequestDispatcher.ERROR_EXCEPTION, cause);
                attributes.put(RequestDispatcher.ERROR_REQUEST_URI, base.getRequestURI());
                attributes.put(RequestDispatcher.ERROR_SERVLET_NAME, base.mapping() == null ? null : base.mapping().getServletName());
                attributes.put(RequestDispatcher.ERROR_QUERY_STRING, base.getQueryString());
                attributes.put(RequestDispatcher.ERROR_METHOD, base.getMethod());
                Mapping target = dispatcher.target();
                DispatchedRequest dispatched = new DispatchedRequest(current, DispatcherType.ERROR, target, app.getContextPath(),
                        null, attributes);
                Chain chain = new Chain(app.registry().filtersFor(target.holder(), target.pathInContext(), DispatcherType.ERROR),
                        target.holder());
                try {
                    chain.doFilter(dispatched, response);
                    response.closeAfterForward();
                    return;
                } catch (ServletException | IOException | RuntimeException e) {
                    Log.error("the error page " + location + " failed for \"" + base + "\":\n" + StackTraces.of(e));
                    if (response.isCommitted()) {
                        return;
                    }
                    response.prepareForError();
                    response.setStatusForError(status);
                }
            }
        }
        writeDefault(base, response, status, message);
    }

    /** The container's own error body. */
    static void writeDefault(ForkedRequest request, ForkedResponse response, int status, String message) throws IOException {
        if (Status.forbidsBody(status)) {
            return;
        }
        String reason = Status.reason(status);
        String text = message == null || message.isEmpty() ? reason : message;
        String servlet = request.mapping() == null ? null : request.mapping().getServletName();
        StringBuilder html = new StringBuilder(512)
                .append("<html>\n<head>\n<meta http-equiv=\"Content-Type\" content=\"text/html;charset=utf-8\"/>\n<title>Error ")
                .append(status).append(' ').append(escape(text)).append("</title>\n</head>\n<body>\n<h2>HTTP ERROR ")
                .append(status).append(' ').append(escape(text)).append("</h2>\n<table>\n<tr><th>URI:</th><td>")
                .append(escape(request.getRequestURI())).append("</td></tr>\n<tr><th>STATUS:</th><td>").append(status)
                .append("</td></tr>\n<tr><th>MESSAGE:</th><td>").append(escape(text)).append("</td></tr>\n");
        if (servlet != null) {
            html.append("<tr><th>SERVLET:</th><td>").append(escape(servlet)).append("</td></tr>\n");
        }
        html.append("</table>\n<hr/>Powered by lsbaws<hr/>\n</body>\n</html>\n");
        byte[] body = html.toString().getBytes(StandardCharsets.UTF_8);
        response.setContentType("text/html;charset=utf-8");
        response.setHeader("Cache-Control", "must-revalidate,no-cache,no-store");
        response.setContentLengthLong(body.length);
        response.getOutputStream().write(body, 0, body.length);
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c < 0x20 && c != '\t' && c != '\n' ? '?' : c);
            }
        }
        return out.toString();
    }
}
