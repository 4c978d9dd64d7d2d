package io.github.lsbaws.servlet;

import static io.github.lsbaws.servlet.ServletFixture.body;
import static io.github.lsbaws.servlet.ServletFixture.head;
import static io.github.lsbaws.servlet.ServletFixture.header;
import static io.github.lsbaws.servlet.ServletFixture.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What servlets do to requests and responses, one servlet per behaviour. */
class ResponseContractTest {
    @TempDir
    Path state;

    /** A servlet from a lambda. */
    interface Handler {
        void handle(HttpServletRequest request, HttpServletResponse response) throws Exception;
    }

    private static Servlet servlet(Handler handler) {
        return new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
                try {
                    handler.handle(request, response);
                } catch (IOException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IOException(e);
                }
            }
        };
    }

    private String serve(Handler handler, String raw) throws Exception {
        try (ServletFixture web = ServletFixture.withServlets(state, Map.of("/*", servlet(handler)))) {
            return web.serve(raw);
        }
    }

    private String get(Handler handler, String target, String... headers) throws Exception {
        return serve(handler, "GET " + target + " HTTP/1.1\r\nHost: localhost:8888\r\n" + String.join("", headers) + "\r\n");
    }

    @Test
    void writerAndStreamExcludeEachOther() throws Exception {
        List<String> seen = new ArrayList<>();
        get((request, response) -> {
            response.getWriter();
            try {
                response.getOutputStream();
            } catch (IllegalStateException e) {
                seen.add("stream refused");
            }
            request.getInputStream();
            try {
                request.getReader();
            } catch (IllegalStateException e) {
                seen.add("reader refused");
            }
        }, "/");
        assertEquals(List.of("stream refused", "reader refused"), seen);
    }

    @Test
    void bufferingCommitAndReset() throws Exception {
        List<Object> seen = new ArrayList<>();
        String response = get((request, response1) -> {
            response1.setBufferSize(2048);
            response1.setHeader("X-Before", "1");
            response1.getWriter().print("discarded");
            seen.add(response1.isCommitted());
            response1.reset();
            seen.add(response1.getHeader("X-Before"));
            response1.setContentType("text/plain");
            response1.getWriter().print("x".repeat(3000));
            seen.add(response1.isCommitted());
            try {
                response1.reset();
            } catch (IllegalStateException e) {
                seen.add("reset refused");
            }
        }, "/");
        assertEquals(java.util.Arrays.asList(false, null, true, "reset refused"), seen);
        assertEquals("chunked", header(response, "Transfer-Encoding"), "committed before its length was known");
        assertEquals(3000, body(response).length());
        assertNull(header(response, "X-Before"));
    }

    @Test
    void resetBufferKeepsHeaders() throws Exception {
        String response = get((request, r) -> {
            r.setHeader("X-Kept", "yes");
            r.getOutputStream().print("gone");
            r.resetBuffer();
            r.getOutputStream().print("kept");
        }, "/");
        assertEquals("kept", body(response));
        assertEquals("yes", header(response, "X-Kept"));
        assertEquals("4", header(response, "Content-Length"));
    }

    @Test
    void contentLengthClosesTheResponse() throws Exception {
        List<Object> seen = new ArrayList<>();
        String response = get((request, r) -> {
            r.setContentLengthLong(5L);
            r.getOutputStream().print("hello");
            seen.add(r.isCommitted());
            r.getOutputStream().print(" ignored");
        }, "/");
        assertEquals(List.of(true), seen);
        assertEquals("hello", body(response));
        assertEquals("5", header(response, "Content-Length"));
    }

    @Test
    void flushBufferCommits() throws Exception {
        String response = get((request, r) -> {
            r.getWriter().print("part");
            r.flushBuffer();
            r.setHeader("X-Late", "ignored");
            r.getWriter().print("s");
        }, "/");
        assertEquals("parts", body(response));
        assertNull(header(response, "X-Late"));
    }

    @Test
    void characterEncodings() throws Exception {
        String iso = get((request, r) -> {
            r.setContentType("text/html");
            r.getWriter().print("é");
        }, "/");
        assertEquals("text/html;charset=iso-8859-1", header(iso, "Content-Type"));
        assertEquals("1", header(iso, "Content-Length"));
        String utf8 = get((request, r) -> {
            r.setContentType("text/html; charset=UTF-8");
            r.getWriter().print("é");
        }, "/");
        assertEquals("text/html; charset=UTF-8", header(utf8, "Content-Type"));
        assertEquals("2", header(utf8, "Content-Length"));
        String separate = get((request, r) -> {
            r.setCharacterEncoding("UTF-8");
            r.setContentType("application/json");
            r.getWriter().print("\"€\"");
        }, "/");
        assertEquals("application/json;charset=utf-8", header(separate, "Content-Type"));
        String lateCharset = get((request, r) -> {
            r.setContentType("text/plain");
            r.getWriter();
            r.setCharacterEncoding("UTF-8"); // after getWriter: no effect
            r.setContentType("text/csv;charset=UTF-16"); // the type changes, not the charset
        }, "/");
        assertEquals("text/csv;charset=iso-8859-1", header(lateCharset, "Content-Type"));
        String noType = get((request, r) -> r.getOutputStream().write(new byte[] {1, 2}), "/");
        assertNull(header(noType, "Content-Type"));
    }

    @Test
    void requestCharacterEncodingAndReader() throws Exception {
        String utf8 = new String("naïve".getBytes(java.nio.charset.StandardCharsets.UTF_8), java.nio.charset.StandardCharsets.ISO_8859_1);
        String response = serve((request, r) -> {
            r.setContentType("text/plain;charset=UTF-8");
            r.getWriter().print(request.getCharacterEncoding() + " " + request.getReader().readLine() + " " + request.getContentLength());
        }, "POST / HTTP/1.1\r\nHost: h\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Length: 6\r\n\r\n" + utf8);
        assertEquals("UTF-8 naïve 6", body(response));
        String latin = serve((request, r) -> {
            r.setContentType("text/plain;charset=UTF-8");
            r.getWriter().print(request.getCharacterEncoding() + " " + request.getReader().readLine());
        }, "POST / HTTP/1.1\r\nHost: h\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n\r\n" + utf8);
        assertEquals("null naÃ¯ve", body(latin), "without a charset the body is read as ISO-8859-1");
    }

    @Test
    void cookiesInAndOut() throws Exception {
        String response = get((request, r) -> {
            StringBuilder names = new StringBuilder();
            for (Cookie cookie : request.getCookies()) {
                names.append(cookie.getName()).append('=').append(cookie.getValue()).append(';');
            }
            Cookie cookie = new Cookie("theme", "dark");
            cookie.setPath("/");
            cookie.setAttribute("SameSite", "Strict");
            cookie.setHttpOnly(true);
            r.addCookie(cookie);
            r.getWriter().print(names);
        }, "/", "Cookie: a=1; b=2\r\n", "Cookie: c=3\r\n");
        assertEquals("a=1;b=2;c=3;", body(response));
        assertEquals("theme=dark; Path=/; HttpOnly; SameSite=Strict", header(response, "Set-Cookie"));
    }

    @Test
    void typedHeaders() throws Exception {
        String response = get((request, r) -> {
            r.getWriter().print(request.getDateHeader("If-Modified-Since") + " " + request.getIntHeader("X-Count") + " "
                    + request.getDateHeader("Missing") + " " + request.getHeader("x-count") + " "
                    + Collections.list(request.getHeaders("X-Multi")) + " " + request.getLocale());
            r.setDateHeader("Expires", 0);
            r.setIntHeader("X-Answer", 42);
        }, "/", "If-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT\r\n", "X-Count: 7\r\n", "X-Multi: 1\r\n", "X-Multi: 2\r\n",
                "Accept-Language: fr;q=0.5, de-CH\r\n");
        assertEquals("784111777000 7 -1 7 [1, 2] de_CH", body(response));
        assertEquals("Thu, 01 Jan 1970 00:00:00 GMT", header(response, "Expires"));
        assertEquals("42", header(response, "X-Answer"));
    }

    @Test
    void redirectsAsJettySendsThem() throws Exception {
        Handler redirect = (request, r) -> r.sendRedirect(request.getParameter("to"));
        assertEquals("/a/c", header(get(redirect, "/a/b?to=c"), "Location"));
        assertEquals("/c", header(get(redirect, "/a/b?to=../c"), "Location"));
        assertEquals("/x/y?q=1", header(get(redirect, "/a/b?to=/x/y%3Fq%3D1"), "Location"));
        assertEquals("http://example.org/z", header(get(redirect, "/a?to=http://example.org/z"), "Location"));
        assertEquals("//cdn.example.org/z", header(get(redirect, "/a?to=//cdn.example.org/z"), "Location"));
        String response = get(redirect, "/a?to=/b");
        assertEquals(302, status(response));
        assertEquals("0", header(response, "Content-Length"));
        assertEquals(301, status(get((request, r) -> r.sendRedirect("/moved", 301), "/")));
    }

    @Test
    void serverOwnedHeadersAreDropped() throws Exception {
        String response = get((request, r) -> {
            r.setHeader("Connection", "keep-alive");
            r.setHeader("Transfer-Encoding", "chunked");
            r.getWriter().print("x");
        }, "/");
        assertEquals("Connection: close", head(response).lines().filter(l -> l.startsWith("Connection")).findFirst().orElse(""));
        assertNull(header(response, "Transfer-Encoding"));
    }

    @Test
    void requestAttributesAndIds() throws Exception {
        String response = get((request, r) -> {
            request.setAttribute("a", 1);
            request.setAttribute("a", null);
            request.setAttribute("b", 2);
            r.getWriter().print(Collections.list(request.getAttributeNames()) + " " + request.getRemoteAddr() + " "
                    + request.getRemotePort() + " " + request.getLocalPort() + " " + request.getScheme() + " "
                    + request.isSecure() + " " + request.getProtocol() + " " + !request.getRequestId().isEmpty());
        }, "/");
        assertEquals("[b] 10.1.2.3 40000 8888 http false HTTP/1.1 true", body(response));
    }

    @Test
    void securityAndUpgradeFailClearly() throws Exception {
        String response = get((request, r) -> {
            try {
                request.login("u", "p");
            } catch (jakarta.servlet.ServletException e) {
                r.getWriter().println(e.getMessage());
            }
            try {
                request.upgrade(jakarta.servlet.http.HttpUpgradeHandler.class);
            } catch (jakarta.servlet.ServletException e) {
                r.getWriter().println(e.getMessage());
            }
        }, "/");
        assertTrue(body(response).contains("container security (login, authentication, security constraints) is not available"), response);
        assertTrue(body(response).contains("HTTP upgrade (WebSocket) is not supported by lsbaws"), response);
    }

    @Test
    void headThroughHttpServletHasNoBody() throws Exception {
        HttpServlet get = new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                response.setContentType("text/plain");
                response.getWriter().print("twelve bytes");
            }
        };
        try (ServletFixture web = ServletFixture.withServlets(state, Map.of("/*", get))) {
            String response = web.serve("HEAD / HTTP/1.1\r\nHost: h\r\n\r\n");
            assertEquals(200, status(response), response);
            assertEquals("12", header(response, "Content-Length"));
            assertEquals("", body(response));
            assertEquals(405, status(web.serve("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n")));
        }
    }

    @Test
    void multipartThroughAServlet() throws Exception {
        try (ServletFixture web = ServletFixture.deploy("basic", "", state)) {
            String boundary = "XyZ";
            String body = "--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nMy file\r\n"
                    + "--XyZ\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"d.txt\"\r\n\r\n" + "z".repeat(3000) + "\r\n"
                    + "--XyZ--\r\n";
            String response = web.serve("POST /upload HTTP/1.1\r\nHost: h\r\nContent-Type: multipart/form-data; boundary=" + boundary
                    + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
            assertEquals(200, status(response), response);
            assertTrue(body(response).startsWith("title null 7 "), response);
            assertTrue(body(response).contains("\ndoc d.txt 3000 "), response);
            assertTrue(body(response).endsWith("title=My file\n"), response);
            try (var files = java.nio.file.Files.walk(state.resolve("tmp"))) {
                assertEquals(0, files.filter(java.nio.file.Files::isRegularFile).count(), "the spilled part is deleted after the request");
            }
            String tooLarge = "--XyZ\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"d\"\r\n\r\n" + "z".repeat(100_001)
                    + "\r\n--XyZ--\r\n";
            String refused = web.serve("POST /upload HTTP/1.1\r\nHost: h\r\nContent-Type: multipart/form-data; boundary=XyZ\r\n"
                    + "Content-Length: " + tooLarge.length() + "\r\n\r\n" + tooLarge);
            assertEquals(413, status(refused), refused);
            assertFalse(body(refused).isEmpty());
        }
    }
}
