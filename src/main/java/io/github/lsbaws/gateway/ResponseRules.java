package io.github.lsbaws.gateway;

import io.github.lsbaws.http.HeaderFields;
import io.github.lsbaws.http.Status;
import io.github.lsbaws.http.Tokens;
import java.util.Set;

/**
 * What an application may answer, checked the way wsgiref.validate does, so that a mistake
 * becomes a 500 with a log line that names it instead of a malformed response on the wire.
 */
final class ResponseRules {
    /** Connection-level fields the server owns (PEP 3333 "hop-by-hop" headers, RFC 9110 section 7.6.1). */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "trailers", "transfer-encoding", "upgrade");

    private ResponseRules() {}

    static void checkStatusCode(int code) {
        if (code < 200 || code > 599) {
            throw new InvalidResponseException("status code " + code + " is not a final status (200-599)");
        }
    }

    /** A field the server may send ({@link Tokens#checkField}) that is the application's to set. */
    static void checkField(String name, String value) {
        try {
            Tokens.checkField(name, value);
        } catch (IllegalArgumentException e) {
            throw new InvalidResponseException(e.getMessage());
        }
        if (name.equalsIgnoreCase("Status")) {
            throw new InvalidResponseException("a \"Status\" header is not allowed: the status is its own argument");
        }
        if (HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT))) {
            throw new InvalidResponseException("header " + name + " is hop-by-hop: the server sets it, not the application");
        }
        if (name.equalsIgnoreCase("Content-Length")
                && (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(Character::isDigit))) {
            throw new InvalidResponseException("Content-Length " + Tokens.quoted(value) + " is not a decimal number");
        }
    }

    /** Content-Type is required, except where no content may follow (wsgiref.validate's rule). */
    static void checkContentType(int code, HeaderFields headers) {
        boolean hasType = headers.contains("Content-Type");
        if (Status.forbidsBody(code) && hasType) {
            throw new InvalidResponseException("Content-Type in a " + code + " response, which carries no content");
        }
        if (!Status.forbidsBody(code) && !hasType) {
            throw new InvalidResponseException("no Content-Type header in a " + code + " response");
        }
    }
}
