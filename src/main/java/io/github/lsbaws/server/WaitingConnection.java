package io.github.lsbaws.server;

import io.github.lsbaws.http.Limits;
import io.github.lsbaws.http.Request;
import io.github.lsbaws.http.RequestReader;
import io.github.lsbaws.learning.LearnedRequest;
import io.github.lsbaws.natives.ErrnoException;
import io.github.lsbaws.natives.Posix;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * A connection a client made while the first generation deployed: a browser reloaded while the
 * server started, or a script waiting for its first page. The socket listens from the start, so
 * the client waits in the backlog; the first generation accepts it once the application is
 * loaded, reads its request head without taking it (MSG_PEEK), and warms up that page in the
 * parent, instead of the root, before its first fork. Its child, the first one, then serves the
 * request as any child does, finding the code of that page already run.
 *
 * @param connection the accepted socket, which the server forks for first
 * @param request the request to warm up, or null when it is not a page to replay (not a GET,
 *                not learnable, or not whole within {@link #HEAD_MILLIS})
 */
record WaitingConnection(int connection, LearnedRequest request) {
    /** How long the request head may take to arrive after the connection was accepted. */
    static final long HEAD_MILLIS = 200;
    private static final int MAX_HEAD = 16 * 1024;

    /** The connection waiting on listenFd (non-blocking), or null when none waits. */
    static WaitingConnection accept(int listenFd, Limits limits) throws ErrnoException {
        int connection = Posix.accept(listenFd);
        if (connection < 0) {
            return null;
        }
        LearnedRequest request = null;
        try {
            Posix.setTimeouts(connection, HEAD_MILLIS); // the child sets its own
            request = page(peekHead(connection), limits);
        } catch (IOException | RuntimeException e) {
            // not a request to warm up: the child answers what it has to
        }
        return new WaitingConnection(connection, request);
    }

    /** The request head as it sits in the socket, or null if it does not arrive whole in time. */
    private static byte[] peekHead(int connection) throws ErrnoException {
        byte[] buffer = new byte[MAX_HEAD];
        long deadline = System.nanoTime() + HEAD_MILLIS * 1_000_000;
        while (System.nanoTime() < deadline) {
            int n = Posix.peek(connection, buffer); // waits up to the timeout for a first byte
            if (n <= 0) {
                return null;
            }
            String text = new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end >= 0) {
                return Arrays.copyOf(buffer, end + 4);
            }
            if (n == buffer.length) {
                return null;
            }
            LockSupport.parkNanos(1_000_000); // the rest of the head is on its way
        }
        return null;
    }

    /** The page the head asks for, read by the server's own codec, if it is a GET that may be learned. */
    private static LearnedRequest page(byte[] head, Limits limits) throws IOException {
        if (head == null) {
            return null;
        }
        Request request = new RequestReader(new ByteArrayInputStream(head), limits).read();
        if (request == null || !request.method().equals("GET") || !LearnedRequest.learnable("GET", request.target())) {
            return null;
        }
        return LearnedRequest.of("GET", request.target(), request.headers());
    }
}
