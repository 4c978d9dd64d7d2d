package io.github.lsbaws.natives;

import java.io.IOException;

/** A failed libc call: names the call and carries errno with its strerror text. */
public class ErrnoException extends IOException {
    private final int errno;

    ErrnoException(String call, int errno, String description) {
        super(call + " failed: " + description + " (errno " + errno + ")");
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
