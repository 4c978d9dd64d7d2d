package io.github.lsbaws.testing.samples;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A response as read off the wire: status, headers in order (names as sent), body bytes. */
public record Reply(String request, String statusLine, int status, List<Map.Entry<String, String>> headerList, byte[] body) {
    /** The URL that was requested. */
    public URI requestUrl() {
        return URI.create(request.substring(request.indexOf(' ') + 1));
    }

    /** The Location header resolved against the request URL, as a browser resolves it; null without one. */
    public URI location() {
        String location = header("Location");
        return location == null ? null : requestUrl().resolve(location);
    }

    /** The first value of a header (names compared case-insensitively), or null. */
    public String header(String name) {
        for (Map.Entry<String, String> header : headerList) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }

    /** Every value of a header, in order. */
    public List<String> headers(String name) {
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, String> header : headerList) {
            if (header.getKey().equalsIgnoreCase(name)) {
                values.add(header.getValue());
            }
        }
        return values;
    }

    /** The Content-Type's media type, lower case and without parameters, or null. */
    public String mediaType() {
        String type = header("Content-Type");
        return type == null ? null : type.split(";")[0].strip().toLowerCase(Locale.ROOT);
    }

    /** The Content-Type's charset parameter, lower case without quotes, or null. */
    public String charset() {
        String type = header("Content-Type");
        if (type == null) {
            return null;
        }
        for (String parameter : type.split(";")) {
            String[] pair = parameter.strip().split("=", 2);
            if (pair.length == 2 && pair[0].strip().equalsIgnoreCase("charset")) {
                return pair[1].strip().replace("\"", "").toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    /** The body decoded with the declared charset, UTF-8 if none is declared. */
    public String text() {
        String charset = charset();
        return new String(body, charset == null ? StandardCharsets.UTF_8 : Charset.forName(charset));
    }

    /** The body parsed as a JSON object. */
    public Map<String, Object> json() {
        return Json.object(text());
    }

    /** The named cookie as the response set it, or null. */
    public SetCookie setCookie(String name) {
        for (String header : headers("Set-Cookie")) {
            SetCookie cookie = SetCookie.parse(header);
            if (cookie.name().equals(name)) {
                return cookie;
            }
        }
        return null;
    }

    /** The response as text for a failure message (a long or binary body shortened). */
    public String describe() {
        StringBuilder out = new StringBuilder(statusLine).append('\n');
        for (Map.Entry<String, String> header : headerList) {
            out.append(header.getKey()).append(": ").append(header.getValue()).append('\n');
        }
        out.append('\n');
        String mediaType = mediaType();
        boolean textual = mediaType == null || mediaType.startsWith("text/") || mediaType.contains("json")
                || mediaType.contains("xml");
        if (!textual) {
            out.append("<").append(body.length).append(" bytes of ").append(mediaType).append(">");
        } else {
            String text = text();
            out.append(text.length() > 2000 ? text.substring(0, 2000) + "..." : text);
        }
        return out.toString();
    }
}
