package io.github.lsbaws.testapps;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/** Applications for tests that run the real forked server. */
public class ServerApps {
    interface App extends BiFunction<Map<String, Object>, BiConsumer<String, List<Map.Entry<String, String>>>,
            Iterable<byte[]>> {}

    /** Answers with the pid of the process serving the request, after sleeping ?ms=N milliseconds. */
    public static final App sleepy = (environ, start) -> {
        String query = (String) environ.get("QUERY_STRING");
        if (query.startsWith("ms=")) {
            try {
                Thread.sleep(Long.parseLong(query.substring(3)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        start.accept("200 OK", List.of(Map.entry("Content-Type", "text/plain")));
        return List.of(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII));
    };

    /** Throws on /crash, answers "fine" elsewhere. */
    public static final App crashy = (environ, start) -> {
        if (environ.get("PATH_INFO").equals("/crash")) {
            throw new IllegalStateException("the application broke");
        }
        start.accept("200 OK", List.of(Map.entry("Content-Type", "text/plain")));
        return List.of("fine".getBytes(StandardCharsets.US_ASCII));
    };
}
