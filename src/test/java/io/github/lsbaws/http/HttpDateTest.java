package io.github.lsbaws.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HttpDateTest {
    @Test
    void formatsRfc9110Example() {
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDate.format(784111777000L));
        assertEquals("Thu, 01 Jan 1970 00:00:00 GMT", HttpDate.format(0));
        assertEquals("Tue, 29 Feb 2000 23:59:59 GMT", HttpDate.format(951868799000L));
    }

    @Test
    void agreesWithJavaTimeOverCenturies() {
        DateTimeFormatter imf = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);
        Random random = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            long millis = (long) (random.nextDouble() * 8_000_000_000_000L);
            String expected = imf.format(ZonedDateTime.ofInstant(java.time.Instant.ofEpochMilli(millis), ZoneOffset.UTC));
            assertEquals(expected, HttpDate.format(millis), "at " + millis);
        }
    }

    @Test
    void nowIsTheCurrentSecondFormatted() {
        for (int i = 0; i < 3; i++) {
            long before = System.currentTimeMillis();
            String now = HttpDate.now();
            long after = System.currentTimeMillis();
            if (before / 1000 == after / 1000) { // no second boundary crossed in between: one answer is right
                assertEquals(HttpDate.format(before), now);
                return;
            }
        }
        throw new AssertionError("three calls each straddled a second boundary");
    }
}
