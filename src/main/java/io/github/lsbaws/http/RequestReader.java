package io.github.lsbaws.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads requests from a byte stream (RFC 9112): request line, header section, and a body stream
 * framed by Content-Length or chunked transfer coding. Strict where leniency enables request
 * smuggling: lines end in CRLF, no obs-fold, no whitespace before the colon, no control bytes,
 * one framing only.
 */
public final class RequestReader {
    private static final int MAX_CHUNK_LINE = 1024;
    /** The versions served. */
    public static final String HTTP_11 = "HTTP/1.1";
    public static final String HTTP_10 = "HTTP/1.0";

    private final InputStream in;
    private final Limits limits;
    /** One page: most request heads fit, and each page a child touches costs it a page fault. It doubles as needed. */
    private byte[] buffer = new byte[4 * 1024];
    private int position;
    private int limit;
    /** Whether any byte of the request being read has arrived (false while waiting between requests). */
    private boolean inRequest;
    /** The body of the last request read, which ends where the next request begins. */
    private BodyStream body;

    public RequestReader(InputStream in, Limits limits) {
        this.in = in;
        this.limits = limits;
    }

    /**
     * The next request, or null when the stream ends before one begins.
     *
     * @throws HttpException for a request to refuse, with the status to answer
     * @throws EOFException when the client stops in the middle of a request head
     */
    public Request read() throws IOException {
        inRequest = position < limit;
        int end;
        while (true) {
            end = lineEnd(limits.maxRequestLine(), 414, "request line");
            if (end < 0) {
                return null;
            }
            if (end > position) {
                break;
            }
            position = end + 2; // RFC 9112 section 2.2: ignore empty lines before the request line.
        }
        int start = position;
        position = end + 2;
        int firstSpace = indexOf(' ', start, end);
        int lastSpace = lastIndexOf(' ', start, end);
        if (firstSpace <= start || lastSpace == firstSpace || lastSpace == end - 1) {
            throw new HttpException(400, "malformed request line: " + printable(latin1(start, end)));
        }
        if (!Tokens.isToken(buffer, start, firstSpace)) {
            throw new HttpException(400, "malformed method in request line: " + printable(latin1(start, end)));
        }
        for (int i = firstSpace + 1; i < lastSpace; i++) {
            if (buffer[i] <= ' ' || buffer[i] >= 0x7f) {
                throw new HttpException(400, "request target contains a byte that must be percent-encoded");
            }
        }
        String method = latin1(start, firstSpace);
        String target = latin1(firstSpace + 1, lastSpace);
        String version = version(lastSpace + 1, end, start);
        String originForm = originForm(method, target);
        int fragment = originForm.indexOf('#'); // never sent by a conforming client; ignored if it is
        if (fragment >= 0) {
            originForm = originForm.substring(0, fragment);
        }
        int question = originForm.indexOf('?');
        String path = question < 0 ? originForm : originForm.substring(0, question);
        String query = question < 0 ? "" : originForm.substring(question + 1);

        HeaderFields headers = readHeaders();
        if (version.equals(HTTP_11) && headers.count("Host") != 1) {
            throw new HttpException(400, "an HTTP/1.1 request needs exactly one Host header");
        }
        body = body(headers, version);
        return new Request(method, target, path, query, version, headers, body);
    }

    /** The protocol version of buffer[from, to): HTTP_11 or HTTP_10, the only ones served. */
    private String version(int from, int to, int lineStart) throws HttpException {
        boolean wellFormed = to - from == 8 && startsWith(from, "HTTP/") && isDigit(buffer[from + 5])
                && buffer[from + 6] == '.' && isDigit(buffer[from + 7]);
        if (!wellFormed) {
            throw new HttpException(400, "malformed request line: " + printable(latin1(lineStart, to)));
        }
        if (startsWith(from, HTTP_11)) {
            return HTTP_11;
        }
        if (startsWith(from, HTTP_10)) {
            return HTTP_10;
        }
        throw new HttpException(505, "unsupported protocol version " + latin1(from, to));
    }

