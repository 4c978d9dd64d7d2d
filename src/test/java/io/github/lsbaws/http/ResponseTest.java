package io.github.lsbaws.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseTest {
    private final ByteArrayOutputStream wire = new ByteArrayOutputStream();

    private String sent() {
        return wire.toString(StandardCharsets.ISO_8859_1).replaceFirst("Date: [^\r]+", "Date: <date>");
    }

    private static HeaderFields headers(String... pairs) {
        HeaderFields fields = new HeaderFields();
        for (int i = 0; i < pairs.length; i += 2) {
            fields.add(pairs[i], pairs[i + 1]);
        }
        return fields;
    }

    @Test
    void writesHeadAndBodyWithServerOwnedFields() throws IOException {
        Response response = new Response(wire, false);
        response.start(200, "OK", headers("Content-Type", "text/plain", "Content-Length", "5"));
        response.write("hello".getBytes(), 0, 5);
        response.finish();
        assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nDate: <date>\r\n"
                + "Server: lsbaws\r\nConnection: close\r\n\r\nhello", sent());
        assertEquals(5, response.bodyBytes());
    }

    @Test
    void headAnd204And304SendNoBody() throws IOException {
        Response head = new Response(wire, true);
        head.start(200, "OK", headers("Content-Type", "text/plain", "Content-Length", "5"));
        head.write("hello".getBytes(), 0, 5);
        head.finish();
        assertTrue(sent().endsWith("Content-Length: 5\r\nDate: <date>\r\nServer: lsbaws\r\nConnection: close\r\n\r\n"), sent());
        for (int status : new int[] {204, 304}) {
            wire.reset();
            Response empty = new Response(wire, false);
            empty.start(status, Status.reason(status), headers());
            empty.write("ignored".getBytes(), 0, 7);
            empty.finish();
            assertTrue(sent().endsWith("\r\n\r\n"), sent());
        }
    }

    @Test
    void keepsTheApplicationsDateAndServer() throws IOException {
        Response response = new Response(wire, false);
        response.start(200, "OK", headers("Date", "Thu, 01 Jan 1970 00:00:00 GMT", "Server", "mine"));
        response.finish();
        String text = wire.toString(StandardCharsets.ISO_8859_1);
        assertEquals("HTTP/1.1 200 OK\r\nDate: Thu, 01 Jan 1970 00:00:00 GMT\r\nServer: mine\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n", text);
    }

    @Test
    void holdsTheApplicationToItsContentLength() throws IOException {
        Response tooLong = new Response(wire, false);
        tooLong.start(200, "OK", headers("Content-Length", "2"));
        assertThrows(IOException.class, () -> tooLong.write("abc".getBytes(), 0, 3));
        Response tooShort = new Response(new ByteArrayOutputStream(), false);
        tooShort.start(200, "OK", headers("Content-Length", "5"));
        tooShort.write("ab".getBytes(), 0, 2);
        assertThrows(IOException.class, tooShort::finish);
    }

    @Test
    void largeBodiesPassThroughTheBuffer() throws IOException {
        byte[] big = new byte[100_000];
        Response response = new Response(wire, false);
        response.start(200, "OK", headers("Content-Length", Integer.toString(big.length)));
        response.write(big, 0, 10);
        response.write(big, 10, big.length - 10);
        response.finish();
        assertEquals(big.length, wire.size() - wire.toString(StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n") - 4);
    }

    @Test
    void framingFollowsTheProtocolVersionAndPersistence() throws IOException {
        Response chunked = new Response(wire, false, true, true);
        chunked.start(200, "OK", headers("Content-Type", "text/plain"));
        chunked.write("hello".getBytes(), 0, 5);
        chunked.write("!".getBytes(), 0, 1);
        chunked.finish();
        assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nDate: <date>\r\nServer: lsbaws\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n1\r\n!\r\n0\r\n\r\n", sent());
        assertTrue(chunked.keepsAlive());
        wire.reset();
        Response http10 = new Response(wire, false, false, true);
        http10.start(200, "OK", headers("Content-Type", "text/plain"));
        http10.write("x".getBytes(), 0, 1);
        http10.finish();
        assertTrue(sent().endsWith("Connection: close\r\n\r\nx"), sent());
        assertTrue(!http10.keepsAlive(), "an HTTP/1.0 body without length ends with the connection");
        wire.reset();
        Response kept10 = new Response(wire, false, false, true);
        kept10.start(200, "OK", headers("Content-Length", "1"));
        kept10.write("x".getBytes(), 0, 1);
        kept10.finish();
        assertTrue(sent().endsWith("Content-Length: 1\r\nDate: <date>\r\nServer: lsbaws\r\nConnection: keep-alive\r\n\r\nx"), sent());
    }

    @Test
    void startsOnlyOnce() throws IOException {
        Response response = new Response(wire, false);
        response.sendPlain(404, "nope");
        assertThrows(IllegalStateException.class, () -> response.start(200, "OK", headers()));
        assertTrue(sent().startsWith("HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 5\r\n"));
    }

    /** The last check before the wire, whatever the gateway let through: refused before a byte is sent, a 500 still possible. */
    @Test
    void aFieldThatWouldSplitTheHeadIsRefusedBeforeAnythingIsSent() throws IOException {
        String[][] bad = {{"Location", "/ok\r\nSet-Cookie: injected=1"}, {"X-Bare-Lf", "a\nb"}, {"X-Nul", "a\0b"},
                {"X-Del", "a\u007fb"}, {"Set-Cookie: injected=1\r\nX-Name", "v"}, {"Bad Name", "v"}, {"", "v"}};
        for (String[] field : bad) {
            Response response = new Response(wire, false);
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> response.start(302, "Found", headers("Content-Length", "0", field[0], field[1])));
            assertTrue(refused.getMessage().contains("header"), refused.getMessage());
            assertTrue(!refused.getMessage().contains("\r") && !refused.getMessage().contains("\n"), "escaped: " + refused.getMessage());
            assertEquals("", sent(), "nothing sent for " + field[0]);
            assertTrue(!response.isCommitted());
            response.sendPlain(500, "Internal Server Error");
            assertTrue(sent().startsWith("HTTP/1.1 500 Internal Server Error\r\n"), sent());
            assertTrue(!sent().contains("injected"), sent());
            wire.reset();
        }
        assertEquals("the value of header Location contains a control character: \"/ok\\r\\nSet-Cookie: injected=1\"",
                assertThrows(IllegalArgumentException.class, () -> new Response(wire, false)
                        .start(302, "Found", headers("Location", "/ok\r\nSet-Cookie: injected=1"))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Response(wire, false).start(200, "OK\r\nX: y", headers()));
        Response tabAndLatin1 = new Response(wire, false);
        tabAndLatin1.start(200, "OK", headers("X-Tab", "a\tb", "X-Latin", "caf\u00e9", "X-Wide", "\u6587", "Content-Length", "0"));
        tabAndLatin1.finish();
        assertTrue(sent().contains("X-Tab: a\tb\r\nX-Latin: caf\u00e9\r\nX-Wide: ?\r\n"), sent());
    }
}
