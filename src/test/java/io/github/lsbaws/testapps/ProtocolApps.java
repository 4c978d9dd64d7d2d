package io.github.lsbaws.testapps;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Paths that exercise HTTP framing: /pid, /echo, /stream, /nocontent, /ignore-body, /large (8 MB). */
public class ProtocolApps {
    /** More than a loopback connection holds unread. */
    public static final int LARGE_BYTES = 8 << 20;
    public static final ServerApps.App app = (environ, start) -> {
        String path = (String) environ.get("PATH_INFO");
        List<Map.Entry<String, String>> text = List.of(Map.entry("Content-Type", "text/plain"));
        switch (path) {
            case "/echo" -> {
                start.accept("200 OK", text);
                return List.of(readAll((InputStream) environ.get("wsgi.input")));
            }
            case "/stream" -> {
                start.accept("200 OK", text);
                return () -> List.of("one,".getBytes(), "two,".getBytes(), "three".getBytes()).iterator();
            }
            case "/nocontent" -> {
                start.accept("204 No Content", List.of());
                return List.of();
            }
            case "/large" -> {
                start.accept("200 OK", text);
                return List.of(new byte[LARGE_BYTES]);
            }
            case "/ignore-body" -> {
                start.accept("200 OK", text);
                return List.of("ignored".getBytes());
            }
            default -> {
                start.accept("200 OK", text);
                return List.of(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII));
            }
        }
    };

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
