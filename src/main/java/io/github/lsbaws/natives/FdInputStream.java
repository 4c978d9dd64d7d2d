package io.github.lsbaws.natives;

import java.io.IOException;
import java.io.InputStream;

/** An unbuffered stream reading a raw descriptor (a connection inherited across fork). */
public final class FdInputStream extends InputStream {
    private final int fd;

    public FdInputStream(int fd) {
        this.fd = fd;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == 1 ? one[0] & 0xff : -1;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        int n = Posix.read(fd, buffer, offset, length);
        return n == 0 ? -1 : n;
    }
}
