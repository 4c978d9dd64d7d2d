package io.github.lsbaws.servlet.codec;

import java.util.Locale;

/**
 * Parses the three HTTP date forms RFC 9110 section 5.6.7 requires a recipient to accept
 * (IMF-fixdate, RFC 850, asctime), without java.time: a forked child runs interpreted and
 * would initialise its formatters again in every child.
 */
public final class HttpDates {
    private static final String MONTHS = "janfebmaraprmayjunjulaugsepoctnovdec";

    private HttpDates() {}

    /** Milliseconds since the epoch, or -1 when value is not an HTTP date. */
    public static long parse(String value) {
        if (value == null) {
            return -1;
        }
        String text = value.strip();
        String[] parts = text.split("[ ,\\-:]+");
        try {
            int comma = text.indexOf(',');
            if (comma > 0 && parts.length == 8) { // IMF-fixdate or RFC 850: Sun, 06 Nov 1994 08:49:37 GMT
                int year = Integer.parseInt(parts[3]);
                if (parts[3].length() == 2) {
                    year += year < 70 ? 2000 : 1900;
                }
                return millis(year, month(parts[2]), Integer.parseInt(parts[1]), parts[4], parts[5], parts[6], parts[7]);
            }
            if (comma < 0 && parts.length == 7) { // asctime: Sun Nov  6 08:49:37 1994
                return millis(Integer.parseInt(parts[6]), month(parts[1]), Integer.parseInt(parts[2]), parts[3], parts[4],
                        parts[5], "GMT");
            }
        } catch (IllegalArgumentException e) {
            return -1;
        }
        return -1;
    }

    private static int month(String name) {
        int index = name.length() == 3 ? MONTHS.indexOf(name.toLowerCase(Locale.ROOT)) : -1;
        if (index < 0 || index % 3 != 0) {
            throw new IllegalArgumentException(name);
        }
        return index / 3 + 1;
    }

    private static long millis(int year, int month, int day, String hours, String minutes, String seconds, String zone) {
        if (!zone.equals("GMT") && !zone.equals("UTC")) {
            throw new IllegalArgumentException(zone);
        }
        int h = Integer.parseInt(hours);
        int m = Integer.parseInt(minutes);
        int s = Integer.parseInt(seconds);
        if (month < 1 || day < 1 || day > 31 || h > 23 || m > 59 || s > 60 || h < 0 || m < 0 || s < 0) {
            throw new IllegalArgumentException("out of range");
        }
        // Days from civil (Howard Hinnant's algorithm).
        int y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        long days = era * 146097 + dayOfEra - 719468;
        return ((days * 24 + h) * 60 + m) * 60_000L + s * 1000L;
    }
}
