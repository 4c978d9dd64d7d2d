package io.github.lsbaws.servlet.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The canonical form of a request path, as Servlet 6.1 section 3.5.2 defines it: path
 * parameters removed from each segment, segments percent-decoded as UTF-8, empty segments other
 * than the last removed, dot segments resolved. The suspicious sequences the specification
 * lists are refused with a 400: an encoded "/", a ".." above the root, a dot segment that was
 * encoded or had parameters, an empty segment with parameters, a backslash, a control
 * character, a malformed escape.
 */
public final class UriPath {
    private UriPath() {}

    /**
     * @param raw the path of the request target as sent (no query), starting with '/'
     * @return the decoded canonical path, starting with '/'
     * @throws BadRequestException 400 with the reason
     */
    public static String canonical(String raw) {
        if (raw.isEmpty() || raw.charAt(0) != '/') {
            throw new BadRequestException("the path must start with /");
        }
        if (raw.indexOf('%') < 0 && raw.indexOf(';') < 0 && raw.indexOf('\\') < 0 && isPlain(raw)) {
            return raw; // the common case: nothing to decode, remove or resolve
        }
        if (containsIgnoreCase(raw, "%2f")) {
            throw new BadRequestException("an encoded / in the path");
        }
        List<String> segments = new ArrayList<>();
        int start = 1;
        int length = raw.length();
        while (true) {
            int slash = raw.indexOf('/', start);
            int end = slash < 0 ? length : slash;
            String segment = raw.substring(start, end);
            boolean last = slash < 0;
            int semicolon = segment.indexOf(';');
            if (semicolon >= 0) {
                String bare = segment.substring(0, semicolon);
                if (bare.equals(".") || bare.equals("..")) {
                    throw new BadRequestException("a dot segment with parameters in the path");
                }
                if (bare.isEmpty() && !last) {
                    throw new BadRequestException("an empty segment with parameters in the path");
                }
                segment = bare;
            }
            if (segment.indexOf('%') >= 0) {
                if (isEncodedDotSegment(segment)) {
                    throw new BadRequestException("an encoded dot segment in the path");
                }
                segment = decode(segment);
            }
            segments.add(segment);
            if (last) {
                break;
            }
            start = slash + 1;
        }
        List<String> kept = new ArrayList<>(segments.size());
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            boolean last = i == segments.size() - 1;
            if (segment.isEmpty() && !last) {
                continue;
            }
            if (segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (kept.isEmpty()) {
                    throw new BadRequestException("the path leads above the root");
                }
                kept.remove(kept.size() - 1);
                continue;
            }
            kept.add(segment);
        }
        StringBuilder path = new StringBuilder(raw.length());
        for (String segment : kept) {
            path.append('/').append(segment);
        }
        if (path.length() == 0) {
            path.append('/');
        }
        String canonical = path.toString();
        for (int i = 0; i < canonical.length(); i++) {
            char c = canonical.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new BadRequestException("a control character in the path");
            }
            if (c == '\\') {
                throw new BadRequestException("a backslash in the path");
            }
        }
        return canonical;
    }

    /** No dot segment, no empty segment, no control character: already canonical when also free of '%', ';' and '\'. */
    private static boolean isPlain(String raw) {
        int length = raw.length();
        for (int i = 0; i < length; i++) {
            char c = raw.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return false;
            }
            if (c == '/' && i + 1 < length) {
                char next = raw.charAt(i + 1);
                if (next == '/') {
                    return false;
                }
                if (next == '.') {
                    int after = i + 2;
                    if (after == length || raw.charAt(after) == '/') {
                        return false;
                    }
                    if (raw.charAt(after) == '.' && (after + 1 == length || raw.charAt(after + 1) == '/')) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static boolean isEncodedDotSegment(String segment) {
        String lower = segment.toLowerCase(java.util.Locale.ROOT);
        return lower.equals("%2e") || lower.equals("%2e%2e") || lower.equals(".%2e") || lower.equals("%2e.");
    }

    private static boolean containsIgnoreCase(String text, String lowerNeedle) {
        return text.toLowerCase(java.util.Locale.ROOT).indexOf(lowerNeedle) >= 0;
    }

    /** Percent-decodes one segment as UTF-8. */
    public static String decode(String segment) {
        ByteBuffer bytes = ByteBuffer.allocate(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                int high = i + 1 < segment.length() ? Character.digit(segment.charAt(i + 1), 16) : -1;
                int low = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 2), 16) : -1;
                if (high < 0 || low < 0) {
                    throw new BadRequestException("a malformed %-escape in the path");
                }
                bytes.put((byte) (high << 4 | low));
                i += 2;
            } else if (c > 0x7f) {
                throw new BadRequestException("a non-ASCII character in the path");
            } else {
                bytes.put((byte) c);
            }
        }
        bytes.flip();
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new BadRequestException("a %-encoded path that is not UTF-8");
        }
    }
}
