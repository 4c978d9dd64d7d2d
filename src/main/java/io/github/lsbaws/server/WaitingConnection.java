package io.github.lsbaws.server;

import io.github.lsbaws.http.Limits;
import io.github.lsbaws.http.Request;
import io.github.lsbaws.http.RequestReader;
import io.github.lsbaws.learning.LearnedRequest;
import io.github.lsbaws.natives.ErrnoException;
import io.github.lsbaws.natives.Posix;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * A connection a client made while the first generation deployed: a browser reloaded while the
 * server started, or a script waiting for its first page. The socket listens from the start, so
 * the client waits in the backlog; the first generation accepts it once the application is
 * loaded and reads its request head without taking it ({@link PeekedHead}). A page (a GET that
 * may be learned) is then answered by the parent itself, at once, instead of the root being
 * warmed up ({@link ForkingServer#answerWaiting}): its client has waited the whole deployment,
 * and the parent, which runs the code that deployed the application, answers before it readies
 * itself for forking and faster than a first child could. Any other request is served by the first child, as any
 * connection is.
 *
 * @param connection the accepted socket
 * @param request the page asked for, or null when it is not a page (not a GET, not learnable,
 *                or not whole within {@link #HEAD_MILLIS})
 */
record WaitingConnection(int connection, LearnedRequest request) {
    /** How long the request head may take to arrive after the connection was accepted. */
    static final long HEAD_MILLIS = 200;

    /** The connection waiting on listenFd (non-blocking), or null when none waits. */
    static WaitingConnection accept(int listenFd, Limits limits) throws ErrnoException {
        int connection = Posix.accept(listenFd);
        if (connection < 0) {
            return null;
        }
        LearnedRequest request = null;
        try {
            Posix.setTimeouts(connection, HEAD_MILLIS); // the child sets its own
            request = page(PeekedHead.peek(connection, HEAD_MILLIS), limits);
        } catch (IOException | RuntimeException e) {
            // not a request to warm up: the child answers what it has to
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new WaitingConnection(connection, request);
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
