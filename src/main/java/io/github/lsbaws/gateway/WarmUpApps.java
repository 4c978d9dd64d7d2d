package io.github.lsbaws.gateway;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Stand-in applications of every shape, for the parent to run through the whole request path
 * before it forks: classes, call sites and string constants the path needs are then resolved
 * once in the parent instead of in every child (a forked child runs interpreted and starts cold).
 */
public final class WarmUpApps {
    private WarmUpApps() {}

    public static List<Gateway> all() {
        byte[] body = "warm".getBytes(StandardCharsets.US_ASCII);
        Gateway wsgi = new WsgiGateway((environ, startResponse) -> {
            startResponse.accept("200 OK", List.of(Map.entry("Content-Type", "text/plain")));
            return List.of(body);
        });
        Gateway handler = new HttpHandlerGateway(exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        return List.of(wsgi, handler);
    }
}
