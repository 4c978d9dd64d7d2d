package io.github.lsbaws.learning;

import io.github.lsbaws.http.HeaderFields;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A request the server saw its children serve, kept so that a new server parent can serve it
 * once itself before forking: whatever code that request runs is then linked once for all
 * children instead of in each. Only safe methods are learned (GET, HEAD), and never credentials
 * (Authorization, Cookie) nor the fields that describe one connection.
 *
 * @param target the request target as sent (path and query)
 * @param headers the header fields kept, in arrival order
 */
public record LearnedRequest(String method, String target, List<Header> headers) {
    /** A header field, as sent. */
    public record Header(String name, String value) {}

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD");
    /** Credentials, never recorded, and fields that describe a connection or a body, which the replay sets itself. */
    private static final Set<String> LEFT_OUT = Set.of("authorization", "proxy-authorization", "cookie", "host",
            "connection", "keep-alive", "proxy-connection", "te", "trailer", "upgrade", "content-length",
            "transfer-encoding", "expect");

    public LearnedRequest {
        headers = List.copyOf(headers);
    }

    /** Whether a request with this method may be learned: replaying it must change nothing. */
    public static boolean learnable(String method) {
        return SAFE_METHODS.contains(method);
    }

    /** What makes two requests the same to learn: the method and the path, without the query. */
    public static String key(String method, String target) {
        int query = target.indexOf('?');
        return method + " " + (query < 0 ? target : target.substring(0, query));
    }

    public String key() {
        return key(method, target);
    }

    /** The request to learn from one that was served, its credentials and connection fields left out. */
    public static LearnedRequest of(String method, String target, HeaderFields fields) {
        List<Header> kept = new ArrayList<>();
        for (HeaderFields.Field field : fields) {
            if (!LEFT_OUT.contains(field.name().toLowerCase(Locale.ROOT))) {
                kept.add(new Header(field.name(), field.value()));
            }
        }
        return new LearnedRequest(method, target, kept);
    }

    /** The request to send a server listening at host, on a connection that closes after it. */
    public byte[] toHttp(String host) {
        StringBuilder text = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: ")
                .append(host).append("\r\n");
        for (Header header : headers) {
            text.append(header.name()).append(": ").append(header.value()).append("\r\n");
        }
        return text.append("Connection: close\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * One line: "METHOD target" and a tab before each "name: value"; a tab or backslash in a
     * value is escaped (field values may hold tabs, never line ends).
     */
    public String encode() {
        StringBuilder line = new StringBuilder(method).append(' ').append(target);
        for (Header header : headers) {
            line.append('\t').append(header.name()).append(": ").append(header.value().replace("\\", "\\\\").replace("\t", "\\t"));
        }
        return line.toString();
    }

    /** The request encode() wrote, or null for a line that is not one. */
    public static LearnedRequest decode(String line) {
        String[] parts = line.split("\t", -1);
        int space = parts[0].indexOf(' ');
        if (space <= 0 || space == parts[0].length() - 1 || !learnable(parts[0].substring(0, space))) {
            return null;
        }
        List<Header> headers = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            int colon = parts[i].indexOf(": ");
            if (colon <= 0) {
                return null;
            }
            headers.add(new Header(parts[i].substring(0, colon), unescape(parts[i].substring(colon + 2))));
        }
        return new LearnedRequest(parts[0].substring(0, space), parts[0].substring(space + 1), headers);
    }

    private static String unescape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                char next = value.charAt(++i);
                out.append(next == 't' ? '\t' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
