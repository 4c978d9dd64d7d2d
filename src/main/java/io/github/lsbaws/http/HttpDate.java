package io.github.lsbaws.http;

/** IMF-fixdate (RFC 9110 section 5.6.7), e.g. "Sun, 06 Nov 1994 08:49:37 GMT", without java.time's start-up cost. */
public final class HttpDate {
    private static final String[] DAYS = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
    private static final String[] MONTHS =
            {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    /** The last second formatted, and its text. */
    private record Stamp(long second, String text) {}

    private static volatile Stamp last = new Stamp(Long.MIN_VALUE, "");

    private HttpDate() {}

    /**
     * The current time, formatted once per second. A server parent that calls this before each
     * fork leaves its children the text of the current second.
     */
    public static String now() {
        long millis = System.currentTimeMillis();
        long second = Math.floorDiv(millis, 1000);
        Stamp stamp = last;
        if (second != stamp.second()) {
            stamp = new Stamp(second, format(millis));
            last = stamp;
        }
        return stamp.text();
    }

    public static String format(long epochMillis) {
        long seconds = Math.floorDiv(epochMillis, 1000);
        long days = Math.floorDiv(seconds, 86400);
        int secondOfDay = (int) Math.floorMod(seconds, 86400);
        // Civil-from-days (Howard Hinnant's algorithm): proleptic Gregorian date of a day count.
        long z = days + 719468;
        long era = Math.floorDiv(z, 146097);
        long dayOfEra = z - era * 146097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        StringBuilder out = new StringBuilder(29);
        out.append(DAYS[(int) Math.floorMod(days, 7)]).append(", ");
        two(out, day).append(' ').append(MONTHS[month - 1]).append(' ').append(year).append(' ');
        two(out, secondOfDay / 3600).append(':');
        two(out, secondOfDay / 60 % 60).append(':');
        return two(out, secondOfDay % 60).append(" GMT").toString();
    }

    private static StringBuilder two(StringBuilder out, int value) {
        return out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }
}
