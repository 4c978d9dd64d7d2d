package io.github.lsbaws.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a request path for applications: %XX sequences become bytes (including %2F, which
 * becomes '/', as in wsgiref), and the bytes are read as UTF-8. '+' stays '+': it means space
 * only in form-encoded queries, which applications decode themselves.
 */
public final class PercentDecoder {
    private PercentDecoder() {}

    /** @throws HttpException 400 for a truncated or non-hex escape, or bytes that are not UTF-8 */
    public static String decodePath(String raw) throws HttpException {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteBuffer bytes = ByteBuffer.allocate(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int high = i + 1 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int low = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (high < 0 || low < 0) {
                    throw new HttpException(400, "malformed percent-encoding in path: " + RequestReader.printable(raw));
                }
                bytes.put((byte) (high << 4 | low));
                i += 2;
            } else {
                bytes.put((byte) c);
            }
        }
        bytes.flip();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new HttpException(400, "percent-encoded path is not UTF-8: " + RequestReader.printable(raw));
        }
    }
}
