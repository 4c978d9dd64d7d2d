package io.github.lsbaws.http;

/** Character classes of RFC 9110 section 5.6: tokens, token lists, field values. */
public final class Tokens {
    private static final String TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";

    private Tokens() {}

    public static boolean isToken(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alnum && TCHAR_SYMBOLS.indexOf(c) < 0) {
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
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                return false;
            }
        }
        return true;
    }
}
