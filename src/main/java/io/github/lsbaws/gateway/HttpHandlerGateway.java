package io.github.lsbaws.gateway;

import com.sun.net.httpserver.HttpHandler;
import io.github.lsbaws.http.Request;
import io.github.lsbaws.http.Response;
import java.net.URI;
import java.net.URISyntaxException;

/** Runs a {@link HttpHandler} written for the JDK's HttpServer, unchanged, on a forked connection. */
final class HttpHandlerGateway implements Gateway {
    private final HttpHandler handler;

    HttpHandlerGateway(HttpHandler handler) {
        this.handler = handler;
    }

    @Override
    public void serve(Request request, Response response, ConnectionInfo connection) throws Exception {
        URI uri;
        try {
            uri = new URI(request.target());
        } catch (URISyntaxException e) { // the JDK's HttpServer refuses such targets the same way
            response.sendPlain(400, "Bad request target: " + e.getMessage());
            return;
        }
        ForkedHttpExchange exchange = new ForkedHttpExchange(request, response, connection, uri, handler);
        handler.handle(exchange);
        exchange.complete();
    }
}