    /** The path-and-query of the target: origin-form as is, absolute-form stripped of scheme and authority. */
    private static String originForm(String method, String target) throws HttpException {
        if (target.startsWith("/")) {
            return target;
        }
        if (target.equals("*") && method.equals("OPTIONS")) {
            return "*";
        }
        String lower = target.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            int authorityStart = target.indexOf("//") + 2;
            int pathStart = authorityStart;
            while (pathStart < target.length() && "/?#".indexOf(target.charAt(pathStart)) < 0) {
                pathStart++;
            }
            if (pathStart == authorityStart) {
                throw new HttpException(400, "absolute-form request target without a host");
            }
            String rest = target.substring(pathStart);
            return rest.startsWith("/") ? rest : "/" + rest;
        }
        throw new HttpException(400, "unsupported request target form: " + printable(target));
    }

    private HeaderFields readHeaders() throws IOException {
        HeaderFields headers = new HeaderFields();
        int remaining = limits.maxHeaderBytes();
        while (true) {
            int end = lineEnd(remaining, 431, "header section");
            if (end < 0) {
                throw new EOFException("connection closed inside the header section");
            }
            int start = position;
            position = end + 2;
            if (end == start) {
                return headers;
            }
            remaining -= end - start + 2;
            if (headers.size() == limits.maxHeaderCount()) {
                throw new HttpException(431, "more than " + limits.maxHeaderCount() + " header fields");
            }
            parseField(start, end, headers);
        }
    }

    /** The header field line buffer[start, end). */
    private void parseField(int start, int end, HeaderFields headers) throws HttpException {
        if (buffer[start] == ' ' || buffer[start] == '\t') {
            throw new HttpException(400, "obsolete line folding in the header section");
        }
        int colon = indexOf(':', start, end);
        if (colon <= start) {
            throw new HttpException(400, "header line without a field name and colon: " + printable(latin1(start, end)));
        }
        if (!Tokens.isToken(buffer, start, colon)) {
            throw new HttpException(400, "invalid header field name: " + printable(latin1(start, colon)));
        }
        int valueStart = colon + 1;
        int valueEnd = end;
        while (valueStart < valueEnd && isWhitespace(buffer[valueStart])) {
            valueStart++;
        }
        while (valueEnd > valueStart && isWhitespace(buffer[valueEnd - 1])) {
            valueEnd--;
        }
        String name = latin1(start, colon);
        if (!Tokens.isFieldValue(buffer, valueStart, valueEnd)) {
            throw new HttpException(400, "control character in header field " + name);
        }
        headers.add(name, latin1(valueStart, valueEnd));
    }

    private BodyStream body(HeaderFields headers, String version) throws HttpException {
        if (!headers.contains("Transfer-Encoding") && !headers.contains("Content-Length")) {
            return new FixedLengthBody(0);
        }
        List<String> codings = headers.all("Transfer-Encoding");
        List<String> lengths = headers.all("Content-Length");
        if (!codings.isEmpty()) {
            if (!lengths.isEmpty()) {
                throw new HttpException(400, "both Transfer-Encoding and Content-Length: refusing an ambiguous body");
            }
            if (version.equals(HTTP_10)) {
                throw new HttpException(400, "Transfer-Encoding in an HTTP/1.0 request");
            }
            if (codings.size() != 1 || !codings.get(0).equalsIgnoreCase("chunked")) {
                String joined = String.join(", ", codings);
                if (Tokens.isTokenList(joined)) {
                    throw new HttpException(501, "unsupported transfer coding: " + joined + " (only chunked is)");
                }
                throw new HttpException(400, "malformed Transfer-Encoding: " + printable(joined));
            }
            return new ChunkedBody();
        }
        long length = contentLength(lengths);
        if (length > limits.maxBodyBytes()) {
            throw new HttpException(413, "request body of " + length + " bytes exceeds the limit of "
                    + limits.maxBodyBytes());
        }
        return new FixedLengthBody(length);
    }

    /** One Content-Length value; repeats must all agree (RFC 9110 section 8.6). */
    private static long contentLength(List<String> fields) throws HttpException {
        String agreed = null;
        for (String field : fields) {
            for (String value : field.split(",", -1)) {
                String digits = value.strip();
                if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(RequestReader::isDigit)) {
                    throw new HttpException(400, "invalid Content-Length: " + printable(field));
                }
                if (agreed != null && !agreed.equals(digits)) {
                    throw new HttpException(400, "conflicting Content-Length values: " + fields);
                }
                agreed = digits;
            }
        }
        return Long.parseLong(agreed);
    }

    /**
     * Whether the last {@link #read} had received any byte of a request when it stopped: a read
     * timeout with nothing received is an idle connection, with something received a slow client.
     */
    public boolean inRequest() {
        return inRequest;
    }

    /**
     * Whether everything received so far was consumed: the last request's body read to its end
     * and no byte of a further request buffered. (Bytes not yet received are the socket's to tell.)
     */
    public boolean consumedAll() {
        return position == limit && (body == null || body.ended());
    }

    // ---- bytes and lines ----

    /** The next CRLF-terminated line without its CRLF, or null at end of stream before any byte. */
    private String readLine(int max, int overflowStatus, String what) throws IOException {
        int end = lineEnd(max, overflowStatus, what);
        if (end < 0) {
            return null;
        }
        String line = latin1(position, end);
        position = end + 2;
        return line;
    }

    /**
     * Where the next CRLF-terminated line ends: the index of its CR in the buffer (the line is
     * buffer[position, end)), or -1 at end of stream before any byte. A line longer than max
     * answers overflowStatus; a bare CR or LF answers 400.
     */
    private int lineEnd(int max, int overflowStatus, String what) throws IOException {
        int scanned = 0;
        while (true) {
            for (int i = position + scanned; i < limit; i++) {
                if (buffer[i] == '\n') {
                    int length = i - position;
                    if (length == 0 || buffer[i - 1] != '\r') {
                        throw new HttpException(400, "line ending in a bare LF in the " + what);
                    }
                    if (length - 1 > max) {
                        break;
                    }
                    for (int j = position; j < i - 1; j++) {
                        if (buffer[j] == '\r') {
                            throw new HttpException(400, "bare CR in the " + what);
                        }
                    }
                    return i - 1;
                }
            }
            scanned = limit - position;
            if (scanned > max + 1) {
                throw new HttpException(overflowStatus, what + " longer than " + max + " bytes");
            }
            if (!fill()) {
                if (scanned == 0) {
                    return -1;
                }
                throw new EOFException("connection closed in the middle of the " + what);
            }
        }
    }

    private String latin1(int from, int to) {
        return new String(buffer, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private int indexOf(char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private int lastIndexOf(char c, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (buffer[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** Whether the buffer holds the ASCII text at from (the caller knows it is long enough). */
    private boolean startsWith(int from, String text) {
        for (int i = 0; i < text.length(); i++) {
            if (buffer[from + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Reads more bytes after those buffered; false at end of stream. */
    private boolean fill() throws IOException {
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
        }
        if (limit == buffer.length) {
            buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
        }
        int n = in.read(buffer, limit, buffer.length - limit);
        if (n <= 0) {
            return false;
        }
        inRequest = true;
        limit += n;
        return true;
    }

    /** Up to length body bytes: what is buffered first, then straight from the stream. */
    private int readRaw(byte[] target, int offset, int length) throws IOException {
        if (position < limit) {
            int n = Math.min(length, limit - position);
            System.arraycopy(buffer, position, target, offset, n);
            position += n;
            return n;
        }
        return in.read(target, offset, length);
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isWhitespace(byte c) {
        return c == ' ' || c == '\t';
    }

    /** A line for an error message: control bytes escaped, at most 200 characters. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 200; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    // ---- body streams ----

    /** A body stream read in blocks; a single byte is a block of one. */
    private abstract static class BodyStream extends InputStream {
        /** Whether the body was read to its end. */
        abstract boolean ended();

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == 1 ? one[0] & 0xff : -1;
        }
    }

    private final class FixedLengthBody extends BodyStream {
        private long remaining;

        FixedLengthBody(long length) {
            this.remaining = length;
        }

        @Override
        boolean ended() {
            return remaining == 0;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            if (length == 0) {
                return 0;
            }
            int n = readRaw(target, offset, (int) Math.min(length, remaining));
            if (n <= 0) {
                throw new EOFException("connection closed with " + remaining + " body bytes still to come");
            }
            remaining -= n;
            return n;
        }

        @Override
        public int available() {
            return (int) Math.min(remaining, limit - position);
        }
    }

    /** Decodes chunked transfer coding (RFC 9112 section 7.1); trailer fields are read and dropped. */
    private final class ChunkedBody extends BodyStream {
        private long chunkRemaining;
        private long total;
        private boolean done;

        @Override
        boolean ended() {
            return done;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (chunkRemaining == 0 && !nextChunk()) {
                return -1;
            }
            int n = readRaw(target, offset, (int) Math.min(length, chunkRemaining));
            if (n <= 0) {
                throw new EOFException("connection closed inside a chunk");
            }
            chunkRemaining -= n;
            if (chunkRemaining == 0) {
                String end = readLine(0, 400, "chunk");
                if (end == null || !end.isEmpty()) {
                    throw new HttpException(400, "chunk data not followed by CRLF");
                }
            }
            return n;
        }

        private boolean nextChunk() throws IOException {
            if (done) {
                return false;
            }
            String line = readLine(MAX_CHUNK_LINE, 400, "chunk size line");
            if (line == null) {
                throw new EOFException("connection closed before the last chunk");
            }
            int semicolon = line.indexOf(';');
            String hex = semicolon < 0 ? line : line.substring(0, semicolon);
            if (hex.isEmpty() || hex.length() > 15 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new HttpException(400, "invalid chunk size: " + printable(line));
            }
            long size = Long.parseLong(hex, 16);
            total += size;
            if (total > limits.maxBodyBytes()) {
                throw new HttpException(413, "chunked request body exceeds the limit of " + limits.maxBodyBytes());
            }
            if (size == 0) {
                readHeaders(); // trailer section: consumed, not passed on
                done = true;
                return false;
            }
            chunkRemaining = size;
            return true;
        }
    }
}
