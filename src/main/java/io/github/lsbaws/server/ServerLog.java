package io.github.lsbaws.server;

import io.github.lsbaws.natives.Posix;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.TimeZone;

/**
 * Log lines of the parent and its children. Each line leaves in one write(2) to stdout (access
 * log, banner) or stderr (errors): nothing is buffered in the JVM, so nothing is duplicated by
 * fork or lost by _exit, and lines of concurrent children do not interleave.
 */
public final class ServerLog {
    static final int STDOUT = 1;
    private static final int STDERR = 2;
    /** No descriptor: a write to it fails, quietly, as one does once the log's reader has gone. */
    static final int NOWHERE = -1;
    /** Local time offset, taken once in the parent: children must not initialise time zones. */
    private static final long OFFSET_MILLIS = TimeZone.getDefault().getOffset(System.currentTimeMillis());

    private ServerLog() {}

    public static void info(String message) {
        write(STDOUT, message);
    }

    public static void error(String message) {
        write(STDERR, message);
    }

    /** One line to the standard error as it is, without the clock: a line a program reads. */
    public static void bareError(String line) {
        writeLine(STDERR, (line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** One line to fd; to {@link #NOWHERE}, a rehearsal of the line in the parent, so that a child runs no part of it first. */
    static void write(int fd, String message) {
        writeLine(fd, ("[" + clock() + "] " + message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** A whole line in one write(2). */
    private static void writeLine(int fd, byte[] line) {
        try {
            Posix.writeFully(fd, line, 0, line.length);
        } catch (IOException e) {
            // The log's reader went away; there is nobody left to tell.
        }
    }

    /** HH:MM:SS local time. */
    private static String clock() {
        long secondOfDay = Math.floorMod((System.currentTimeMillis() + OFFSET_MILLIS) / 1000, 86400);
        char[] out = {'0', '0', ':', '0', '0', ':', '0', '0'};
        long[] parts = {secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60};
        for (int i = 0; i < 3; i++) {
            out[i * 3] = (char) ('0' + parts[i] / 10);
            out[i * 3 + 1] = (char) ('0' + parts[i] % 10);
        }
        return new String(out);
    }
}
