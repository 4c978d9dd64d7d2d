package com.example.pid;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A handler as it is usually written for com.sun.net.httpserver.HttpServer: string concatenation
 * with '+' (compiled to invokedynamic by default) and the pid of the process that served the
 * request. Nothing here runs before the first request, so a forked child links all of it itself.
 */
public class Handler implements HttpHandler {
    public static final HttpHandler handler = new Handler();

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        String name = query != null && query.startsWith("name=") ? query.substring(5) : "world";
        String body = "Hello, " + name + "! Served by pid " + ProcessHandle.current().pid() + "\n";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
