package io.github.lsbaws.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RequestReaderTest {
    private static Request parse(String raw) throws IOException {
        return reader(raw, Limits.DEFAULT).read();
    }

    private static RequestReader reader(String raw, Limits limits) {
        return new RequestReader(new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)), limits);
    }

    private static int statusOf(String raw) {
        return assertThrows(HttpException.class, () -> parse(raw).body().readAllBytes()).status();
    }

    @Test
    void parsesRequestLineHeadersAndQuery() throws IOException {
        Request request = parse("GET /a%20b/c?x=1&y=%41 HTTP/1.1\r\nHost: example.com:8080\r\nX-Two: a\r\nx-two:  b \r\n\r\n");
        assertEquals("GET", request.method());
        assertEquals("/a%20b/c?x=1&y=%41", request.target());
        assertEquals("/a%20b/c", request.path());
        assertEquals("x=1&y=%41", request.query());
        assertEquals("HTTP/1.1", request.version());
        assertEquals("example.com:8080", request.headers().first("host"));
        assertEquals(java.util.List.of("a", "b"), request.headers().all("X-Two"));
        assertEquals(0, request.body().readAllBytes().length);
    }

    @Test
    void readsContentLengthBody() throws IOException {
        Request request = parse("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhelloEXTRA");
        assertArrayEquals("hello".getBytes(), request.body().readAllBytes());
    }

    @Test
    void decodesChunkedBodyAndSkipsTrailers() throws IOException {
        Request request = parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n");
        assertEquals("hello, world", new String(request.body().readAllBytes()));
    }

    @Test
    void absoluteFormTargetBecomesOriginForm() throws IOException {
        Request request = parse("GET http://example.com:80/p/q?z HTTP/1.1\r\nHost: example.com\r\n\r\n");
        assertEquals("/p/q", request.path());
        assertEquals("z", request.query());
    }

    @Test
    void emptyStreamIsNoRequestAndLeadingEmptyLinesAreSkipped() throws IOException {
        assertNull(parse(""));
        assertEquals("/", parse("\r\n\r\nGET / HTTP/1.0\r\n\r\n").path());
    }

    @Test
    void streamEndingInsideTheHeadIsEof() {
        assertThrows(EOFException.class, () -> parse("GET / HTTP/1.1\r\nHost: h\r\n"));
        assertThrows(EOFException.class, () -> parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc").body().readAllBytes());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "GARBAGE\\r\\n\\r\\n | 400",
        "GET /\\r\\n\\r\\n | 400",
        "GET  / HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n | 400",
        "G@T / HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n | 400",
        "GET / HTTP/2.0\\r\\nHost: h\\r\\n\\r\\n | 505",
        "GET / HTTP/1\\r\\n\\r\\n | 400",
        "GET nopath HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n | 400",
        "GET / HTTP/1.1\\r\\n\\r\\n | 400",
        "GET / HTTP/1.1\\r\\nHost: a\\r\\nHost: b\\r\\n\\r\\n | 400",
        "GET / HTTP/1.1\\nHost: h\\n\\n | 400",
        "GET / HTTP/1.1\\r\\nHost: h\\rX: y\\r\\n\\r\\n | 400",
        "GET / HTTP/1.1\\r\\nHost: h\\r\\n folded\\r\\n\\r\\n | 400",
        "GET / HTTP/1.1\\r\\nHost : h\\r\\n\\r\\n | 400",
        "GET / HTTP/1.1\\r\\nHost: h\\r\\nX: a\\u0000b\\r\\n\\r\\n | 400",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: 3\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n | 400",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: 3\\r\\nContent-Length: 4\\r\\n\\r\\nabcd | 400",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: -1\\r\\n\\r\\n | 400",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: 1e3\\r\\n\\r\\n | 400",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nTransfer-Encoding: gzip, chunked\\r\\n\\r\\n | 501",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nTransfer-Encoding: chunked\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n | 501",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nTransfer-Encoding: \\\"chunked\\\"\\r\\n\\r\\n | 400",
        "POST / HTTP/1.0\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n | 400",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nzz\\r\\n | 400",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n3\\r\\nabcX\\r\\n | 400",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nfffffffffffffffff\\r\\n | 400",
    })
    void refusesMalformedRequests(String raw, int status) {
        assertEquals(status, statusOf(unescape(raw)));
    }

    @Test
    void enforcesSizeLimits() {
        Limits small = new Limits(32, 64, 3, 10);
        String longTarget = "GET /" + "a".repeat(40) + " HTTP/1.1\r\nHost: h\r\n\r\n";
        assertEquals(414, assertThrows(HttpException.class, () -> reader(longTarget, small).read()).status());
        String bigHeader = "GET / HTTP/1.1\r\nHost: h\r\nX: " + "v".repeat(80) + "\r\n\r\n";
        assertEquals(431, assertThrows(HttpException.class, () -> reader(bigHeader, small).read()).status());
        String manyHeaders = "GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n";
        assertEquals(431, assertThrows(HttpException.class, () -> reader(manyHeaders, small).read()).status());
        String bigBody = "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n";
        assertEquals(413, assertThrows(HttpException.class, () -> reader(bigBody, small).read()).status());
        String bigChunks = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n6\r\nabcdef\r\n0\r\n\r\n";
        assertEquals(413, assertThrows(HttpException.class, () -> reader(bigChunks, small).read().body().readAllBytes()).status());
    }

    @Test
    void longRequestLineWithinLimitIsFine() throws IOException {
        String target = "/" + "x".repeat(8000);
        assertTrue(parse("GET " + target + " HTTP/1.1\r\nHost: h\r\n\r\n").path().equals(target));
    }

    /** CSV cells spell CR, LF, NUL and quotes as escapes. */
    private static String unescape(String s) {
        return s.replace("\\r", "\r").replace("\\n", "\n").replace("\\u0000", "\0").replace("\\\"", "\"");
    }

    @Test
    void consumedAllOnlyOnceTheBodyIsReadAndNothingFollows() throws IOException {
        RequestReader reader = reader("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello", Limits.DEFAULT);
        Request request = reader.read();
        assertFalse(reader.consumedAll(), "the body is still unread");
        request.body().readAllBytes();
        assertTrue(reader.consumedAll());

        RequestReader pipelined = reader("GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n", Limits.DEFAULT);
        pipelined.read().body().readAllBytes();
        assertFalse(pipelined.consumedAll(), "the second request is buffered");
        pipelined.read();
        assertTrue(pipelined.consumedAll());
    }

    @Test
    void chunkedBodyIsConsumedAfterItsTrailers() throws IOException {
        RequestReader reader = reader("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n0\r\n\r\n", Limits.DEFAULT);
        Request request = reader.read();
        assertFalse(reader.consumedAll());
        assertEquals("hello", new String(request.body().readAllBytes()));
        assertTrue(reader.consumedAll());
    }
}
