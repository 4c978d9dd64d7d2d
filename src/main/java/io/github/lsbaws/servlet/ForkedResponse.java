package io.github.lsbaws.servlet;

import io.github.lsbaws.http.HeaderFields;
import io.github.lsbaws.http.HttpDate;
import io.github.lsbaws.http.Response;
import io.github.lsbaws.http.Status;
import io.github.lsbaws.http.Tokens;
import io.github.lsbaws.servlet.codec.Cookies;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The container's response: status and headers held until the response commits (the buffer
 * fills, flushBuffer, or the request ends), then written through {@link Response}, which owns
 * Date, Server, Connection and the framing. A response complete within its buffer gets a
 * Content-Length.
 */
final class ForkedResponse implements HttpServletResponse {
    static final int DEFAULT_BUFFER_SIZE = 32 * 1024;
    private static final int OUTPUT_NONE = 0;
    private static final int OUTPUT_STREAM = 1;
    private static final int OUTPUT_WRITER = 2;

    private final Response wire;
    private final ForkedRequest request;
    private int status = 200;
    /** Header names and values, alternating, in the order set (Content-Type and Content-Length held apart). */
    private final List<String> headers = new ArrayList<>();
    private final ResponseContentType contentType;
    private Locale locale;
    private long contentLength = -1;
    private byte[] buffer;
    private int buffered;
    private int bufferSize = DEFAULT_BUFFER_SIZE;
    private long written;
    private int outputState = OUTPUT_NONE;
    private final BodyStream stream = new BodyStream();
    private PrintWriter writer;
    private TextWriter textWriter;
    private boolean committed;
    /** No more body: the content length was reached, the output closed, or the response finished. */
    private boolean closed;
    private boolean finished;
    /** sendError was called: the response is committed as far as the application can tell, the error page is due. */
    private boolean errorPending;
    private String errorMessage;
    /** Nested include depth: an included servlet cannot change the status or headers. */
    int includeDepth;

    ForkedResponse(Response wire, ForkedRequest request) {
        this.wire = wire;
        this.request = request;
        this.contentType = new ResponseContentType(request.app().getResponseCharacterEncoding());
    }

    boolean isComplete() {
        return finished;
    }

    boolean errorPending() {
        return errorPending;
    }

    String errorMessage() {
        return errorMessage;
    }

    /** Bytes the application wrote. */
    long bytesWritten() {
        return written;
    }

    // The container's side

    /**
     * Before an error page or the default error body: the pending error is taken up, what was
     * buffered and the content headers go, the status and other headers (Set-Cookie...) stay.
     */
    void prepareForError() {
        errorPending = false;
        closed = false;
        buffered = 0;
        written = 0;
        outputState = OUTPUT_NONE;
        writer = null;
        textWriter = null;
        contentType.reset(request.app().getResponseCharacterEncoding());
        contentLength = -1;
        removeHeader("Content-Encoding");
    }

    /** Ends the response: what the writer holds, then what is buffered, then the end of the body. */
    void finish() throws IOException {
        if (finished) {
            return;
        }
        if (errorPending) {
            errorPending = false; // nobody rendered it: at least the status goes out
        }
        flushWriter();
        if (!committed && contentLength < 0 && !Status.forbidsBody(status)) {
            contentLength = written;
        }
        commit();
        sendBuffer();
        finished = true;
        closed = true;
        wire.finish();
    }

    /** After a forward the response is complete (section 9.4): nothing more is written to it. */
    void closeAfterForward() throws IOException {
        if (!errorPending) {
            flushWriter();
            closed = true;
        }
    }

    void addSessionCookie(Cookie cookie) {
        addCookieHeader(cookie);
    }

    // Output

    private void flushWriter() {
        if (textWriter != null) {
            textWriter.flushPending();
        }
    }

    /** Appends body bytes: buffered while they fit, else the response commits and they go through. */
    void writeBody(byte[] bytes, int offset, int length) throws IOException {
        if (closed || errorPending) {
            if (closed && !errorPending && includeDepth == 0 && finished) {
                throw new IOException("the response is complete: nothing more can be written");
            }
            return; // after sendError or once closed, more output is ignored
        }
        if (contentLength >= 0 && written + length > contentLength) {
            length = (int) (contentLength - written); // section 5.6: the content length closes the response
        }
        written += length;
        if (buffer == null) {
            buffer = new byte[Math.min(bufferSize, 8 * 1024)];
        }
        if (!committed && buffered + length <= bufferSize) {
            ensureCapacity(buffered + length);
            System.arraycopy(bytes, offset, buffer, buffered, length);
            buffered += length;
        } else {
            commit();
            sendBuffer();
            if (length > 0) {
                wire.write(bytes, offset, length);
            }
        }
        if (contentLength >= 0 && written >= contentLength) {
            commit();
            sendBuffer();
            closed = true;
        }
    }

