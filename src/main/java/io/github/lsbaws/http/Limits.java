package io.github.lsbaws.http;

/**
 * Bounds on what a client may send.
 *
 * @param maxRequestLine bytes in the request line (over: 414)
 * @param maxHeaderBytes bytes in the whole header section (over: 431)
 * @param maxHeaderCount number of header fields (over: 431)
 * @param maxBodyBytes bytes in a request body (over: 413)
 */
public record Limits(int maxRequestLine, int maxHeaderBytes, int maxHeaderCount, long maxBodyBytes) {
    public static final Limits DEFAULT = new Limits(8 * 1024, 64 * 1024, 100, 64L * 1024 * 1024);
}
