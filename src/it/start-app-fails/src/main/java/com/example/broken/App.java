package com.example.broken;

import com.sun.net.httpserver.HttpHandler;

/** An application whose initialisation fails, as one whose database is down would. */
public class App {
    public static final HttpHandler app = connect();

    private static HttpHandler connect() {
        throw new IllegalStateException("database not reachable");
    }
}
