package com.example.slow;

import com.sun.net.httpserver.HttpHandler;

/** An application whose start-up outlasts the build's startTimeout, as a large one's deployment can. */
public class App {
    public static final HttpHandler app = connect();

    private static HttpHandler connect() {
        System.out.println("Connecting to the slow database");
        try {
            Thread.sleep(600_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return exchange -> exchange.sendResponseHeaders(204, -1);
    }
}
