package com.example.reload;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Greets with a word from this source and punctuation from a resource: editing either changes the answer. */
public class Greeter implements HttpHandler {
    public static final HttpHandler handler = new Greeter();

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String punctuation;
        try (InputStream in = Greeter.class.getResourceAsStream("/punctuation.txt")) {
            punctuation = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        byte[] body = (Words.GREETING + ", world" + punctuation + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
