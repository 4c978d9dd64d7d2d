package io.github.lsbaws.server.debug;

import io.github.lsbaws.server.PeekedHead;
import java.nio.charset.StandardCharsets;

/**
 * What decides whether a connection is debugged, read from its first request's head as it sits
 * in the socket, without taking it (MSG_PEEK): the process that serves the connection then reads
 * the whole request itself. Only the path and the X-Debug field; the HTTP codec judges the rest.
 */
record RequestHead(String path, String debugField) {
    /** The head of the request in bytes[0, length), or null while its end has not arrived. */
    static RequestHead parse(byte[] bytes, int length) {
        int end = PeekedHead.headEnd(bytes, length); // after the empty line, which the field loop passes over
        if (end < 0) {
            return null;
        }
        String text = new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
        // indexOf, not a regular expression: this runs in every child of a debugging server
        int lineEnd = lineEnd(text, 0, end);
        String requestLine = text.substring(0, lineEnd);
        int targetStart = requestLine.indexOf(' ') + 1;
        int targetEnd = requestLine.indexOf(' ', targetStart);
        String target = targetStart == 0 ? "" : requestLine.substring(targetStart, targetEnd < 0 ? requestLine.length() : targetEnd);
        int query = target.indexOf('?');
        String path = query < 0 ? target : target.substring(0, query);
        String debugField = null;
        for (int start = text.indexOf('\n', lineEnd) + 1; start > 0 && start < end; start = text.indexOf('\n', lineEnd) + 1) {
            lineEnd = lineEnd(text, start, end);
            int colon = text.indexOf(':', start);
            if (colon > start && colon < lineEnd && text.substring(start, colon).strip().equalsIgnoreCase(DebugSettings.HEADER)) {
                debugField = text.substring(colon + 1, lineEnd).strip();
            }
        }
        return new RequestHead(path, debugField);
    }

    /** Where the line starting at start ends (before its CR LF or LF), at most at end. */
    private static int lineEnd(String text, int start, int end) {
        int newline = text.indexOf('\n', start);
        int lineEnd = newline < 0 || newline > end ? end : newline;
        return lineEnd > start && text.charAt(lineEnd - 1) == '\r' ? lineEnd - 1 : lineEnd;
    }
}
