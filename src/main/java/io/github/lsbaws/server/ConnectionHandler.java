package io.github.lsbaws.server;

import io.github.lsbaws.gateway.ConnectionInfo;
import io.github.lsbaws.gateway.Gateway;
import io.github.lsbaws.gateway.InvalidResponseException;
import io.github.lsbaws.gateway.StackTraces;
import io.github.lsbaws.http.HttpException;
import io.github.lsbaws.http.Limits;
import io.github.lsbaws.http.Request;
import io.github.lsbaws.http.RequestReader;
import io.github.lsbaws.http.Response;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.util.function.Consumer;

/**
 * One connection, in the child that owns it: read the request, hand it to the application,
 * turn every failure into the right answer (4xx for the client's mistakes, 500 for the
 * application's) and a log line, never into a hang or a silent close.
 */
final class ConnectionHandler {
    /** Unread request body the server still reads to reach the next request; past it, the connection closes. */
    private static final long MAX_DRAIN = 1024 * 1024;
    /** Requests one connection (and so one child) serves before it closes. */
    static final int MAX_REQUESTS = 100;
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** The exit status of a child whose application called System.exit. */
    static final int EXIT_APPLICATION_EXITED = 3;

    private final Gateway gateway;
    private final Limits limits;
    /** The generation whose children this handler serves in, for the access log. */
    private final int generation;
    private final Learner learner;
    /** The request being served (one per child): what a System.exit in the application interrupts. */
    private Response inFlight;
    private String inFlightLine = "-";

    ConnectionHandler(Gateway gateway, Limits limits, int generation, Learner learner) {
        this.gateway = gateway;
        this.limits = limits;
        this.generation = generation;
        this.learner = learner;
    }

    Gateway gateway() {
        return gateway;
    }

    /** How an exchange leaves the connection. */
    private enum After {
        /** Read the next request. */
        NEXT,
        /** Close: everything the client sent was read. */
        CLOSE,
        /** Close, though the client may have sent bytes that were not read (an early error, an unread body). */
        CLOSE_UNREAD
    }

    /**
     * Serves the connection's requests in order (pipelined ones included) while the client keeps
     * it open: until it closes, stays idle past the read timeout, asks to close, sends a request
     * that cannot be answered on a persistent connection, or reaches MAX_REQUESTS.
     *
     * @param nextRequest called when a request after the first begins (the parent's watchdog restarts)
     * @param accessLog receives one line per request
     * @return whether everything the client sent was read: the connection may then be closed at
     *         once, without waiting for unread input that closing would answer with a reset
     */
    boolean serve(InputStream in, OutputStream out, ConnectionInfo connection, int pid, Runnable nextRequest,
                  Consumer<String> accessLog) {
        RequestReader reader = new RequestReader(in, limits);
        for (int served = 0; served < MAX_REQUESTS; served++) {
            if (served > 0) {
                nextRequest.run();
            }
            After after = serveOne(reader, out, connection, pid, served == MAX_REQUESTS - 1, accessLog);
            if (after != After.NEXT) {
                return after == After.CLOSE;
            }
        }
        return reader.consumedAll();
    }

    /**
     * Serves the connection's first request alone, its response asking the client to close: the
     * parent's answer to a client that waited while it deployed ({@link WaitingConnection}).
     * Returns whether everything the client sent was read.
     */
    boolean serveOnly(InputStream in, OutputStream out, ConnectionInfo connection, int pid, Consumer<String> accessLog) {
        return serveOne(new RequestReader(in, limits), out, connection, pid, true, accessLog) == After.CLOSE;
    }

    /** One request and its response, and what is to happen to the connection after it. */
    private After serveOne(RequestReader reader, OutputStream out, ConnectionInfo connection, int pid, boolean last,
                           Consumer<String> accessLog) {
        long start = System.nanoTime();
        String client = connection.remoteHost();
        String requestLine = "-";
        Response response = new Response(out, false);
        try {
            Request request = reader.read();
            if (request == null) {
                return After.CLOSE; // the client closed between requests: the normal end of a connection
            }
            start = System.nanoTime();
            requestLine = request.method() + " " + request.target() + " " + request.version();
            boolean http11 = request.version().equals(RequestReader.HTTP_11);
            request = withContinue(request, out, http11);
            response = new Response(out, request.isHead(), http11, !last && persistent(request, http11));
            inFlight = response;
            inFlightLine = requestLine;
            callApplication(request, response, connection, requestLine);
            if (response.keepsAlive() && !drained(request)) {
                response.closeAfter();
            }
            learner.served(request, response.status());
        } catch (HttpException e) {
            ServerLog.error(client + " bad request (" + e.status() + "): " + e.getMessage());
            answerError(response, e.status(), e.getMessage());
        } catch (SocketTimeoutException e) {
            if (requestLine.equals("-") && !reader.inRequest()) {
                return After.CLOSE; // idle between requests: close quietly
            }
            ServerLog.error(client + " timed out: " + e.getMessage());
            answerError(response, 408, "Request Timeout");
        } catch (EOFException e) {
            ServerLog.error(client + " closed early: " + e.getMessage());
        } catch (IOException e) {
            ServerLog.error(client + " connection failed: " + e.getMessage());
        }
        accessLog.accept(accessLine(client, requestLine, response, start, generation, pid));
        if (response.isCommitted() && response.keepsAlive()) {
            return After.NEXT;
        }
        return reader.consumedAll() ? After.CLOSE : After.CLOSE_UNREAD;
    }

