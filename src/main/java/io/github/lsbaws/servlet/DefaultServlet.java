package io.github.lsbaws.servlet;

import io.github.lsbaws.http.HttpDate;
import io.github.lsbaws.servlet.codec.HttpDates;
import io.github.lsbaws.servlet.statics.Resources;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.GenericServlet;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The container's "default" servlet: static resources of the webapp directory and the jars'
 * META-INF/resources. GET, HEAD (and POST, read as GET) with Last-Modified and ETag validators (If-None-Match,
 * If-Modified-Since, If-Match, If-Unmodified-Since), byte ranges (206, multipart/byteranges for
 * several, 416, If-Range), welcome files for a directory ("/dir" redirected to "/dir/" first),
 * no directory listing (403), nothing under WEB-INF or META-INF (404).
 */
final class DefaultServlet extends GenericServlet {
    private static final long serialVersionUID = 1L;
    private static final int MAX_RANGES = 16;

    private final transient WebApplication app;

    DefaultServlet(WebApplication app) {
        this.app = app;
    }

    @Override
    public void service(ServletRequest servletRequest, ServletResponse servletResponse) throws ServletException, IOException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        boolean included = request.getDispatcherType() == DispatcherType.INCLUDE
                && request.getAttribute(RequestDispatcher.INCLUDE_REQUEST_URI) != null;
        String path;
        if (included) {
            String servletPath = (String) request.getAttribute(RequestDispatcher.INCLUDE_SERVLET_PATH);
            String pathInfo = (String) request.getAttribute(RequestDispatcher.INCLUDE_PATH_INFO);
            path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
        } else {
            path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        }
        if (path.isEmpty()) {
            path = "/";
        }
        String method = request.getMethod();
        boolean head = method.equals("HEAD");
        // POST reads a resource as GET does (as Jetty's and Tomcat's default servlets); an error page is served whatever the method.
        boolean readable = head || method.equals("GET") || method.equals("POST") || included
                || request.getDispatcherType() == DispatcherType.ERROR;
        if (!readable) {
            if (method.equals("OPTIONS")) {
                response.setHeader("Allow", "GET, HEAD, POST, OPTIONS");
                return;
            }
            response.setHeader("Allow", "GET, HEAD, POST, OPTIONS");
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        if (Resources.isProtected(path)) {
            notFound(response, included, path);
            return;
        }
        Resources.Resource resource = app.resources().lookup(path);
        if (resource == null) {
            notFound(response, included, path);
            return;
        }
        if (resource.directory()) {
            if (!path.endsWith("/")) {
                String query = request.getQueryString();
                response.sendRedirect(request.getContextPath() + DispatchedRequest.encodePath(path) + "/"
                        + (query == null ? "" : "?" + query));
                return;
            }
            for (String welcome : app.welcomeFiles()) {
                Resources.Resource file = app.resources().lookup(path + welcome);
                if (file != null && !file.directory()) {
                    if (app.registry().mapper().exactOrExtension(path + welcome) != null) { // index.jsp: a page, not its source
                        dispatch(request, response, path + welcome, included);
                    } else {
                        serve(request, response, file, path + welcome, head, included);
                    }
                    return;
                }
            }
            for (String welcome : app.welcomeFiles()) {
                ServletHolder servlet = app.registry().mapper().exactOrExtension(path + welcome);
                if (servlet != null && !servlet.getName().equals(WebApplication.JSP_SERVLET)) {
                    dispatch(request, response, path + welcome, included);
                    return;
                }
            }
            if (!included) {
                response.sendError(HttpServletResponse.SC_FORBIDDEN, "Directory listing is not allowed");
            }
            return;
        }
        serve(request, response, resource, path, head, included);
    }

    private static void notFound(HttpServletResponse response, boolean included, String path) throws IOException {
        if (included) {
            throw new java.io.FileNotFoundException(path);
        }
        response.sendError(HttpServletResponse.SC_NOT_FOUND);
    }

    private void dispatch(HttpServletRequest request, HttpServletResponse response, String path, boolean included)
            throws ServletException, IOException {
        RequestDispatcher dispatcher = app.getRequestDispatcher(path);
        if (included) {
            dispatcher.include(request, response);
        } else {
            dispatcher.forward(request, response);
        }
    }

    private void serve(HttpServletRequest request, HttpServletResponse response, Resources.Resource resource, String path,
                       boolean head, boolean included) throws IOException {
        long length = resource.length();
        if (included) {
            try (InputStream in = resource.open()) {
                copy(in, output(response), length);
            }
            return;
        }
        long modified = resource.lastModified() / 1000 * 1000;
        String etag = "\"" + Long.toHexString(length) + "-" + Long.toHexString(modified / 1000) + "\"";
        String ifMatch = request.getHeader("If-Match");
        if (ifMatch != null ? !matches(ifMatch, etag, true) : unmodifiedSinceFails(request, modified)) {
            response.sendError(HttpServletResponse.SC_PRECONDITION_FAILED);
            return;
        }
        String ifNoneMatch = request.getHeader("If-None-Match");
        boolean notModified = ifNoneMatch != null ? matches(ifNoneMatch, etag, false) : notModifiedSince(request, modified);
        response.setHeader("Last-Modified", HttpDate.format(modified));
        response.setHeader("ETag", etag);
        if (notModified) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        String type = app.getMimeType(path);
        response.setHeader("Accept-Ranges", "bytes");
        String range = request.getHeader("Range");
        if (range != null && !head && ifRangeHolds(request.getHeader("If-Range"), etag, modified)) {
            List<long[]> ranges = ranges(range, length);
            if (ranges != null) {
                if (ranges.isEmpty()) {
                    response.setHeader("Content-Range", "bytes */" + length);
                    response.sendError(HttpServletResponse.SC_REQUESTED_RANGE_NOT_SATISFIABLE);
                    return;
                }
                response.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
                if (ranges.size() == 1) {
                    long[] only = ranges.get(0);
                    if (type != null) {
                        response.setContentType(type);
                    }
                    response.setHeader("Content-Range", "bytes " + only[0] + "-" + only[1] + "/" + length);
                    response.setContentLengthLong(only[1] - only[0] + 1);
                    try (InputStream in = resource.open()) {
                        in.skipNBytes(only[0]);
                        copy(in, response.getOutputStream(), only[1] - only[0] + 1);
                    }
                    return;
                }
                sendRanges(response, resource, ranges, type, length);
                return;
            }
        }
        if (type != null) {
            response.setContentType(type);
        }
        response.setContentLengthLong(length);
        if (head) {
            return;
        }
        try (InputStream in = resource.open()) {
            copy(in, response.getOutputStream(), length);
        }
    }

