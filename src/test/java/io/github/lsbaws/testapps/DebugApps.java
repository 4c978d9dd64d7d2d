package io.github.lsbaws.testapps;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/** An application to stop in with a debugger: greet in a request, prefix at start-up (loading the app initialises the class). */
public class DebugApps {
    private static final String PREFIX = prefix();

    public static final BiFunction<Map<String, Object>, BiConsumer<String, List<Map.Entry<String, String>>>,
            Iterable<byte[]>> app = DebugApps::serve;

    static Iterable<byte[]> serve(Map<String, Object> environ, BiConsumer<String, List<Map.Entry<String, String>>> startResponse) {
        String query = (String) environ.get("QUERY_STRING");
        String name = query.startsWith("name=") ? query.substring("name=".length()) : "world";
        startResponse.accept("200 OK", List.of(Map.entry("Content-Type", "text/plain")));
        return List.of(greet(name).getBytes(StandardCharsets.UTF_8));
    }

    static String greet(String name) {
        String greeting = PREFIX + name + "!";
        return greeting;
    }

    static String prefix() {
        return "Hello, ";
    }
}
