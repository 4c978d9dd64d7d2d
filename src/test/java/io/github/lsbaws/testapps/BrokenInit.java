package io.github.lsbaws.testapps;

import com.sun.net.httpserver.HttpHandler;

/** An application whose class cannot initialise. */
public class BrokenInit {
    public static final HttpHandler app = create();

    private static HttpHandler create() {
        throw new IllegalStateException("database not reachable");
    }
}
