package io.github.lsbaws.natives;

import java.io.IOException;
import java.io.OutputStream;

/** An unbuffered stream writing a raw descriptor; every write goes straight to write(2). */
public final class FdOutputStream extends OutputStream {
    private final int fd;

    public FdOutputStream(int fd) {
        this.fd = fd;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        Posix.writeFully(fd, buffer, offset, length);
    }
}