    private void ensureCapacity(int needed) {
        if (needed > buffer.length) {
            byte[] larger = new byte[Math.min(Math.max(needed, buffer.length * 2), Math.max(bufferSize, needed))];
            System.arraycopy(buffer, 0, larger, 0, buffered);
            buffer = larger;
        }
    }

    private void sendBuffer() throws IOException {
        if (buffered > 0) {
            int n = buffered;
            buffered = 0;
            wire.write(buffer, 0, n);
        }
    }

    /** Sends the status line and headers, once. */
    private void commit() throws IOException {
        if (committed) {
            return;
        }
        committed = true;
        HeaderFields fields = new HeaderFields();
        for (int i = 0; i < headers.size(); i += 2) {
            fields.add(headers.get(i), headers.get(i + 1));
        }
        String type = getContentType();
        if (type != null && !Status.forbidsBody(status)) {
            fields.add("Content-Type", type);
        }
        if (contentLength >= 0 && !Status.forbidsBody(status)) {
            fields.add("Content-Length", Long.toString(contentLength));
        }
        wire.start(status, Status.reason(status), fields);
    }

    @Override
    public ServletOutputStream getOutputStream() {
        if (outputState == OUTPUT_WRITER) {
            throw new IllegalStateException("getWriter() was already called for this response");
        }
        outputState = OUTPUT_STREAM;
        return stream;
    }

    @Override
    public PrintWriter getWriter() {
        if (outputState == OUTPUT_STREAM) {
            throw new IllegalStateException("getOutputStream() was already called for this response");
        }
        if (writer == null) {
            String charset = contentType.fixForWriter();
            Charset encoding;
            try {
                encoding = Charset.forName(charset);
            } catch (IllegalArgumentException e) {
                encoding = StandardCharsets.ISO_8859_1;
            }
            textWriter = new TextWriter(encoding);
            writer = new PrintWriter(textWriter, false);
        }
        outputState = OUTPUT_WRITER;
        return writer;
    }

    // Content type and encoding

    @Override
    public String getCharacterEncoding() {
        return contentType.characterEncoding();
    }

    @Override
    public String getContentType() {
        return contentType.header(outputState == OUTPUT_WRITER);
    }

    @Override
    public void setCharacterEncoding(String encoding) {
        if (committed || includeDepth > 0 || outputState == OUTPUT_WRITER) {
            return;
        }
        contentType.setCharacterEncoding(encoding);
    }

    @Override
    public void setContentType(String type) {
        if (committed || includeDepth > 0) {
            return;
        }
        contentType.setContentType(type, outputState == OUTPUT_WRITER);
    }

    @Override
    public void setContentLength(int length) {
        setContentLengthLong(length);
    }

    @Override
    public void setContentLengthLong(long length) {
        if (committed || includeDepth > 0) {
            return;
        }
        contentLength = length < 0 ? -1 : length;
        if (contentLength >= 0 && written >= contentLength && written > 0) {
            closed = true;
        }
    }

    @Override
    public void setBufferSize(int size) {
        if (committed || written > 0) {
            throw new IllegalStateException("setBufferSize after content was written");
        }
        bufferSize = Math.max(size, 1024);
    }

    @Override
    public int getBufferSize() {
        return bufferSize;
    }

    @Override
    public void flushBuffer() throws IOException {
        if (errorPending) {
            return;
        }
        flushWriter();
        commit();
        sendBuffer();
        wire.sendBuffered();
    }

    @Override
    public void resetBuffer() {
        if (committed) {
            throw new IllegalStateException("resetBuffer after the response was committed");
        }
        buffered = 0;
        written = 0;
        closed = false;
        if (textWriter != null) {
            textWriter.discardPending();
        }
    }

    @Override
    public boolean isCommitted() {
        return committed || errorPending;
    }

    @Override
    public void reset() {
        if (committed) {
            throw new IllegalStateException("reset after the response was committed");
        }
        if (includeDepth > 0) {
            return;
        }
        resetBuffer();
        status = 200;
        headers.clear();
        contentType.reset(request.app().getResponseCharacterEncoding());
        contentLength = -1;
        locale = null;
        outputState = OUTPUT_NONE;
        writer = null;
        textWriter = null;
        errorPending = false;
    }

