package io.github.lsbaws.servlet.session;

import jakarta.servlet.SessionCookieConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The session cookie's settings: JSESSIONID, HttpOnly, SameSite=Lax, path = the context path, by default. */
public final class CookieConfig implements SessionCookieConfig {
    private String name = "JSESSIONID";
    private final Map<String, String> attributes = new LinkedHashMap<>();

    CookieConfig() {
        attributes.put("HttpOnly", "");
        attributes.put("SameSite", "Lax");
    }

    @Override
    public void setName(String name) {
        this.name = name;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public void setDomain(String domain) {
        setAttribute("Domain", domain);
    }

    @Override
    public String getDomain() {
        return getAttribute("Domain");
    }

    @Override
    public void setPath(String path) {
        setAttribute("Path", path);
    }

    @Override
    public String getPath() {
        return getAttribute("Path");
    }

    @Override
    @SuppressWarnings("deprecation")
    public void setComment(String comment) {
    }

    @Override
    @SuppressWarnings("deprecation")
    public String getComment() {
        return null;
    }

    @Override
    public void setHttpOnly(boolean httpOnly) {
        setAttribute("HttpOnly", httpOnly ? "" : null);
    }

    @Override
    public boolean isHttpOnly() {
        return attributes.containsKey("HttpOnly");
    }

    @Override
    public void setSecure(boolean secure) {
        setAttribute("Secure", secure ? "" : null);
    }

    @Override
    public boolean isSecure() {
        return attributes.containsKey("Secure");
    }

    @Override
    public void setMaxAge(int maxAge) {
        setAttribute("Max-Age", maxAge < 0 ? null : Integer.toString(maxAge));
    }

    @Override
    public int getMaxAge() {
        String value = getAttribute("Max-Age");
        return value == null ? -1 : Integer.parseInt(value);
    }

    @Override
    public void setAttribute(String attributeName, String value) {
        String key = canonical(attributeName);
        if (value == null) {
            attributes.remove(key);
        } else {
            attributes.put(key, value);
        }
    }

    @Override
    public String getAttribute(String attributeName) {
        return attributes.get(canonical(attributeName));
    }

    @Override
    public Map<String, String> getAttributes() {
        return Collections.unmodifiableMap(attributes);
    }

    private static String canonical(String attributeName) {
        return switch (attributeName.toLowerCase(Locale.ROOT)) {
            case "domain" -> "Domain";
            case "path" -> "Path";
            case "max-age" -> "Max-Age";
            case "secure" -> "Secure";
            case "httponly" -> "HttpOnly";
            case "samesite" -> "SameSite";
            default -> attributeName;
        };
    }
}
