package io.github.lsbaws.server;

import io.github.lsbaws.natives.ErrnoException;
import io.github.lsbaws.natives.Posix;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A connection's first request head as it sits in the socket, read without taking it (MSG_PEEK):
 * whoever serves the connection then reads the whole request itself. For what decides how a
 * connection is served before it is: whether it is debugged, which page the first generation
 * warms up.
 */
public final class PeekedHead {
    /** The most of a head looked at. */
    public static final int MAX_BYTES = 16 * 1024;

    private PeekedHead() {}

    /**
     * The head's bytes, through the empty line that ends it, or null if it does not arrive whole
     * within millis or within {@link #MAX_BYTES}, or the connection ends first. Each wait for a
     * first byte is bounded by the socket's receive timeout.
     */
    public static byte[] peek(int connection, long millis) throws ErrnoException, InterruptedException {
        byte[] buffer = new byte[MAX_BYTES];
        long deadline = System.nanoTime() + millis * 1_000_000;
        int seen = -1;
        while (System.nanoTime() < deadline) {
            int n = Posix.peek(connection, buffer); // waits for a first byte, then returns what is there
            if (n <= 0) {
                return null;
            }
            int end = headEnd(buffer, n);
            if (end >= 0) {
                return Arrays.copyOf(buffer, end);
            }
            if (n == buffer.length) {
                return null;
            }
            if (n == seen) {
                Thread.sleep(1); // the rest of the head is on its way
            }
            seen = n;
        }
        return null;
    }

    /** Where the head in bytes[0, length) ends, after its empty line (CR LF CR LF, or LF LF); -1 while it has not. */
    public static int headEnd(byte[] bytes, int length) {
        String text = new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end >= 0) {
            return end + 4;
        }
        end = text.indexOf("\n\n");
        return end < 0 ? -1 : end + 2;
    }
}
