package io.github.lsbaws.testapps;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** An application to stop in with a debugger: greet is where the breakpoint goes. */
public class DebugApps {
    public static Iterable<byte[]> app(Map<String, Object> environ,
                                       BiConsumer<String, List<Map.Entry<String, String>>> startResponse) {
        String query = (String) environ.get("QUERY_STRING");
        String name = query.startsWith("name=") ? query.substring("name=".length()) : "world";
        startResponse.accept("200 OK", List.of(Map.entry("Content-Type", "text/plain")));
        return List.of(greet(name).getBytes(StandardCharsets.UTF_8));
    }

    static String greet(String name) {
        String greeting = "Hello, " + name + "!";
        return greeting;
    }
}
