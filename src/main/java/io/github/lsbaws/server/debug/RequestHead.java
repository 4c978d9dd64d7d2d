package io.github.lsbaws.server.debug;

import java.nio.charset.StandardCharsets;

/**
 * What decides whether a connection is debugged, read from its first request's head as it sits
 * in the socket, without taking it (MSG_PEEK): the process that serves the connection then reads
 * the whole request itself. Only the path and the X-Debug field; the HTTP codec judges the rest.
 */
record RequestHead(String path, String debugField) {
    /** The head of the request in bytes[0, length), or null while its end has not arrived. */
    static RequestHead parse(byte[] bytes, int length) {
        String text = new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            end = text.indexOf("\n\n");
        }
        if (end < 0) {
            return null;
        }
        String[] lines = text.substring(0, end).split("\r?\n");
        String[] requestLine = lines[0].split(" ");
        String target = requestLine.length > 1 ? requestLine[1] : "";
        int query = target.indexOf('?');
        String path = query < 0 ? target : target.substring(0, query);
        String debugField = null;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0 && lines[i].substring(0, colon).strip().equalsIgnoreCase(DebugSettings.HEADER)) {
                debugField = lines[i].substring(colon + 1).strip();
            }
        }
        return new RequestHead(path, debugField);
    }
}