    private static ServletOutputStream output(HttpServletResponse response) throws IOException {
        try {
            return response.getOutputStream();
        } catch (IllegalStateException e) { // an include into a page that writes through getWriter
            ServletOutputStream[] stream = new ServletOutputStream[1];
            java.io.PrintWriter writer = response.getWriter();
            stream[0] = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    writer.write(b);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(jakarta.servlet.WriteListener listener) {
                    throw new IllegalStateException("not asynchronous");
                }
            };
            return stream[0];
        }
    }

    private void sendRanges(HttpServletResponse response, Resources.Resource resource, List<long[]> ranges, String type,
                            long length) throws IOException {
        String boundary = "lsbaws" + Long.toHexString(System.nanoTime());
        List<byte[]> heads = new ArrayList<>();
        long total = 0;
        for (long[] range : ranges) {
            String head = "\r\n--" + boundary + "\r\n" + (type == null ? "" : "Content-Type: " + type + "\r\n")
                    + "Content-Range: bytes " + range[0] + "-" + range[1] + "/" + length + "\r\n\r\n";
            byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);
            heads.add(bytes);
            total += bytes.length + range[1] - range[0] + 1;
        }
        byte[] end = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1);
        total += end.length;
        response.setContentType("multipart/byteranges; boundary=" + boundary);
        response.setContentLengthLong(total);
        ServletOutputStream out = response.getOutputStream();
        for (int i = 0; i < ranges.size(); i++) {
            long[] range = ranges.get(i);
            out.write(heads.get(i));
            try (InputStream in = resource.open()) {
                in.skipNBytes(range[0]);
                copy(in, out, range[1] - range[0] + 1);
            }
        }
        out.write(end);
    }

    private static void copy(InputStream in, java.io.OutputStream out, long count) throws IOException {
        byte[] buffer = new byte[(int) Math.min(16 * 1024, Math.max(count, 1))];
        long left = count;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("the file got shorter while it was sent");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    /** If-None-Match (weak comparison) or If-Match (strong): a list of entity tags, or "*". */
    private static boolean matches(String header, String etag, boolean strong) {
        String value = header.strip();
        if (value.equals("*")) {
            return true;
        }
        for (String candidate : value.split(",")) {
            String tag = candidate.strip();
            if (tag.startsWith("W/")) {
                if (strong) {
                    continue;
                }
                tag = tag.substring(2);
            }
            if (tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static boolean notModifiedSince(HttpServletRequest request, long modified) {
        long since = HttpDates.parse(request.getHeader("If-Modified-Since"));
        return since >= 0 && modified <= since;
    }

    private static boolean unmodifiedSinceFails(HttpServletRequest request, long modified) {
        long since = HttpDates.parse(request.getHeader("If-Unmodified-Since"));
        return since >= 0 && modified > since;
    }

    /** If-Range: the range applies when the validator still matches (a strong ETag or the exact date). */
    private static boolean ifRangeHolds(String ifRange, String etag, long modified) {
        if (ifRange == null) {
            return true;
        }
        String value = ifRange.strip();
        if (value.startsWith("\"") || value.startsWith("W/")) {
            return value.equals(etag);
        }
        return HttpDates.parse(value) == modified;
    }

    /**
     * The satisfiable ranges of a Range header (RFC 9110 section 14.1.2), as [first, last]
     * pairs; empty when none is satisfiable; null when the header is not a valid bytes range set
     * (or asks for too many), and is then ignored.
     */
    static List<long[]> ranges(String header, long length) {
        String value = header.strip();
        if (!value.regionMatches(true, 0, "bytes=", 0, 6)) {
            return null;
        }
        List<long[]> ranges = new ArrayList<>();
        String[] specs = value.substring(6).split(",");
        if (specs.length > MAX_RANGES) {
            return null;
        }
        for (String raw : specs) {
            String spec = raw.strip();
            int dash = spec.indexOf('-');
            if (dash < 0) {
                return null;
            }
            String first = spec.substring(0, dash).strip();
            String last = spec.substring(dash + 1).strip();
            try {
                if (first.isEmpty()) {
                    if (last.isEmpty()) {
                        return null;
                    }
                    long suffix = Long.parseLong(last);
                    if (suffix < 0) {
                        return null;
                    }
                    if (suffix > 0 && length > 0) {
                        ranges.add(new long[] {Math.max(0, length - suffix), length - 1});
                    }
                } else {
                    long start = Long.parseLong(first);
                    long end = last.isEmpty() ? Long.MAX_VALUE : Long.parseLong(last); // "100-": to the end, whatever it is
                    if (start < 0 || end < start) {
                        return null;
                    }
                    if (start < length) {
                        ranges.add(new long[] {start, Math.min(end, length - 1)});
                    }
                }
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return ranges;
    }
}
