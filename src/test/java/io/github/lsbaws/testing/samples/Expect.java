package io.github.lsbaws.testing.samples;

import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Assertions on one reply, each failing with the request and the whole response. They check
 * what the application decides (status, its headers, its body) and leave to the container what
 * it may choose: header case, a charset's spelling, JSON key order and spacing, a Location
 * written absolute or relative.
 */
public final class Expect {
    private final SampleHttp http;
    private final Reply reply;

    private Expect(SampleHttp http, Reply reply) {
        this.http = http;
        this.reply = reply;
    }

    public static Expect that(SampleHttp http, Reply reply) {
        return new Expect(http, reply);
    }

    public Reply reply() {
        return reply;
    }

    public Expect status(int expected) {
        if (reply.status() != expected) {
            fail("status " + expected);
        }
        return this;
    }

    public Expect header(String name, String expected) {
        if (!Objects.equals(reply.header(name), expected)) {
            fail(name + ": " + expected);
        }
        return this;
    }

    public Expect headerMatches(String name, String regex) {
        String value = reply.header(name);
        if (value == null || !Pattern.compile(regex).matcher(value).matches()) {
            fail(name + " matching " + regex);
        }
        return this;
    }

    public Expect noHeader(String name) {
        if (reply.header(name) != null) {
            fail("no " + name + " header");
        }
        return this;
    }

    /** The media type, whatever the case and parameters. */
    public Expect mediaType(String expected) {
        if (!expected.equalsIgnoreCase(String.valueOf(reply.mediaType()))) {
            fail("Content-Type " + expected);
        }
        return this;
    }

    /** The media type and charset, whatever their spelling ("UTF-8" or "utf-8", quoted or not). */
    public Expect contentType(String mediaType, String charset) {
        mediaType(mediaType);
        if (!charset.equalsIgnoreCase(String.valueOf(reply.charset()))) {
            fail("Content-Type " + mediaType + " with charset " + charset);
        }
        return this;
    }

    /** The body is this JSON document, compared by value. */
    public Expect json(String expected) {
        Object actual;
        try {
            actual = Json.parse(reply.text());
        } catch (IllegalArgumentException e) {
            fail("a JSON body equal to " + expected + " (" + e.getMessage() + ")");
            return this;
        }
        if (!Json.same(Json.parse(expected), actual)) {
            fail("a JSON body equal to " + expected);
        }
        return this;
    }

    public Expect text(String expected) {
        if (!reply.text().equals(expected)) {
            fail("the body " + Json.quote(expected));
        }
        return this;
    }

    public Expect textContains(String expected) {
        if (!reply.text().contains(expected)) {
            fail("a body containing " + Json.quote(expected));
        }
        return this;
    }

    public Expect body(byte[] expected) {
        if (!Arrays.equals(reply.body(), expected)) {
            fail("a body of these " + expected.length + " bytes");
        }
        return this;
    }

    public Expect emptyBody() {
        if (reply.body().length != 0) {
            fail("no body");
        }
        return this;
    }

    /** Content-Length, when sent, is the body's length (a HEAD reply's is the GET body's, so pass it). */
    public Expect contentLength(long expected) {
        String length = reply.header("Content-Length");
        if (length == null || Long.parseLong(length) != expected) {
            fail("Content-Length: " + expected);
        }
        return this;
    }

    /** A redirect (302 or 303, as sendRedirect chooses) whose Location, resolved against the request URL, is this path. */
    public Expect redirectsTo(String relative) {
        if (reply.status() != 302 && reply.status() != 303) {
            fail("a redirect (302 or 303) to " + http.url(relative));
        }
        return location(relative);
    }

    /** The Location header, resolved against the request URL as a browser does, is this path relative to the base. */
    public Expect location(String relative) {
        URI expected = http.url(relative);
        URI resolved = reply.location();
        if (resolved == null) {
            fail("Location: " + expected);
        }
        if (!resolved.equals(expected)) {
            fail("Location resolving to " + expected + " (it resolves to " + resolved + ")");
        }
        return this;
    }

    /** A field of the JSON object body, compared by value with the JSON text given. */
    public Expect jsonField(String name, String expectedJson) {
        Map<String, Object> body = reply.json();
        if (!body.containsKey(name) || !Json.same(Json.parse(expectedJson), body.get(name))) {
            fail("a JSON body whose \"" + name + "\" is " + expectedJson);
        }
        return this;
    }

    public void fail(String expected) {
        throw new AssertionError(reply.request() + "\nexpected " + expected + "\nbut the response was\n" + reply.describe());
    }
}
