package io.github.lsbaws.server;

import io.github.lsbaws.natives.Posix;
import io.github.lsbaws.protocol.Report;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The write end of a generation's report pipe to its supervisor ({@link Report}), shared with
 * its children. It is non-blocking: a message that finds the pipe full is dropped rather than
 * making a server wait.
 */
final class SupervisorChannel {
    private final int fd;

    SupervisorChannel(int fd) {
        this.fd = fd;
    }

    void prepared(int replayed, String appName) {
        send(Report.PREPARED, replayed + " " + appName);
    }

    void stoppedAccepting() {
        send(Report.STOPPED_ACCEPTING, "");
    }

    /** Sends one message; false when it was dropped (too long, or the pipe full or gone). */
    boolean send(String kind, String text) {
        byte[] line = Report.line(kind, Posix.pid(), text).getBytes(StandardCharsets.UTF_8);
        if (line.length > Report.ATOMIC_WRITE || fd < 0) {
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
