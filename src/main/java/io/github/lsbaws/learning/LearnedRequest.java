package io.github.lsbaws.learning;

import io.github.lsbaws.http.HeaderFields;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A request the server saw its children serve, kept so that a new server parent can serve it
 * once itself before forking: whatever code that request runs is then linked once for all
 * children instead of in each. Only safe methods are learned (GET, HEAD), and nothing that may
 * be a secret: the file lies in the build directory and the request is sent again. So a request
 * whose query or path parameters have a name like a secret's is not learned, and of its headers
 * only those that choose a representation are kept.
 *
 * @param target the request target as sent (path and query)
 * @param headers the header fields kept, in arrival order
 */
public record LearnedRequest(String method, String target, List<Header> headers) {
    /** A header field, as sent. */
    public record Header(String name, String value) {}

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD");
    /**
     * The only headers kept: those that choose what the application answers (and so which of its
     * code runs), none of which carries a credential. A list of what to leave out could not be
     * complete: applications name their own credential headers (X-Api-Key, X-Auth-Token,
     * X-Amz-Security-Token...); Host and the connection's fields the replay sets itself.
     */
    private static final Set<String> KEPT = Set.of("accept", "accept-charset", "accept-encoding", "accept-language",
            "user-agent", "cache-control", "pragma", "if-none-match", "if-modified-since", "x-requested-with",
            "sec-fetch-dest", "sec-fetch-mode", "sec-fetch-site", "sec-fetch-user", "upgrade-insecure-requests", "dnt");
    /** What browsers send for a page they navigate to. */
    private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    /**
     * Parts of a parameter name that mark its value as a credential or a one-time link: access_token,
     * api_key, code (OAuth), password, client_secret, jsessionid, X-Amz-Signature, auth, otp...
     * A name that merely contains one (zipcode, keyword) is taken for a secret too: not learning
     * one path costs a cold first request, storing a secret costs more.
     */
    private static final List<String> SECRET_NAMES = List.of("token", "key", "code", "pass", "pwd", "secret",
            "session", "sig", "auth", "otp", "nonce", "ticket", "credential", "jwt", "hmac");

    /** Only the {@link #KEPT} headers, whatever made the request: a child, or a file an older version wrote. */
    public LearnedRequest {
        List<Header> kept = new ArrayList<>(headers.size());
        for (Header header : headers) {
            if (KEPT.contains(header.name().toLowerCase(Locale.ROOT))) {
                kept.add(header);
            }
        }
        headers = List.copyOf(kept);
    }

    /**
     * Whether a request may be learned: replaying it must change nothing (a safe method), and it
     * must not carry a secret in its target. Such a request is not learned at all rather than
     * learned without the value: without it the replay would take another way through the
     * application (a 4xx for a missing token) and warm the wrong code, with it a credential (a
     * one-time one, even, that the replay would use up) would lie in the build directory.
     */
    public static boolean learnable(String method, String target) {
        return SAFE_METHODS.contains(method) && !hasSecretParameter(target);
    }

    /** Whether a query parameter (after '?') or a path parameter (after ';') of target is named like a secret. */
    static boolean hasSecretParameter(String target) {
        int start = target.indexOf(';');
        int query = target.indexOf('?');
        if (start < 0 || (query >= 0 && query < start)) {
            start = query;
        }
        if (start < 0) {
            return false;
        }
        int length = target.length();
        while (start < length) {
            int end = start + 1;
            while (end < length && "&;?".indexOf(target.charAt(end)) < 0) {
                end++;
            }
            int equals = target.indexOf('=', start + 1);
            String name = target.substring(start + 1, equals < 0 || equals > end ? end : equals);
            if (namedLikeASecret(name)) {
                return true;
            }
            start = end;
        }
        return false;
    }

    private static boolean namedLikeASecret(String name) {
        String plain = name;
        if (name.indexOf('%') >= 0 || name.indexOf('+') >= 0) {
            try {
                plain = URLDecoder.decode(name, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return true; // a name that does not decode cannot be told apart from a secret's
            }
        }
        plain = plain.toLowerCase(Locale.ROOT);
        for (String part : SECRET_NAMES) {
            if (plain.contains(part)) {
                return true;
            }
        }
        return false;
    }

    /** What makes two requests the same to learn: the method and the path, without the query. */
    public static String key(String method, String target) {
        int query = target.indexOf('?');
        return method + " " + (query < 0 ? target : target.substring(0, query));
    }

    public String key() {
        return key(method, target);
    }

    /** The request to learn from one that was served ({@link #learnable}), with the {@link #KEPT} headers. */
    public static LearnedRequest of(String method, String target, HeaderFields fields) {
        List<Header> headers = new ArrayList<>();
        for (HeaderFields.Field field : fields) {
            headers.add(new Header(field.name(), field.value()));
        }
        return new LearnedRequest(method, target, headers);
    }

    /** A browser's first request for the page at target: an HTML page is asked for, as a browser does. */
    public static LearnedRequest page(String target) {
        return new LearnedRequest("GET", target, List.of(new Header("Accept", BROWSER_ACCEPT)));
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

    /** The request encode() wrote, or null for a line that is not one or not {@link #learnable}. */
    public static LearnedRequest decode(String line) {
        String[] parts = line.split("\t", -1);
        int space = parts[0].indexOf(' ');
        if (space <= 0 || space == parts[0].length() - 1
                || !learnable(parts[0].substring(0, space), parts[0].substring(space + 1))) {
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
