package io.github.lsbaws.http;

import java.io.IOException;

/**
 * A request the server refuses: carries the 4xx/5xx status to answer with. An IOException so that
 * it can surface from a body stream the application is reading (a bad chunk, a body too large).
 */
public class HttpException extends IOException {
    private final int status;

    public HttpException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
