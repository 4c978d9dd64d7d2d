package io.github.lsbaws.testapps;

import com.sun.net.httpserver.HttpHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/** Members of every kind an application specification can name, good and bad. */
public class Apps {
    public static final BiFunction<Map<String, Object>, BiConsumer<String, List<Map.Entry<String, String>>>,
            Iterable<byte[]>> app = (environ, startResponse) -> {
        startResponse.accept("200 OK", List.of(Map.entry("Content-Type", "text/plain")));
        return List.of(("field " + environ.get("PATH_INFO")).getBytes(StandardCharsets.UTF_8));
    };

    public static final HttpHandler handler = exchange -> {
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    };

    public static final String notAnApp = "hello";
    public static final BiFunction<String, String, String> wrongGenerics = (a, b) -> a + b;
    @SuppressWarnings("rawtypes")
    public static final BiFunction raw = app;
    public static final Object nothing = null;
    public final BiFunction<Map<String, Object>, BiConsumer<String, List<Map.Entry<String, String>>>,
            Iterable<byte[]>> instanceField = app;

    public static BiFunction<Map<String, Object>, BiConsumer<String, List<Map.Entry<String, String>>>,
            Iterable<byte[]>> factory() {
        return app;
    }

    public static HttpHandler failingFactory() {
        throw new IllegalStateException("factory boom");
    }

    public static Iterable<byte[]> direct(Map<String, Object> environ,
                                          BiConsumer<String, List<Map.Entry<String, String>>> startResponse) {
        startResponse.accept("200 OK", List.of(Map.entry("Content-Type", "text/plain")));
        return List.of("direct".getBytes(StandardCharsets.UTF_8));
    }

    public static String twoStrings(String a, String b) {
        return a + b;
    }
}
