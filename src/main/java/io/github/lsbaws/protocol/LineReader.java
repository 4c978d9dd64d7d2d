package io.github.lsbaws.protocol;

import io.github.lsbaws.natives.Posix;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines arriving on a descriptor that epoll reported readable: one read(2) per call, so a
 * blocking descriptor (standard input) never blocks, and a line split across reads is kept
 * until its end arrives. The supervisor reads its standard input and the report pipes with it, a
 * generation its command pipe ({@link Redefinition}).
 */
public final class LineReader {
    private static final int MAX_LINE = 64 * 1024;

    private final int fd;
    private final byte[] buffer = new byte[8192];
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private boolean ended;

    public LineReader(int fd) {
        this.fd = fd;
    }

    public int fd() {
        return fd;
    }

    /** Whether the writers have all closed their ends. */
    public boolean ended() {
        return ended;
    }

    /** Reads once; returns the lines completed by what was read (without their line ends). */
    public List<String> read() throws IOException {
        int n = Posix.readAvailable(fd, buffer, 0, buffer.length);
        List<String> lines = new ArrayList<>();
        if (n == 0) {
            ended = true;
        }
        for (int i = 0; i < n; i++) {
            if (buffer[i] == '\n') {
                lines.add(partial.toString(StandardCharsets.UTF_8).strip());
                partial.reset();
            } else if (partial.size() < MAX_LINE) {
                partial.write(buffer[i]);
            }
        }
        return lines;
    }
}