    @Override
    public void setLocale(Locale loc) {
        if (committed || includeDepth > 0 || loc == null) {
            return;
        }
        locale = loc; // no locale-encoding-mapping-list: the charset stays as it is
        setHeaderValue("Content-Language", loc.toLanguageTag());
    }

    @Override
    public Locale getLocale() {
        return locale == null ? Locale.getDefault() : locale;
    }

    // Headers

    @Override
    public void addCookie(Cookie cookie) {
        if (committed || includeDepth > 0) {
            return;
        }
        addCookieHeader(cookie);
    }

    private void addCookieHeader(Cookie cookie) {
        if (committed) {
            return;
        }
        String value = Cookies.format(cookie);
        Tokens.checkField("Set-Cookie", value); // a Path, Domain or attribute value may hold a line end
        headers.add("Set-Cookie");
        headers.add(value);
    }

    @Override
    public boolean containsHeader(String name) {
        return getHeader(name) != null;
    }

    @Override
    public String encodeURL(String url) {
        return url; // sessions are tracked by cookie only
    }

    @Override
    public String encodeRedirectURL(String url) {
        return url;
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        if (includeDepth > 0) {
            return;
        }
        if (isCommitted()) {
            throw new IllegalStateException("sendError after the response was committed");
        }
        resetBuffer();
        status = sc;
        errorMessage = msg;
        errorPending = true;
    }

    @Override
    public void sendError(int sc) throws IOException {
        sendError(sc, null);
    }

    @Override
    public void sendRedirect(String location, int sc, boolean clearBuffer) throws IOException {
        if (includeDepth > 0) {
            return;
        }
        if (isCommitted()) {
            throw new IllegalStateException("sendRedirect after the response was committed");
        }
        if (location == null) {
            throw new IllegalArgumentException("null redirect location");
        }
        String resolved = Redirects.location(request, location);
        Tokens.checkField("Location", resolved); // a location built from a parameter is the classic injection
        if (clearBuffer) {
            resetBuffer();
        }
        setHeaderValue("Location", resolved);
        status = sc;
        if (clearBuffer) {
            contentLength = 0;
        }
        flushWriter();
        commit();
        sendBuffer();
        closed = true;
    }

    @Override
    public void setDateHeader(String name, long date) {
        setHeader(name, HttpDate.format(date));
    }

    @Override
    public void addDateHeader(String name, long date) {
        addHeader(name, HttpDate.format(date));
    }

    @Override
    public void setHeader(String name, String value) {
        if (committed || includeDepth > 0 || name == null) {
            return;
        }
        if (value != null) {
            Tokens.checkField(name, value);
        }
        if (special(name, value)) {
            return;
        }
        if (value == null) {
            removeHeader(name);
            return;
        }
        setHeaderValue(name, value);
    }

    private void setHeaderValue(String name, String value) {
        removeHeader(name);
        headers.add(name);
        headers.add(value);
    }

    private void removeHeader(String name) {
        for (int i = headers.size() - 2; i >= 0; i -= 2) {
            if (headers.get(i).equalsIgnoreCase(name)) {
                headers.remove(i + 1);
                headers.remove(i);
            }
        }
    }

    @Override
    public void addHeader(String name, String value) {
        if (committed || includeDepth > 0 || name == null || value == null) {
            return;
        }
        Tokens.checkField(name, value);
        if (special(name, value)) {
            return;
        }
        headers.add(name);
        headers.add(value);
    }

