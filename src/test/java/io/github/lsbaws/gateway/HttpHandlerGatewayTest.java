package io.github.lsbaws.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HttpHandlerGatewayTest {
    private static final String POST = "POST /a/b%20c?x=1 HTTP/1.1\r\nHost: h:1\r\nContent-Length: 3\r\nX-Thing: t\r\n\r\nabc";

    @Test
    void exchangeExposesTheRequestAsTheJdkServerDoes() throws Exception {
        AtomicReference<String> seen = new AtomicReference<>();
        serve(exchange -> {
            seen.set(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestURI().getRawQuery() + " " + exchange.getRequestHeaders().getFirst("x-thing") + " "
                    + new String(exchange.getRequestBody().readAllBytes()) + " " + exchange.getProtocol() + " "
                    + exchange.getRemoteAddress() + " " + exchange.getLocalAddress().getPort() + " "
                    + exchange.getHttpContext().getPath());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        }, POST);
        assertEquals("POST /a/b c x=1 t abc HTTP/1.1 /10.1.2.3:40000 8888 /", seen.get());
    }

    @Test
    void lengthArgumentFramesTheBody() throws Exception {
        assertEquals("HTTP/1.1 200 OK\r\nContent-type: text/plain\r\nContent-Length: 2\r\nDate: <date>\r\nServer: lsbaws\r\n"
                + "Connection: close\r\n\r\nhi", serve(handler(2, "hi"), POST));
        assertEquals("HTTP/1.1 200 OK\r\nContent-type: text/plain\r\nDate: <date>\r\nServer: lsbaws\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n8\r\nstreamed\r\n0\r\n\r\n",
                serve(handler(0, "streamed"), POST));
        assertEquals("HTTP/1.1 200 OK\r\nContent-type: text/plain\r\nContent-Length: 0\r\nDate: <date>\r\nServer: lsbaws\r\n"
                + "Connection: close\r\n\r\n", serve(handler(-1, ""), POST));
    }

    private static HttpHandler handler(long length, String body) {
        return exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.getResponseHeaders().set("Content-Length", "999"); // ignored: framing is the server's
            exchange.sendResponseHeaders(200, length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body.getBytes());
            }
        };
    }

    @Test
    void misuseIsAnError() {
        assertThrows(InvalidResponseException.class, () -> serve(exchange -> { }, POST));
        assertThrows(IOException.class, () -> serve(exchange -> exchange.getResponseBody().write(1), POST));
        assertThrows(IOException.class, () -> serve(exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.sendResponseHeaders(200, -1);
        }, POST));
        assertThrows(IOException.class, () -> serve(exchange -> exchange.sendResponseHeaders(42, -1), POST));
        assertThrows(IOException.class, () -> serve(exchange -> {
            exchange.sendResponseHeaders(200, 1);
            exchange.getResponseBody().write(new byte[2]);
        }, POST));
    }

    /** The JDK's Headers lets a folded "CR LF space" value through; the gateway does not, whatever follows. */
    @Test
    void aHeaderValueWithALineEndIsRefused() {
        InvalidResponseException refused = assertThrows(InvalidResponseException.class, () -> serve(exchange -> {
            exchange.getResponseHeaders().set("Location", "/ok\r\n Set-Cookie: injected=1");
            exchange.sendResponseHeaders(302, -1);
        }, POST));
        assertTrue(refused.getMessage().startsWith("the value of header Location contains a control character"), refused.getMessage());
    }

    @Test
    void unparsableTargetIsABadRequest() throws Exception {
        String response = serve(HttpExchange::close, "GET /a|b HTTP/1.1\r\nHost: h\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 400 Bad Request\r\n"), response);
    }

    private static String serve(HttpHandler handler, String raw) throws Exception {
        return GatewayFixture.serve(new HttpHandlerGateway(handler), raw);
    }
}
