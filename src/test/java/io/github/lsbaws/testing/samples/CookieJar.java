package io.github.lsbaws.testing.samples;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cookies of one client, kept by hand as curl's -b/-c would: every Set-Cookie of a response
 * sent through it is stored (name and value, attributes ignored but for Max-Age=0 and a past
 * Expires, which delete), and every request sent through it carries them. A check that wants a
 * second browser makes a second jar.
 */
public final class CookieJar {
    private final Map<String, String> cookies = new LinkedHashMap<>();

    public String get(String name) {
        return cookies.get(name);
    }

    public void put(String name, String value) {
        cookies.put(name, value);
    }

    public boolean isEmpty() {
        return cookies.isEmpty();
    }

    /** The Cookie header value, or null without cookies. */
    String header() {
        if (cookies.isEmpty()) {
            return null;
        }
        StringBuilder header = new StringBuilder();
        cookies.forEach((name, value) -> {
            if (header.length() > 0) {
                header.append("; ");
            }
            header.append(name).append('=').append(value);
        });
        return header.toString();
    }

    void store(List<String> setCookies) {
        for (String setCookie : setCookies) {
            SetCookie cookie = SetCookie.parse(setCookie);
            String maxAge = cookie.attribute("Max-Age");
            String expires = cookie.attribute("Expires");
            boolean deleted = "0".equals(maxAge) || (maxAge == null && expires != null && expires.toLowerCase(Locale.ROOT).contains("1970"));
            if (deleted) {
                cookies.remove(cookie.name());
            } else {
                cookies.put(cookie.name(), cookie.value());
            }
        }
    }

    @Override
    public String toString() {
        return cookies.toString();
    }
}
