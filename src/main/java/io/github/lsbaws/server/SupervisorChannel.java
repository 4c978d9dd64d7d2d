package io.github.lsbaws.server;

import io.github.lsbaws.natives.Posix;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * What a generation tells its supervisor, through a pipe the supervisor made for it: a line
 * per message, "kind pid text", each written in one write(2) of at most PIPE_BUF bytes, so that
 * the lines of a parent and of its children never interleave. The write end is non-blocking: a
 * message that finds the pipe full is dropped rather than making a server wait.
 */
public final class SupervisorChannel {
    /** The generation is ready to accept connections; the text: how many learned requests it replayed, the application's name. */
    public static final String PREPARED = "prepared";
    /** The generation no longer accepts connections (it was told to retire). */
    public static final String STOPPED_ACCEPTING = "stopped-accepting";
    /** A child served a request the generation did not know; the text is the request, encoded ({@code LearnedRequest}). */
    public static final String LEARNED = "learned";
    /** The generation replays a learned request in its parent now; the text is its key. */
    public static final String REPLAYING = "replaying";
    /** The learned request of that key must not be replayed again (it failed or started a thread). */
    public static final String UNLEARN = "unlearn";
    /** Linux's PIPE_BUF: writes up to this size are atomic. */
    static final int ATOMIC_WRITE = 4096;

    private final int fd;

    SupervisorChannel(int fd) {
        this.fd = fd;
    }

    /** A line the supervisor read. */
    public record Message(String kind, int pid, String text) {
        /** Parses "kind pid text"; null for a line that is not a message. */
        public static Message parse(String line) {
            int first = line.indexOf(' ');
            int second = first < 0 ? -1 : line.indexOf(' ', first + 1);
            if (first < 0) {
                return null;
            }
            try {
                int pid = Integer.parseInt(second < 0 ? line.substring(first + 1) : line.substring(first + 1, second));
                return new Message(line.substring(0, first), pid, second < 0 ? "" : line.substring(second + 1));
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    void prepared(int replayed, String appName) {
        send(PREPARED, replayed + " " + appName);
    }

    void stoppedAccepting() {
        send(STOPPED_ACCEPTING, "");
    }

    /** Sends one message; false when it was dropped (too long, or the pipe full or gone). */
    boolean send(String kind, String text) {
        byte[] line = (kind + " " + Posix.pid() + " " + text + "\n").getBytes(StandardCharsets.UTF_8);
        if (line.length > ATOMIC_WRITE || fd < 0) {
            return false;
        }
        try {
            Posix.writeFully(fd, line, 0, line.length);
            return true;
        } catch (IOException full) {
            return false;
        }
    }
}
