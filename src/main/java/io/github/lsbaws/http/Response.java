package io.github.lsbaws.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes one response: the status line and header section the application chose, plus the
 * framing the server owns (Date, Server, Connection, Content-Length). The head is buffered
 * with the first body bytes so that a small response leaves in a single write.
 *
 * <p>The body is framed by the application's Content-Length when it gave one (and then held to
 * it), otherwise chunked for an HTTP/1.1 client, or delimited by closing the connection for an
 * HTTP/1.0 one. HEAD, 1xx, 204 and 304 responses never carry body bytes, whatever the
 * application writes. The Connection header says whether the connection stays open after it.
 */
public final class Response {
    public static final String SERVER = "lsbaws";

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = {'0', '\r', '\n', '\r', '\n'};

    private final OutputStream connection;
    private final boolean headRequest;
    private final boolean http11;
    private boolean keepAlive;
    private boolean chunked;
    /**
     * One page, allocated on the first write: the server makes a stand-by Response for each
     * request that only errors use, and in a forked child every page touched is a page fault.
     */
    private byte[] buffer;
    private int buffered;
    private int status;
    private boolean bodyAllowed;
    private long declaredLength = -1;
    private long bodyBytes;
    private boolean finished;

    /** A response on a connection that closes after it (errors before a request was understood). */
    public Response(OutputStream connection, boolean headRequest) {
        this(connection, headRequest, true, false);
    }

    /**
     * @param http11 whether the client speaks HTTP/1.1 (chunked coding allowed)
     * @param keepAlive whether the connection should stay open after this response, if its framing allows
     */
    public Response(OutputStream connection, boolean headRequest, boolean http11, boolean keepAlive) {
        this.connection = connection;
        this.headRequest = headRequest;
        this.http11 = http11;
        this.keepAlive = keepAlive;
    }

    /** Whether the connection may carry another request once this response is finished. */
    public boolean keepsAlive() {
        return keepAlive;
    }

    /**
     * The connection closes after this response after all (e.g. the request body was left unread);
     * a server may close a persistent connection between responses.
     */
    public void closeAfter() {
        keepAlive = false;
    }

    public boolean isCommitted() {
        return status != 0;
    }

    public int status() {
        return status;
    }

    /** Body bytes the application produced (those sent, except for HEAD). */
    public long bodyBytes() {
        return bodyBytes;
    }

    /**
     * Starts the response. A Content-Length among the headers must be a decimal number.
     *
     * @throws IllegalArgumentException for a field that may not be sent ({@link Tokens#checkField})
     *         or a reason phrase with a control character; nothing is sent then, and an error
     *         response can still be
     */
    public void start(int code, String reason, HeaderFields headers) throws IOException {
        if (isCommitted()) {
            throw new IllegalStateException("the response was already started with status " + status);
        }
        // Checked here too, whatever the gateway checked: this is the one way to the wire.
        for (HeaderFields.Field field : headers) {
            Tokens.checkField(field.name(), field.value());
        }
        if (!Tokens.isFieldValue(reason)) {
            throw new IllegalArgumentException("the reason phrase " + Tokens.quoted(reason) + " contains a control character");
        }
        status = code;
        bodyAllowed = !headRequest && !Status.forbidsBody(code);
        String length = headers.first("Content-Length");
        if (length != null && !Status.forbidsBody(code)) {
            declaredLength = Long.parseLong(length.strip());
        } else if (bodyAllowed) {
            chunked = http11;
            keepAlive &= http11; // an HTTP/1.0 body without a length ends where the connection does
        }
        StringBuilder head = new StringBuilder(256);
        head.append("HTTP/1.1 ").append(code).append(' ').append(reason).append("\r\n");
        boolean hasDate = false;
        boolean hasServer = false;
        for (HeaderFields.Field field : headers) {
            hasDate |= field.name().equalsIgnoreCase("Date");
            hasServer |= field.name().equalsIgnoreCase("Server");
            head.append(field.name()).append(": ").append(field.value()).append("\r\n");
        }
        if (!hasDate) {
            head.append("Date: ").append(HttpDate.now()).append("\r\n");
        }
        if (!hasServer) {
            head.append("Server: ").append(SERVER).append("\r\n");
        }
        if (chunked) {
            head.append("Transfer-Encoding: chunked\r\n");
        }
        if (!keepAlive) {
            head.append("Connection: close\r\n");
        } else if (!http11) {
            head.append("Connection: keep-alive\r\n");
        }
        head.append("\r\n");
        append(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Writes body bytes; they are counted but dropped when this response carries no body. */
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (!isCommitted()) {
            throw new IllegalStateException("body written before the response was started");
        }
        if (declaredLength >= 0 && bodyBytes + length > declaredLength) {
            throw new IOException("the application wrote more than its Content-Length of " + declaredLength + " bytes");
        }
        bodyBytes += length;
        if (!bodyAllowed || length == 0) {
            return;
        }
        if (chunked) {
            append(Long.toHexString(length).getBytes(StandardCharsets.US_ASCII));
            append(CRLF);
            append(bytes, offset, length);
            append(CRLF);
        } else {
            append(bytes, offset, length);
        }
    }

    /**
     * Sends what is buffered. Fails when the body fell short of the declared Content-Length:
     * the client cannot tell that response from a truncated one, so the connection must close.
     */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        if (chunked) {
            append(LAST_CHUNK);
        }
        flush();
        if (bodyAllowed && declaredLength >= 0 && bodyBytes < declaredLength) {
            throw new IOException("the application declared Content-Length " + declaredLength
                    + " but wrote only " + bodyBytes + " bytes");
        }
    }

    /**
     * Sends what is buffered now, with the body not yet ended (a servlet's flushBuffer): the
     * client sees the bytes written so far.
     */
    public void sendBuffered() throws IOException {
        if (!isCommitted()) {
            throw new IllegalStateException("nothing to send before the response was started");
        }
        flush();
        connection.flush();
    }

    /** A complete plain-text response the server itself composes (errors). */
    public void sendPlain(int code, String message) throws IOException {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        HeaderFields headers = new HeaderFields()
                .add("Content-Type", "text/plain; charset=utf-8")
                .add("Content-Length", Integer.toString(body.length));
        start(code, Status.reason(code), headers);
        write(body, 0, body.length);
        finish();
    }

    private void append(byte[] bytes) throws IOException {
        append(bytes, 0, bytes.length);
    }

    private void append(byte[] bytes, int offset, int length) throws IOException {
        if (buffer == null) {
            buffer = new byte[4 * 1024];
        }
        if (buffered + length > buffer.length) {
            flush();
            if (length > buffer.length) {
                connection.write(bytes, offset, length);
                return;
            }
        }
        System.arraycopy(bytes, offset, buffer, buffered, length);
        buffered += length;
    }

    private void flush() throws IOException {
        if (buffered > 0) {
            connection.write(buffer, 0, buffered);
            buffered = 0;
        }
    }
}
