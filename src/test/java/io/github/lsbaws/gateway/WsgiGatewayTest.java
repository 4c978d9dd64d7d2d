package io.github.lsbaws.gateway;

import static io.github.lsbaws.gateway.GatewayFixture.serve;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class WsgiGatewayTest {
    private static final String GET = "GET /p%C3%A9th/x?q=1&r=%20 HTTP/1.1\r\nHost: example.com:9000\r\nAccept: a\r\n"
            + "Accept: b\r\nCookie: c=1\r\nCookie: d=2\r\nX_Forwarded_For: spoofed\r\n\r\n";

    private interface App extends BiFunction<Map<String, Object>, BiConsumer<String, List<Map.Entry<String, String>>>,
            Iterable<byte[]>> {}

    private static WsgiGateway gateway(App app) {
        return new WsgiGateway(app);
    }

    private static List<byte[]> text(BiConsumer<String, List<Map.Entry<String, String>>> start, String status, String body) {
        start.accept(status, List.of(Map.entry("Content-Type", "text/plain")));
        return List.of(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void environCarriesCgiVariablesHeadersAndWsgiKeys() throws Exception {
        AtomicReference<Map<String, Object>> seen = new AtomicReference<>();
        serve(gateway((environ, start) -> {
            seen.set(environ);
            return text(start, "200 OK", "");
        }), GET);
        Map<String, Object> environ = seen.get();
        assertEquals("GET", environ.get("REQUEST_METHOD"));
        assertEquals("", environ.get("SCRIPT_NAME"));
        assertEquals("/péth/x", environ.get("PATH_INFO"));
        assertEquals("q=1&r=%20", environ.get("QUERY_STRING"));
        assertEquals("", environ.get("CONTENT_TYPE"));
        assertEquals("", environ.get("CONTENT_LENGTH"));
        assertEquals("example.com", environ.get("SERVER_NAME"));
        assertEquals("8888", environ.get("SERVER_PORT"));
        assertEquals("HTTP/1.1", environ.get("SERVER_PROTOCOL"));
        assertEquals("10.1.2.3", environ.get("REMOTE_ADDR"));
        assertEquals("40000", environ.get("REMOTE_PORT"));
        assertEquals("example.com:9000", environ.get("HTTP_HOST"));
        assertEquals("a,b", environ.get("HTTP_ACCEPT"));
        assertEquals("c=1; d=2", environ.get("HTTP_COOKIE"));
        assertFalse(environ.containsKey("HTTP_X_FORWARDED_FOR"), "header names with '_' are dropped");
        assertEquals(List.of(1, 0), environ.get("wsgi.version"));
        assertEquals("http", environ.get("wsgi.url_scheme"));
        assertTrue(environ.get("wsgi.input") instanceof InputStream);
        assertTrue(environ.get("wsgi.errors") instanceof java.io.PrintStream);
        assertEquals(Boolean.FALSE, environ.get("wsgi.multithread"));
        assertEquals(Boolean.TRUE, environ.get("wsgi.multiprocess"));
        assertEquals(Boolean.FALSE, environ.get("wsgi.run_once"));
    }

    @Test
    void contentHeadersHaveTheirOwnKeysAndTheBodyIsReadable() throws Exception {
        AtomicReference<String> body = new AtomicReference<>();
        AtomicReference<Map<String, Object>> seen = new AtomicReference<>();
        String response = serve(gateway((environ, start) -> {
            seen.set(environ);
            try {
                body.set(new String(((InputStream) environ.get("wsgi.input")).readAllBytes(), StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return text(start, "201 Created", "ok");
        }), "POST / HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: 4\r\n\r\n{\"a\"");
        assertEquals("{\"a\"", body.get());
        assertEquals("application/json", seen.get().get("CONTENT_TYPE"));
        assertEquals("4", seen.get().get("CONTENT_LENGTH"));
        assertFalse(seen.get().containsKey("HTTP_CONTENT_TYPE"));
        assertFalse(seen.get().containsKey("HTTP_CONTENT_LENGTH"));
        assertEquals("HTTP/1.1 201 Created\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nDate: <date>\r\n"
                + "Server: lsbaws\r\nConnection: close\r\n\r\nok", response);
    }

    @Test
    void streamedBodyWithoutLengthIsChunkedAndClosedAfterwards() throws Exception {
        AtomicBoolean closed = new AtomicBoolean();
        class Stream implements Iterable<byte[]>, AutoCloseable {
            @Override
            public Iterator<byte[]> iterator() {
                return List.of("a".getBytes(), new byte[0], "bc".getBytes()).iterator();
            }

            @Override
            public void close() {
                closed.set(true);
            }
        }
        String response = serve(gateway((environ, start) -> {
            start.accept("200 OK", List.of(Map.entry("Content-Type", "text/plain")));
            return new Stream();
        }), GET);
        assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nDate: <date>\r\nServer: lsbaws\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n1\r\na\r\n2\r\nbc\r\n0\r\n\r\n", response);
        assertTrue(closed.get());
    }

    @Test
    void startResponseMayComeLazilyFromTheIterable() throws Exception {
        String response = serve(gateway((environ, start) -> () -> {
            start.accept("200 OK", List.of(Map.entry("Content-Type", "text/plain")));
            return List.of("late".getBytes()).iterator();
        }), GET);
        assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n") && response.endsWith("\r\n\r\n4\r\nlate\r\n0\r\n\r\n"), response);
    }

    @Test
    void headGetsTheLengthButNoBody() throws Exception {
        String response = serve(gateway((environ, start) -> text(start, "200 OK", "hello")),
                "HEAD / HTTP/1.1\r\nHost: h\r\n\r\n");
        assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nDate: <date>\r\n"
                + "Server: lsbaws\r\nConnection: close\r\n\r\n", response);
    }

    @Test
    void noContentResponsesNeedNoContentType() throws Exception {
        String response = serve(gateway((environ, start) -> {
            start.accept("204 No Content", List.of());
            return List.of();
        }), GET);
        assertEquals("HTTP/1.1 204 No Content\r\nDate: <date>\r\nServer: lsbaws\r\nConnection: close\r\n\r\n", response);
    }

    @Test
    void invalidAnswersAreReportedLikeWsgirefValidate() {
        assertInvalid("is not of the form \"200 OK\"", (e, start) -> text(start, "200", "x"));
        assertInvalid("is not of the form \"200 OK\"", (e, start) -> text(start, "OK 200", "x"));
        assertInvalid("status code 99 is not a final status", (e, start) -> text(start, "099 Odd", "x"));
        assertInvalid("no Content-Type header in a 200 response", (e, start) -> {
            start.accept("200 OK", List.of());
            return List.of();
        });
        assertInvalid("Content-Type in a 304 response", (e, start) -> text(start, "304 Not Modified", ""));
        assertInvalid("header name \"Bad Name\" is not a valid field name", (e, start) -> {
            start.accept("200 OK", List.of(Map.entry("Content-Type", "a"), Map.entry("Bad Name", "x")));
            return List.of();
        });
        assertInvalid("contains a control character", (e, start) -> {
            start.accept("200 OK", List.of(Map.entry("Content-Type", "a\r\nInjected: yes")));
            return List.of();
        });
        assertInvalid("header Connection is hop-by-hop", (e, start) -> {
            start.accept("200 OK", List.of(Map.entry("Content-Type", "a"), Map.entry("Connection", "close")));
            return List.of();
        });
        assertInvalid("Content-Length \"abc\" is not a decimal number", (e, start) -> {
            start.accept("200 OK", List.of(Map.entry("Content-Type", "a"), Map.entry("Content-Length", "abc")));
            return List.of();
        });
        assertInvalid("start_response was called twice", (e, start) -> {
            text(start, "200 OK", "");
            return text(start, "200 OK", "");
        });
        assertInvalid("without calling start_response", (e, start) -> List.of("x".getBytes()));
        assertInvalid("returned null", (e, start) -> {
            text(start, "200 OK", "");
            return null;
        });
        assertInvalid("null chunk", (e, start) -> {
            start.accept("200 OK", List.of(Map.entry("Content-Type", "a")));
            List<byte[]> chunks = new ArrayList<>();
            chunks.add(null);
            return chunks;
        });
    }

    private static void assertInvalid(String expected, App app) {
        InvalidResponseException e = assertThrows(InvalidResponseException.class, () -> serve(gateway(app), GET));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
