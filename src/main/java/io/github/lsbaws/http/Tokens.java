package io.github.lsbaws.http;

/**
 * Character classes of RFC 9110 section 5.6: tokens, token lists, field values. The classes
 * are tables indexed by byte, and request bytes are checked where they lie, before any String is
 * made of them: a forked child runs interpreted, where every call per character counts.
 */
public final class Tokens {
    /** tchar: the characters of a token. */
    private static final boolean[] TOKEN = new boolean[256];
    /** Visible characters, space, tab and obs-text: what a field value may contain. */
    private static final boolean[] FIELD_VALUE = new boolean[256];

    static {
        for (int c = 0; c < 256; c++) {
            TOKEN[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || (c < 0x80 && "!#$%&'*+-.^_`|~".indexOf(c) >= 0);
            FIELD_VALUE[c] = (c >= 0x20 && c != 0x7f) || c == '\t';
        }
    }

    private Tokens() {}

    public static boolean isToken(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0xff || !TOKEN[c]) {
                return false;
            }
        }
        return true;
    }

    /** Whether bytes[from, to) is a token. */
    public static boolean isToken(byte[] bytes, int from, int to) {
        if (from == to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (!TOKEN[bytes[i] & 0xff]) {
                return false;
            }
        }
        return true;
    }

    /** Comma-separated tokens with optional whitespace, e.g. "gzip, chunked". */
    public static boolean isTokenList(String text) {
        for (String element : text.split(",", -1)) {
            if (!isToken(element.strip())) {
                return false;
            }
        }
        return true;
    }

    /** Visible characters, space, tab and obs-text; no other control byte (no CR, LF or NUL). */
    public static boolean isFieldValue(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0xff || !FIELD_VALUE[c]) {
                return false;
            }
        }
        return true;
    }

    /** Whether bytes[from, to) may be a field value. */
    public static boolean isFieldValue(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!FIELD_VALUE[bytes[i] & 0xff]) {
                return false;
            }
        }
        return true;
    }
}
