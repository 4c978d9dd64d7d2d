package com.example.handler;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** A handler written for com.sun.net.httpserver.HttpServer, served unchanged by lsbaws. */
public class Handler implements HttpHandler {
    public static final HttpHandler handler = new Handler();

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (path.equals("/hello")) {
            String query = exchange.getRequestURI().getRawQuery();
            String name = query != null && query.startsWith("name=") ? query.substring(5) : "world";
            send(exchange, 200, "text/plain; charset=utf-8", ("Hello, " + name + "!\n").getBytes(StandardCharsets.UTF_8));
        } else if (path.equals("/echo") && method.equals("POST")) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("X-Request-Length",
                    exchange.getRequestHeaders().getFirst("Content-Length"));
            send(exchange, 200, exchange.getRequestHeaders().getFirst("Content-Type"), body);
        } else {
            send(exchange, 404, "text/plain; charset=utf-8", ("Not found: " + path + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
