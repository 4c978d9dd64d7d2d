package io.github.lsbaws.natives;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An epoll instance watching descriptors for input; each registration carries a token (an int)
 * that {@link #wait} hands back. Level-triggered: a descriptor not fully drained is reported again.
 */
public final class Epoll implements AutoCloseable {
    /** struct epoll_event is packed (12 bytes) on x86_64 and naturally aligned (16) elsewhere. */
    private static final boolean PACKED = System.getProperty("os.arch").matches("amd64|x86_64");
    private static final int EVENT_SIZE = PACKED ? 12 : 16;
    private static final int DATA_OFFSET = PACKED ? 4 : 8;
    /**
     * Where the token's 32 bits lie in the 64-bit data field. Read as an int at a 4-aligned
     * offset, every event takes the same path through the buffer's code: read as a long, the
     * packed events at 8-aligned and at 4-aligned offsets took two, and the second one's first
     * run in a parent with live children wrote the JDK's class data (see StablePages).
     */
    private static final int TOKEN_OFFSET = DATA_OFFSET + (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? 0 : 4);

    private final int fd;
    private final byte[] events;
    private final ByteBuffer view;
    private final byte[] request = new byte[EVENT_SIZE];
    private final ByteBuffer requestView = ByteBuffer.wrap(request).order(ByteOrder.nativeOrder());

    public Epoll(int capacity) throws ErrnoException {
        fd = LibC.epoll_create1(Linux.EPOLL_CLOEXEC);
        if (fd < 0) {
            throw Posix.failure("epoll_create1");
        }
        events = new byte[capacity * EVENT_SIZE];
        view = ByteBuffer.wrap(events).order(ByteOrder.nativeOrder());
    }

    public int fd() {
        return fd;
    }

    public void add(int watched, int token) throws ErrnoException {
        control(Linux.EPOLL_CTL_ADD, watched, Linux.EPOLLIN, token);
    }

    /** Stops or resumes reporting input on a registered descriptor without removing it. */
    public void setWatching(int watched, int token, boolean watching) throws ErrnoException {
        control(Linux.EPOLL_CTL_MOD, watched, watching ? Linux.EPOLLIN : 0, token);
    }

    public void remove(int watched) throws ErrnoException {
        control(Linux.EPOLL_CTL_DEL, watched, 0, 0);
    }

    private void control(int op, int watched, int mask, int token) throws ErrnoException {
        requestView.putInt(0, mask).putLong(DATA_OFFSET, token); // sign-extended: the whole field is ours
        if (LibC.epoll_ctl(fd, op, watched, request) != 0) {
            throw Posix.failure("epoll_ctl");
        }
    }

    /** Waits for events (timeout -1: forever); returns how many are ready, 0 on timeout or EINTR. */
    public int wait(int timeoutMillis) throws ErrnoException {
        int n = LibC.epoll_wait(fd, events, events.length / EVENT_SIZE, timeoutMillis);
        if (n < 0) {
            if (Posix.errno() == Linux.EINTR) {
                return 0;
            }
            throw Posix.failure("epoll_wait");
        }
        return n;
    }

    /** The token of the i-th ready event of the last {@link #wait}. */
    public int token(int i) {
        return view.getInt(i * EVENT_SIZE + TOKEN_OFFSET);
    }

    @Override
    public void close() {
        Posix.close(fd);
    }
}
