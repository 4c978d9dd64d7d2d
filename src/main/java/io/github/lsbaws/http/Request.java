package io.github.lsbaws.http;

import java.io.InputStream;

/**
 * A parsed request head with its (decoded) body stream.
 *
 * @param method the method token, case preserved
 * @param target the request-target exactly as sent
 * @param path the raw (still percent-encoded) path of the target, "*" for asterisk-form
 * @param query the raw query after '?', "" when there is none
 * @param version "HTTP/1.1" or "HTTP/1.0"
 * @param headers the header fields as sent
 * @param body the request body, already de-chunked; empty when the request has none
 */
public record Request(String method, String target, String path, String query, String version,
                      HeaderFields headers, InputStream body) {

    public boolean isHead() {
        return method.equals("HEAD");
    }
}
