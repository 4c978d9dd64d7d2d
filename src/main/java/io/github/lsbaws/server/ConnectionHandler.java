package io.github.lsbaws.server;

import io.github.lsbaws.gateway.ConnectionInfo;
import io.github.lsbaws.gateway.Gateway;
import io.github.lsbaws.gateway.InvalidResponseException;
import io.github.lsbaws.http.HttpException;
import io.github.lsbaws.http.Limits;
import io.github.lsbaws.http.Request;
import io.github.lsbaws.http.RequestReader;
import io.github.lsbaws.http.Response;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.SocketTimeoutException;

/**
 * One connection, in the child that owns it: read the request, hand it to the application,
 * turn every failure into the right answer (4xx for the client's mistakes, 500 for the
 * application's) and a log line, never into a hang or a silent close.
 */
final class ConnectionHandler {
    /** Unread request body the server still reads so that closing does not reset the response away. */
    private static final long MAX_DRAIN = 1024 * 1024;

    /** The exit status of a child whose application called System.exit. */
    static final int EXIT_APPLICATION_EXITED = 3;

    private final Gateway gateway;
    private final Limits limits;
    /** The request being served (one per child): what a System.exit in the application interrupts. */
    private Response inFlight;
    private String inFlightLine = "-";

    ConnectionHandler(Gateway gateway, Limits limits) {
        this.gateway = gateway;
        this.limits = limits;
    }

    /** Serves the connection's request; returns its access-log line, or null when there was no request. */
    String serve(InputStream in, OutputStream out, ConnectionInfo connection, int pid) {
        long start = System.nanoTime();
        String requestLine = "-";
        Response response = new Response(out, false);
        try {
            Request request = new RequestReader(in, limits).read();
            if (request == null) {
                return null; // connected and closed without a request: nothing to log
            }
            requestLine = request.method() + " " + request.target() + " " + request.version();
            response = new Response(out, request.isHead());
            inFlight = response;
            inFlightLine = requestLine;
            callApplication(request, response, connection, requestLine);
            drain(request.body());
        } catch (HttpException e) {
            ServerLog.error(connection.remote().getAddress().getHostAddress() + " bad request (" + e.status() + "): "
                    + e.getMessage());
            answerError(response, e.status(), e.getMessage());
        } catch (SocketTimeoutException e) {
            ServerLog.error(connection.remote().getAddress().getHostAddress() + " timed out: " + e.getMessage());
            answerError(response, 408, "Request Timeout");
        } catch (EOFException e) {
            ServerLog.error(connection.remote().getAddress().getHostAddress() + " closed early: " + e.getMessage());
        } catch (IOException e) {
            ServerLog.error(connection.remote().getAddress().getHostAddress() + " connection failed: " + e.getMessage());
        }
        return accessLine(connection, requestLine, response, start, pid);
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
        } catch (Throwable t) { // StackOverflowError and OutOfMemoryError too: the child is dying anyway
            ServerLog.error("application error while serving \"" + requestLine + "\":\n" + stackTrace(t));
            answerError(response, 500, "Internal Server Error");
        }
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

    private static void drain(InputStream body) throws IOException {
        body.skip(MAX_DRAIN);
    }

    private static String accessLine(ConnectionInfo connection, String requestLine, Response response, long start, int pid) {
        long micros = (System.nanoTime() - start) / 1000;
        return connection.remote().getAddress().getHostAddress() + " \"" + requestLine + "\" "
                + (response.isCommitted() ? response.status() : 0) + " " + response.bodyBytes() + " "
                + micros / 1000 + "." + (char) ('0' + micros / 100 % 10) + "ms pid=" + pid;
    }

    private static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString().strip();
    }
}