    /**
     * HTTP/1.1 keeps the connection unless the client says close; HTTP/1.0 only when it asks for
     * keep-alive (RFC 9112 section 9.3).
     */
    private static boolean persistent(Request request, boolean http11) {
        String connection = request.headers().first("Connection");
        String options = connection == null ? "" : connection.toLowerCase(java.util.Locale.ROOT);
        // indexOf, not contains: HotSpot resolves contains' call through CharSequence anew in every child.
        return http11 ? options.indexOf("close") < 0 : options.indexOf("keep-alive") >= 0;
    }

    /**
     * A client that sent "Expect: 100-continue" waits for an interim 100 before sending the body:
     * it is sent when the application first reads the body (RFC 9110 section 10.1.1).
     */
    private static Request withContinue(Request request, OutputStream out, boolean http11) {
        String expect = request.headers().first("Expect");
        if (!http11 || expect == null || !expect.equalsIgnoreCase("100-continue")) {
            return request;
        }
        return new Request(request.method(), request.target(), request.path(), request.query(), request.version(),
                request.headers(), new ContinueOnRead(request.body(), out));
    }

    /** The body of a 100-continue request: the first read sends the interim response. */
    private static final class ContinueOnRead extends java.io.FilterInputStream {
        private final OutputStream out;
        private boolean continued;

        ContinueOnRead(InputStream body, OutputStream out) {
            super(body);
            this.out = out;
        }

        private void sendContinue() throws IOException {
            if (!continued) {
                continued = true;
                out.write(CONTINUE);
            }
        }

        @Override
        public int read() throws IOException {
            sendContinue();
            return super.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            sendContinue();
            return super.read(buffer, offset, length);
        }

        @Override
        public long skip(long n) throws IOException {
            sendContinue();
            return super.skip(n);
        }
    }

    private void callApplication(Request request, Response response, ConnectionInfo connection, String requestLine)
            throws IOException {
        try {
            gateway.serve(request, response, connection);
            response.finish();
        } catch (HttpException e) {
            throw e; // the request body was malformed or too large: the client's fault
        } catch (InvalidResponseException e) {
            ServerLog.error("invalid response from the application to \"" + requestLine + "\": " + e.getMessage());
            answerError(response, 500, "Internal Server Error");
        } catch (Throwable t) {
            if (causedByTimeout(t)) { // the client stopped sending its body: its fault, not the application's
                ServerLog.error("client timed out sending the body of \"" + requestLine + "\"");
                response.closeAfter();
                answerError(response, 408, "Request Timeout");
                return;
            } // StackOverflowError and OutOfMemoryError too: the child is dying anyway
            ServerLog.error("application error while serving \"" + requestLine + "\":\n" + StackTraces.of(t));
            answerError(response, 500, "Internal Server Error");
        }
    }

    /** Whether t, or what it wraps (an UncheckedIOException, say), is a read timeout. */
    private static boolean causedByTimeout(Throwable t) {
        for (Throwable cause = t; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs in a child whose application called System.exit, from the shutdown hook (the JVM's own
     * exit would wait forever for the VM thread a child does not have): answers 500 if nothing was
     * sent, logs, and leaves through _exit.
     */
    void applicationExited(int pid) {
        ServerLog.error("the application called System.exit while serving \"" + inFlightLine + "\" (child " + pid
                + "); a forked child cannot run the JVM's exit");
        if (inFlight != null) {
            answerError(inFlight, 500, "Internal Server Error");
        }
        io.github.lsbaws.natives.Posix.exitImmediately(EXIT_APPLICATION_EXITED);
    }

    /** Sends an error response if nothing was sent yet; after that, closing is the only signal left. */
    private static void answerError(Response response, int status, String message) {
        if (response.isCommitted()) {
            return;
        }
        try {
            response.sendPlain(status, message);
        } catch (IOException e) {
            ServerLog.error("could not send " + status + ": " + e.getMessage());
        }
    }

    /**
     * Reads what the application left of the request body, so that the next request starts where
     * it should. False when too much is left, or when the client still waits for a 100 Continue
     * it was never sent (its body would never come): then the connection closes instead.
     */
    private static boolean drained(Request request) throws IOException {
        if (request.body() instanceof ContinueOnRead body && !body.continued) {
            return false;
        }
        request.body().skip(MAX_DRAIN);
        return request.body().read() < 0;
    }

    private static String accessLine(String client, String requestLine, Response response, long start, int generation,
                                     int pid) {
        long micros = (System.nanoTime() - start) / 1000;
        return client + " \"" + requestLine + "\" "
                + (response.isCommitted() ? response.status() : 0) + " " + response.bodyBytes() + " "
                + micros / 1000 + "." + (char) ('0' + micros / 100 % 10) + (char) ('0' + micros / 10 % 10) + "ms gen="
                + generation + " pid=" + pid;
    }
}
