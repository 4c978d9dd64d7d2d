package io.github.lsbaws.servlet.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * application/x-www-form-urlencoded decoding (the WHATWG URL standard's parser): pairs split on
 * '&', name and value on the first '=', '+' as space, %XX as a byte; bytes read in the given
 * charset. The text is read as ISO-8859-1 (each char a byte as sent). A malformed escape or
 * too many pairs is a 400.
 */
public final class FormDecoder {
    /** Most pairs a query and a form together may carry (Jetty's default). */
    public static final int MAX_KEYS = 1000;

    private FormDecoder() {}

    /** Adds the pairs of text to parameters (values appended after those already there). */
    public static void decode(String text, Charset charset, Map<String, List<String>> parameters) {
        if (text == null || text.isEmpty()) {
            return;
        }
        int count = 0;
        for (List<String> values : parameters.values()) {
            count += values.size();
        }
        int start = 0;
        int length = text.length();
        while (start <= length) {
            int amp = text.indexOf('&', start);
            int end = amp < 0 ? length : amp;
            if (end > start) {
                if (++count > MAX_KEYS) {
                    throw new BadRequestException("more than " + MAX_KEYS + " form parameters");
                }
                int eq = text.indexOf('=', start);
                String name;
                String value;
                if (eq < 0 || eq > end) {
                    name = unescape(text, start, end, charset);
                    value = "";
                } else {
                    name = unescape(text, start, eq, charset);
                    value = unescape(text, eq + 1, end, charset);
                }
                parameters.computeIfAbsent(name, key -> new ArrayList<>(1)).add(value);
            }
            if (amp < 0) {
                break;
            }
            start = amp + 1;
        }
    }

    public static Map<String, List<String>> decode(String text, Charset charset) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        decode(text, charset, parameters);
        return parameters;
    }

    private static String unescape(String text, int from, int to, Charset charset) {
        boolean plain = true;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '%' || c == '+' || c > 0x7f) {
                plain = false;
                break;
            }
        }
        if (plain) {
            return text.substring(from, to);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                int high = i + 1 < to ? Character.digit(text.charAt(i + 1), 16) : -1;
                int low = i + 2 < to ? Character.digit(text.charAt(i + 2), 16) : -1;
                if (high < 0 || low < 0) {
                    throw new BadRequestException("a malformed %-escape in form data");
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c > 0xff) {
                byte[] encoded = String.valueOf(c).getBytes(charset);
                bytes.write(encoded, 0, encoded.length);
            } else { // text read as ISO-8859-1: each char is the byte sent
                bytes.write(c);
            }
        }
        return new String(bytes.toByteArray(), charset);
    }
}