    /** Content-Type and Content-Length are properties; the connection's own fields are the server's. */
    private boolean special(String name, String value) {
        if (name.equalsIgnoreCase("Content-Type")) {
            setContentType(value);
            return true;
        }
        if (name.equalsIgnoreCase("Content-Length")) {
            if (value == null) {
                contentLength = -1;
            } else {
                try {
                    setContentLengthLong(Long.parseLong(value.strip()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("Content-Length " + value + " is not a number");
                }
            }
            return true;
        }
        return name.equalsIgnoreCase("Connection") || name.equalsIgnoreCase("Transfer-Encoding")
                || name.equalsIgnoreCase("Keep-Alive");
    }

    @Override
    public void setIntHeader(String name, int value) {
        setHeader(name, Integer.toString(value));
    }

    @Override
    public void addIntHeader(String name, int value) {
        addHeader(name, Integer.toString(value));
    }

    @Override
    public void setStatus(int sc) {
        if (committed || includeDepth > 0 || errorPending) {
            return;
        }
        status = sc;
    }

    @Override
    public int getStatus() {
        return status;
    }

    void setStatusForError(int sc) {
        status = sc;
    }

    @Override
    public String getHeader(String name) {
        if (name.equalsIgnoreCase("Content-Type")) {
            return getContentType();
        }
        if (name.equalsIgnoreCase("Content-Length")) {
            return contentLength < 0 ? null : Long.toString(contentLength);
        }
        for (int i = 0; i < headers.size(); i += 2) {
            if (headers.get(i).equalsIgnoreCase(name)) {
                return headers.get(i + 1);
            }
        }
        return null;
    }

    @Override
    public Collection<String> getHeaders(String name) {
        List<String> values = new ArrayList<>();
        if (name.equalsIgnoreCase("Content-Type") || name.equalsIgnoreCase("Content-Length")) {
            String value = getHeader(name);
            if (value != null) {
                values.add(value);
            }
            return values;
        }
        for (int i = 0; i < headers.size(); i += 2) {
            if (headers.get(i).equalsIgnoreCase(name)) {
                values.add(headers.get(i + 1));
            }
        }
        return values;
    }

    @Override
    public Collection<String> getHeaderNames() {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (int i = 0; i < headers.size(); i += 2) {
            names.add(headers.get(i));
        }
        if (getContentType() != null) {
            names.add("Content-Type");
        }
        if (contentLength >= 0) {
            names.add("Content-Length");
        }
        return names;
    }

    @Override
    public void setTrailerFields(Supplier<java.util.Map<String, String>> supplier) {
        if (committed) {
            throw new IllegalStateException("setTrailerFields after the response was committed");
        }
        // Trailers are not sent: Response ends a chunked body with the last chunk only. Accepted and ignored,
        // as a container whose client did not ask for them (TE: trailers) does.
    }

    /** The body as a ServletOutputStream; closing it completes the response's output. */
    private final class BodyStream extends ServletOutputStream {
        private final byte[] one = new byte[1];

        @Override
        public void write(int b) throws IOException {
            one[0] = (byte) b;
            writeBody(one, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            writeBody(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            if (!closed && !errorPending && includeDepth == 0) {
                flushBuffer();
            }
        }

        @Override
        public void close() throws IOException {
            if (includeDepth > 0 || closed || errorPending) {
                return;
            }
            if (!committed && contentLength < 0 && !Status.forbidsBody(status)) {
                contentLength = written;
            }
            commit();
            sendBuffer();
            closed = true;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            if (listener == null) {
                throw new NullPointerException("listener");
            }
            if (!request.isAsyncStarted()) {
                throw new IllegalStateException("setWriteListener outside asynchronous mode");
            }
            try {
                listener.onWritePossible(); // output never blocks for long here: it may write at once
            } catch (IOException e) {
                listener.onError(e);
            }
        }
    }

    /**
     * The writer's encoder: chars become bytes at each write, so that what the application wrote
     * counts for the buffer and the commit at once. A high surrogate at the end of a write waits
     * for its pair.
     */
    private final class TextWriter extends Writer {
        private final Charset encoding;
        private char pendingHigh;

        TextWriter(Charset encoding) {
            this.encoding = encoding;
        }

        @Override
        public void write(char[] chars, int offset, int length) throws IOException {
            if (length <= 0) {
                return;
            }
            encode(new String(chars, offset, length));
        }

        @Override
        public void write(String text, int offset, int length) throws IOException {
            encode(text.substring(offset, offset + length));
        }

        @Override
        public void write(int c) throws IOException {
            encode(String.valueOf((char) c));
        }

        @Override
        public void write(String text) throws IOException {
            encode(text);
        }

        private void encode(String text) throws IOException {
            if (text.isEmpty()) {
                return;
            }
            if (pendingHigh != 0) {
                text = pendingHigh + text;
                pendingHigh = 0;
            }
            char last = text.charAt(text.length() - 1);
            if (Character.isHighSurrogate(last)) {
                pendingHigh = last;
                text = text.substring(0, text.length() - 1);
            }
            byte[] bytes = text.getBytes(encoding);
            writeBody(bytes, 0, bytes.length);
        }

        void flushPending() {
            if (pendingHigh != 0) {
                byte[] bytes = String.valueOf(pendingHigh).getBytes(encoding);
                pendingHigh = 0;
                try {
                    writeBody(bytes, 0, bytes.length);
                } catch (IOException e) {
                    // the client went away; nothing to do with the last half character
                }
            }
        }

        void discardPending() {
            pendingHigh = 0;
        }

        @Override
        public void flush() throws IOException {
            if (!closed && !errorPending && includeDepth == 0) {
                flushBuffer();
            }
        }

        @Override
        public void close() throws IOException {
            flushPending();
            stream.close();
        }
    }
}
