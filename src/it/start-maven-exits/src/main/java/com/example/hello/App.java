package com.example.hello;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/** The seeds' hello application, WSGI-style: environ in, start_response called, body returned. */
public class App {
    public static final BiFunction<Map<String, Object>, BiConsumer<String, List<Map.Entry<String, String>>>,
            Iterable<byte[]>> app = (environ, startResponse) -> {
        String path = (String) environ.get("PATH_INFO");
        String method = (String) environ.get("REQUEST_METHOD");
        if (path.equals("/hello")) {
            String query = (String) environ.get("QUERY_STRING");
            String name = query.startsWith("name=") ? query.substring(5) : "world";
            return text(startResponse, "200 OK", "Hello, " + name + "!\n");
        }
        if (path.equals("/echo") && method.equals("POST")) {
            byte[] body = readBody((InputStream) environ.get("wsgi.input"));
            startResponse.accept("200 OK", List.of(
                    Map.entry("Content-Type", (String) environ.get("CONTENT_TYPE")),
                    Map.entry("X-Request-Length", (String) environ.get("CONTENT_LENGTH"))));
            return List.of(body);
        }
        return text(startResponse, "404 Not Found", "Not found: " + path + "\n");
    };

    private static Iterable<byte[]> text(BiConsumer<String, List<Map.Entry<String, String>>> startResponse,
                                         String status, String text) {
        startResponse.accept(status, List.of(Map.entry("Content-Type", "text/plain; charset=utf-8")));
        return List.of(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] readBody(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
