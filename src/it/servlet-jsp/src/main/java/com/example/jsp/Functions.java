package com.example.jsp;

import java.util.Locale;

/** The static methods behind the EL functions of WEB-INF/owners.tld. */
public final class Functions {
    private Functions() {}

    public static String shout(String text) {
        return text == null ? "" : text.toUpperCase(Locale.ROOT) + "!";
    }
}
