package io.github.lsbaws.http;

/**
 * Character classes of RFC 9110 section 5.6: tokens, token lists, field values; and the one rule
 * for a response header field, {@link #checkField}. The classes are tables indexed by byte, and
 * request bytes are checked where they lie, before any String is made of them: a forked child
 * runs interpreted, where every call per character counts.
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

    /**
     * No control character but tab (no CR, LF or NUL). A character beyond ISO-8859-1 passes: it
     * cannot end a field, and goes out as '?' (as Jetty sends it) rather than failing the response.
     */
    public static boolean isFieldValue(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= 0xff && !FIELD_VALUE[c]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether name: value may be sent as a response header field: a token for a name, no control
     * character but tab in the value. A CR or LF would end the field and start another one of
     * the sender's choosing (response splitting, header injection); this is checked where an
     * application sets a header and again where the response head is written.
     *
     * @throws IllegalArgumentException naming the header, when it may not be sent
     */
    public static void checkField(String name, String value) {
        if (name == null || !isToken(name)) {
            throw new IllegalArgumentException("header name " + (name == null ? "null" : quoted(name))
                    + " is not a valid field name (a token: letters, digits and !#$%&'*+-.^_`|~)");
        }
        if (value == null) {
            throw new IllegalArgumentException("header " + name + " has a null value");
        }
        if (!isFieldValue(value)) {
            throw new IllegalArgumentException("the value of header " + name + " contains a control character: " + quoted(value));
        }
    }

    /** text in double quotes, its control characters escaped, for a message that names a bad value. */
    public static String quoted(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append('\t');
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
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
