package io.github.lsbaws.testing.samples;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** One Set-Cookie header: name, value and attributes (names case-insensitive; a flag's value is ""). */
public record SetCookie(String name, String value, Map<String, String> attributes) {
    public static SetCookie parse(String header) {
        String[] parts = header.split(";");
        int equals = parts[0].indexOf('=');
        if (equals < 0) {
            throw new IllegalArgumentException("Set-Cookie without a name=value: " + header);
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].strip();
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = (eq < 0 ? part : part.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
            attributes.put(name, eq < 0 ? "" : part.substring(eq + 1).strip());
        }
        return new SetCookie(parts[0].substring(0, equals).strip(), parts[0].substring(equals + 1).strip(), attributes);
    }

    /** The attribute's value, "" for a flag such as HttpOnly, null when absent. */
    public String attribute(String name) {
        return attributes.get(name.toLowerCase(Locale.ROOT));
    }

    public boolean has(String flag) {
        return attributes.containsKey(flag.toLowerCase(Locale.ROOT));
    }
}
