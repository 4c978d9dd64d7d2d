package io.github.lsbaws.servlet.codec;

import io.github.lsbaws.http.Tokens;
import jakarta.servlet.http.Cookie;
import java.util.List;
import java.util.Map;

/**
 * Cookie header parsing (RFC 6265 section 5.4 as browsers send it: "a=1; b=2") and Set-Cookie
 * formatting (section 4.1, with the attributes a Servlet 6 {@link Cookie} carries, SameSite and
 * Partitioned included). Pairs that are not name=value with a token name are skipped, as
 * browsers and Jetty skip them.
 */
public final class Cookies {
    private static final Cookie[] NONE = new Cookie[0];

    private Cookies() {}

    /** The cookies of every Cookie header value, in order; null when there are none (as getCookies returns). */
    public static Cookie[] parse(List<String> headers) {
        if (headers.isEmpty()) {
            return null;
        }
        java.util.ArrayList<Cookie> cookies = new java.util.ArrayList<>();
        for (String header : headers) {
            int start = 0;
            int length = header.length();
            while (start < length) {
                int end = header.indexOf(';', start);
                if (end < 0) {
                    end = length;
                }
                int eq = header.indexOf('=', start);
                if (eq > start && eq < end) {
                    String name = header.substring(start, eq).strip();
                    String value = header.substring(eq + 1, end).strip();
                    if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
                        value = value.substring(1, value.length() - 1);
                    }
                    if (Tokens.isToken(name) && !name.startsWith("$") && isCookieValue(value)) {
                        try {
                            cookies.add(new Cookie(name, value));
                        } catch (IllegalArgumentException e) {
                            // a name the Cookie class refuses: skipped like any malformed pair
                        }
                    }
                }
                start = end + 1;
            }
        }
        return cookies.isEmpty() ? null : cookies.toArray(NONE);
    }

    /** The Set-Cookie value of a cookie: name=value, then its attributes (Expires added for Max-Age). */
    public static String format(Cookie cookie) {
        String name = cookie.getName();
        String value = cookie.getValue() == null ? "" : cookie.getValue();
        if (!isCookieValue(value)) {
            throw new IllegalArgumentException("the value of cookie " + name + " has characters RFC 6265 does not allow"
                    + " (whitespace, '\"', ',', ';', '\\' or control characters): encode it first");
        }
        StringBuilder out = new StringBuilder(64).append(name).append('=').append(value);
        Map<String, String> attributes = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        attributes.putAll(cookie.getAttributes());
        String path = attributes.remove("Path");
        if (path != null) {
            out.append("; Path=").append(path);
        }
        String domain = attributes.remove("Domain");
        if (domain != null) {
            out.append("; Domain=").append(domain);
        }
        String maxAgeText = attributes.remove("Max-Age");
        if (maxAgeText != null) {
            int maxAge = Integer.parseInt(maxAgeText);
            if (maxAge >= 0) {
                long expires = maxAge == 0 ? 0 : System.currentTimeMillis() + maxAge * 1000L;
                out.append("; Expires=").append(io.github.lsbaws.http.HttpDate.format(expires));
                out.append("; Max-Age=").append(maxAge);
            }
        }
        String secure = attributes.remove("Secure");
        if (secure != null) {
            flag(out, "Secure", secure);
        }
        String httpOnly = attributes.remove("HttpOnly");
        if (httpOnly != null) {
            flag(out, "HttpOnly", httpOnly);
        }
        String sameSite = attributes.remove("SameSite");
        if (sameSite != null) {
            out.append("; SameSite=").append(sameSite);
        }
        String partitioned = attributes.remove("Partitioned");
        if (partitioned != null) {
            flag(out, "Partitioned", partitioned);
        }
        attributes.remove("Comment"); // RFC 6265 has no Comment
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            out.append("; ").append(attribute.getKey());
            if (attribute.getValue() != null && !attribute.getValue().isEmpty()) {
                out.append('=').append(attribute.getValue());
            }
        }
        return out.toString();
    }

    private static void flag(StringBuilder out, String name, String value) {
        if (value == null || value.isEmpty() || Boolean.parseBoolean(value)) {
            out.append("; ").append(name);
        }
    }

    /** RFC 6265 cookie-octets: visible ASCII but '"', ',', ';' and '\'. */
    static boolean isCookieValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '"' || c == ',' || c == ';' || c == '\\') {
                return false;
            }
        }
        return true;
    }
}
