package io.github.lsbaws.testapps;

import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An application that reads its own jar: every request reads the resources r/0..r/N-1 through
 * the application's class loader, whose JarFile the parent opened, and checks their bytes. What
 * a child loading classes from the application's jars does, many times over.
 */
public final class JarApps {
    public static final int RESOURCES = 120;
    public static final int SIZE = 16 * 1024;

    private JarApps() {}

    /** The content of resource i: bytes that deflate into a stream of some length. */
    public static byte[] content(int i) {
        byte[] bytes = new byte[SIZE];
        long x = 0x9E3779B97F4A7C15L * (i + 1);
        for (int j = 0; j < bytes.length; j++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            bytes[j] = (byte) ('a' + (x & 15));
        }
        return bytes;
    }

    public static final HttpHandler resources = exchange -> {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        String answer = "ok";
        int status = 200;
        for (int i = 0; i < RESOURCES; i++) {
            try (InputStream in = loader.getResourceAsStream("r/" + i)) {
                if (in == null || !Arrays.equals(in.readAllBytes(), content(i))) {
                    answer = "resource " + i + " read wrong";
                    status = 500;
                    break;
                }
            } catch (IOException | RuntimeException e) {
                answer = "resource " + i + ": " + e;
                status = 500;
                break;
            }
        }
        byte[] body = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/plain");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    };
}
