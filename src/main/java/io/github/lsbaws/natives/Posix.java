package io.github.lsbaws.natives;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The process, socket and signal calls of the server, on top of {@link LibC}: each checks its
 * result, retries EINTR where that is the right answer, and turns errno into an exception.
 */
public final class Posix {
    /** glibc's sigset_t is 1024 bits, whatever the kernel uses. */
    private static final int SIGSET_LONGS = 16;
    /** The size of a transparent huge page on x86_64 and aarch64 (with 4 KB pages). */
    public static final long HUGE_PAGE = 2L << 20;

    static {
        if (!System.getProperty("os.name").equals("Linux")) {
            throw new UnsupportedOperationException(
                    "lsbaws needs Linux (epoll, signalfd, prctl); this is " + System.getProperty("os.name"));
        }
    }

    private Posix() {}

    static ErrnoException failure(String call) {
        int errno = LibC.errno();
        return new ErrnoException(call, errno, LibC.strerror(errno));
    }

    static int errno() {
        return LibC.errno();
    }

    // ---- sockets ----

    /** A non-blocking listening TCP socket with SO_REUSEADDR, bound to host:port. */
    public static int listen(String host, int port, int backlog) throws IOException {
        InetAddress address = InetAddress.getByName(host);
        byte[] sockaddr = SocketAddresses.encode(new InetSocketAddress(address, port));
        int fd = tcpSocket(sockaddr, Linux.SOCK_NONBLOCK);
        try {
            setIntOption(fd, Linux.SOL_SOCKET, Linux.SO_REUSEADDR, 1, "setsockopt(SO_REUSEADDR)");
            if (LibC.bind(fd, sockaddr) != 0) {
                ErrnoException e = failure("bind(" + host + ":" + port + ")");
                if (e.errno() == Linux.EADDRINUSE) {
                    throw new ErrnoException("bind(" + host + ":" + port + ")", e.errno(),
                            "the address is already in use: another server is listening on port " + port);
                }
                throw e;
            }
            if (LibC.listen(fd, backlog) != 0) {
                throw failure("listen");
            }
            return fd;
        } catch (IOException | RuntimeException e) {
            LibC.close(fd);
            throw e;
        }
    }

    /**
     * Whether a socket of this machine listens at address, found without connecting to it: by
     * binding a socket there with SO_REUSEADDR, which only a listening socket refuses, and closing it.
     */
    public static boolean listens(InetSocketAddress address) throws ErrnoException {
        byte[] sockaddr = SocketAddresses.encode(address);
        int fd = tcpSocket(sockaddr, 0);
        try {
            setIntOption(fd, Linux.SOL_SOCKET, Linux.SO_REUSEADDR, 1, "setsockopt(SO_REUSEADDR)");
            if (LibC.bind(fd, sockaddr) == 0) {
                return false;
            }
            if (errno() == Linux.EADDRINUSE) {
                return true;
            }
            throw failure("bind(" + address + ")");
        } finally {
            LibC.close(fd);
        }
    }

    /** A blocking TCP connection to address (close-on-exec). */
    public static int connect(InetSocketAddress address) throws ErrnoException {
        byte[] sockaddr = SocketAddresses.encode(address);
        int fd = tcpSocket(sockaddr, 0);
        if (LibC.connect(fd, sockaddr) != 0) {
            ErrnoException e = failure("connect(" + address + ")");
            LibC.close(fd);
            throw e;
        }
        return fd;
    }

    private static int tcpSocket(byte[] sockaddr, int flags) throws ErrnoException {
        int family = sockaddr.length == SocketAddresses.IPV4_LENGTH ? Linux.AF_INET : Linux.AF_INET6;
        int fd = LibC.socket(family, Linux.SOCK_STREAM | Linux.SOCK_CLOEXEC | flags, 0);
        if (fd < 0) {
            throw failure("socket");
        }
        return fd;
    }

    /**
     * Accepts one connection (blocking, close-on-exec), or returns -1 when none is waiting.
     * EINTR is retried.
     */
    public static int accept(int listenFd) throws ErrnoException {
        while (true) {
            int fd = LibC.accept4(listenFd, Linux.SOCK_CLOEXEC);
            if (fd >= 0) {
                return fd;
            }
            int errno = errno();
            if (errno == Linux.EINTR) {
                continue;
            }
            if (errno == Linux.EAGAIN) {
                return -1;
            }
            throw new ErrnoException("accept", errno, LibC.strerror(errno));
        }
    }

    public static InetSocketAddress localAddress(int fd) throws ErrnoException {
        byte[] buffer = new byte[SocketAddresses.MAX_LENGTH];
        int[] length = {buffer.length};
        if (LibC.getsockname(fd, buffer, length) != 0) {
            throw failure("getsockname");
        }
        return SocketAddresses.decode(buffer);
    }

    /**
     * The address family (AF_INET, AF_INET6, AF_UNIX...) of a socket connected to a live peer, or
     * -1 for anything else: not open, not a socket, not connected (a listening socket), or at the
     * end of its input because the peer has closed it (the JDK keeps such a socket, one end of a
     * pair whose other end it closed, to make closed channels' descriptors unusable).
     */
    public static int connectedFamily(int fd) {
        byte[] buffer = new byte[128]; // any family's address; a longer one is cut short, without error
        int[] length = {buffer.length};
        if (LibC.getpeername(fd, buffer, length) != 0 || LibC.recv(fd, new byte[1], Linux.MSG_PEEK | Linux.MSG_DONTWAIT) == 0) {
            return -1;
        }
        return java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN
                ? (buffer[0] & 0xff) | (buffer[1] & 0xff) << 8 : (buffer[0] & 0xff) << 8 | (buffer[1] & 0xff);
    }

    /**
     * Puts a new, unconnected stream socket of that family under descriptor fd (dup3: fd is never
     * free in between, so no other open can take its number): whoever holds fd finds a socket that
     * reaches no one, and writes fail (EPIPE) instead of reaching the old peer. The old connection
     * is released here; other processes that hold it keep it.
     */
    public static boolean disconnectInPlace(int fd, int family) {
        int fresh = LibC.socket(family, Linux.SOCK_STREAM | Linux.SOCK_CLOEXEC, 0);
        if (fresh < 0) {
            return false;
        }
        int result = LibC.dup3(fresh, fd, Linux.O_CLOEXEC);
        LibC.close(fresh);
        return result >= 0;
    }

    public static InetSocketAddress peerAddress(int fd) throws ErrnoException {
        byte[] buffer = new byte[SocketAddresses.MAX_LENGTH];
        int[] length = {buffer.length};
        if (LibC.getpeername(fd, buffer, length) != 0) {
            throw failure("getpeername");
        }
        return SocketAddresses.decode(buffer);
    }

    /** Read and write timeouts on a socket: a blocked read or write fails after this long. */
    public static void setTimeouts(int fd, long millis) throws ErrnoException {
        long[] timeval = {millis / 1000, (millis % 1000) * 1000};
        for (int option : new int[] {Linux.SO_RCVTIMEO, Linux.SO_SNDTIMEO}) {
            if (LibC.setsockopt(fd, Linux.SOL_SOCKET, option, timeval) != 0) {
                throw failure("setsockopt(timeout)");
            }
        }
    }

    private static void setIntOption(int fd, int level, int option, int value, String call) throws ErrnoException {
        if (LibC.setsockopt(fd, level, option, new int[] {value}) != 0) {
            throw failure(call);
        }
    }

    /** Whether bytes wait to be read on a socket, found without reading them or waiting. */
    public static boolean hasUnreadBytes(int fd) {
        return LibC.recv(fd, new byte[1], Linux.MSG_PEEK | Linux.MSG_DONTWAIT) > 0;
    }

    /**
     * Copies what has arrived on a socket into buffer without taking it, waiting up to the socket's
     * receive timeout for a first byte: the byte count, 0 at end of stream, -1 when nothing came.
     */
    public static int peek(int fd, byte[] buffer) throws ErrnoException {
        int n;
        do {
            n = countOrRetry(LibC.recv(fd, buffer, Linux.MSG_PEEK), "recv");
        } while (n == RETRY);
        return n;
    }

    /** Reads and drops what has arrived on a socket, without waiting for more. */
    public static void discardArrived(int fd) {
        byte[] sink = new byte[4096];
        while (LibC.recv(fd, sink, Linux.MSG_DONTWAIT) > 0) {
            // dropped
        }
    }

    /** Half-closes a connection so the peer sees the end of a close-delimited body. */
    public static void shutdownOutput(int fd) {
        LibC.shutdown(fd, Linux.SHUT_WR);
    }

    // ---- file descriptors ----

    /**
     * Reads up to len bytes; 0 means end of stream. EINTR is retried; a receive timeout
     * (SO_RCVTIMEO) surfaces as {@link SocketTimeoutException}.
     */
    public static int read(int fd, byte[] buffer, int offset, int length) throws IOException {
        int n = readAvailable(fd, buffer, offset, length);
        if (n < 0) {
            throw new SocketTimeoutException("read timed out");
        }
        return n;
    }

    /**
     * Reads what a descriptor has: the byte count, 0 at end of stream, -1 when nothing is there yet
     * (EAGAIN: a non-blocking descriptor, or a socket's receive timeout). EINTR is retried.
     */
    public static int readAvailable(int fd, byte[] buffer, int offset, int length) throws ErrnoException {
        int n;
        do {
            n = countOrRetry(LibC.read(fd, buffer, offset, length), "read");
        } while (n == RETRY);
        return n;
    }

    /** What {@link #countOrRetry} returns for EINTR. */
    private static final int RETRY = -2;

    /** A read's result n as the byte count, -1 for EAGAIN (nothing yet) or RETRY for EINTR; another error is thrown. */
    private static int countOrRetry(long n, String call) throws ErrnoException {
        if (n >= 0) {
            return (int) n;
        }
        int errno = errno();
        if (errno == Linux.EAGAIN) {
            return -1;
        }
        if (errno == Linux.EINTR) {
            return RETRY;
        }
        throw new ErrnoException(call, errno, LibC.strerror(errno));
    }

    /** Writes all of the bytes, retrying short writes and EINTR. */
    public static void writeFully(int fd, byte[] buffer, int offset, int length) throws IOException {
        while (length > 0) {
            long n = LibC.write(fd, buffer, offset, length);
            if (n < 0) {
                int errno = errno();
                if (errno == Linux.EINTR) {
                    continue;
                }
                if (errno == Linux.EAGAIN) {
                    throw new SocketTimeoutException("write timed out");
                }
                throw new ErrnoException("write", errno, LibC.strerror(errno));
            }
            offset += (int) n;
            length -= (int) n;
        }
    }

    /**
     * Sets the nice value of process pid's scheduler autogroup (/proc/PID/autogroup; sched(7)):
     * the CPU weight of its whole session against other sessions, whatever its threads' own nice
     * values. Unlike a thread's nice value, any value from 0 to 19 may be set and set back without
     * privileges. Where the kernel has no autogroups the file is missing (ENOENT); the kernel takes
     * one change every 100 ms from unprivileged processes, system-wide (EAGAIN).
     */
    public static void setAutogroupNice(int pid, int nice) throws ErrnoException {
        String path = "/proc/" + pid + "/autogroup";
        int fd = LibC.open(path, Linux.O_WRONLY | Linux.O_CLOEXEC);
        if (fd < 0) {
            throw failure("open(" + path + ")");
        }
        try {
            byte[] value = Integer.toString(nice).getBytes(StandardCharsets.US_ASCII);
            if (LibC.write(fd, value, 0, value.length) != value.length) {
                throw failure("write(" + path + ", " + nice + ")");
            }
        } finally {
            LibC.close(fd);
        }
    }

    /** The session of process pid: pid itself once a process {@link #spawn}ed has made its own. */
    public static int sessionOf(int pid) throws ErrnoException {
        int session = LibC.getsid(pid);
        if (session < 0) {
            throw failure("getsid(" + pid + ")");
        }
        return session;
    }

    /** Opens a file for reading (close-on-exec); for files re-read in place with {@link #readAt}. */
    public static int openForReading(String path) throws ErrnoException {
        int fd = LibC.open(path, Linux.O_CLOEXEC);
        if (fd < 0) {
            throw failure("open(" + path + ")");
        }
        return fd;
    }

    /** Opens an existing file for appending (close-on-exec): a started process's output. */
    public static int openForAppending(String path) throws ErrnoException {
        int fd = LibC.open(path, Linux.O_WRONLY | Linux.O_APPEND | Linux.O_CLOEXEC);
        if (fd < 0) {
            throw failure("open(" + path + ")");
        }
        return fd;
    }

    /**
     * Opens path again and puts the new open file description under descriptor fd (dup3, so fd
     * is never closed in between): fd keeps its number and file, with a position of its own.
     * Returns false when the file cannot be opened any more (fd is then left as it was).
     */
    public static boolean reopenAs(int fd, String path) {
        int fresh = LibC.open(path, Linux.O_CLOEXEC);
        if (fresh < 0) {
            return false;
        }
        int result = LibC.dup3(fresh, fd, Linux.O_CLOEXEC);
        LibC.close(fresh);
        return result >= 0;
    }

    /**
     * Runs action with descriptor fd (1: the standard output) writing to /dev/null, then gives fd
     * its file back: for what the JVM prints that no one should read. Nothing else may write to
     * fd meanwhile.
     */
    public static void discardingOutput(int fd, Runnable action) throws ErrnoException {
        withOutputTo("/dev/null", new int[] {fd}, action::run);
    }

    /** An action that may throw. */
    @FunctionalInterface
    public interface Action<E extends Exception> {
        void run() throws E;
    }

    /**
     * Runs action with descriptors fds (1, 2: the standard output and error) writing to the end
     * of the existing file path, then gives each its own file back. Nothing else may write to
     * them meanwhile.
     */
    public static <E extends Exception> void withOutputTo(String path, int[] fds, Action<E> action) throws E, ErrnoException {
        int[] saved = saveDescriptors(fds);
        try {
            int sink = LibC.open(path, Linux.O_WRONLY | Linux.O_APPEND | Linux.O_CLOEXEC);
            if (sink < 0) {
                throw failure("open(" + path + ")");
            }
            try {
                for (int fd : fds) {
                    if (LibC.dup2(sink, fd) < 0) {
                        throw failure("dup2(" + path + ", " + fd + ")");
                    }
                }
            } finally {
                LibC.close(sink);
            }
            action.run();
        } finally {
            restoreDescriptors(fds, saved);
        }
    }

    /**
     * Close-on-exec copies of fds, to give each its file back after it was pointed elsewhere
     * ({@link #restoreDescriptors}). If one cannot be made, those made are closed and it throws.
     */
    private static int[] saveDescriptors(int[] fds) throws ErrnoException {
        int[] saved = new int[fds.length];
        java.util.Arrays.fill(saved, -1);
        for (int i = 0; i < fds.length; i++) {
            saved[i] = LibC.fcntl(fds[i], Linux.F_DUPFD_CLOEXEC, 0);
            if (saved[i] < 0) {
                ErrnoException failure = failure("fcntl(" + fds[i] + ", F_DUPFD_CLOEXEC)");
                restoreDescriptors(fds, saved);
                throw failure;
            }
        }
        return saved;
    }

    /** Each of fds given back the file its copy in saved holds (none: -1), and the copies closed. */
    private static void restoreDescriptors(int[] fds, int[] saved) {
        for (int i = 0; i < fds.length; i++) {
            if (saved[i] >= 0) {
                LibC.dup2(saved[i], fds[i]);
                LibC.close(saved[i]);
            }
        }
    }

    /**
     * From now until {@link CapturedOutput#end}, descriptors fds (1, 2: the standard output and
     * error) write into memory (a memfd) instead of their files; null, with nothing changed, where
     * the kernel refuses (the output then goes where it went). Nothing else may switch them
     * meanwhile; Java's buffered standard streams are flushed on each side.
     */
    public static CapturedOutput captureOutput(int... fds) {
        int memory = LibC.memfdCreate("lsbaws-output", Linux.MFD_CLOEXEC);
        if (memory < 0) {
            return null;
        }
        System.out.flush();
        System.err.flush();
        int[] saved;
        try {
            saved = saveDescriptors(fds);
        } catch (ErrnoException e) {
            LibC.close(memory);
            return null;
        }
        CapturedOutput captured = new CapturedOutput(memory, fds, saved);
        for (int fd : fds) {
            if (LibC.dup2(memory, fd) < 0) {
                captured.end();
                return null;
            }
        }
        return captured;
    }

    /** Descriptors writing into memory since {@link #captureOutput}. */
    public static final class CapturedOutput {
        private final int memory;
        private final int[] fds;
        private final int[] saved;

        private CapturedOutput(int memory, int[] fds, int[] saved) {
            this.memory = memory;
            this.fds = fds;
            this.saved = saved;
        }

        /** Gives each descriptor its own file back and returns what was written meanwhile (what could be read of it). */
        public byte[] end() {
            System.out.flush();
            System.err.flush();
            restoreDescriptors(fds, saved);
            byte[] written = readAll(memory);
            LibC.close(memory);
            return written;
        }
    }

    /** The whole of a file from its start, read with pread, up to an error if one comes. */
    private static byte[] readAll(int fd) {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = readAt(fd, buffer, buffer.length, all.size())) > 0) {
            all.write(buffer, 0, n);
        }
        return all.toByteArray();
    }

    /** pread(2): up to length bytes from offset of the file, without moving its position; -1 on error. */
    public static int readAt(int fd, byte[] buffer, int length, long offset) {
        return (int) LibC.pread(fd, buffer, length, offset);
    }

    /** A close-on-exec pair of connected Unix stream sockets, for passing a descriptor between processes. */
    public static int[] socketPair() throws ErrnoException {
        int[] fds = new int[2];
        if (LibC.socketpair(Linux.AF_UNIX, Linux.SOCK_STREAM | Linux.SOCK_CLOEXEC, fds) != 0) {
            throw failure("socketpair");
        }
        return fds;
    }

    /** Passes a copy of descriptor to the process at the other end of socket (SCM_RIGHTS); EINTR is retried. */
    public static void sendDescriptor(int socket, int descriptor) throws ErrnoException {
        while (LibC.sendDescriptor(socket, descriptor, Linux.MSG_NOSIGNAL) != 1) {
            if (errno() != Linux.EINTR) {
                throw failure("sendmsg");
            }
        }
    }

    /**
     * Waits for a descriptor passed by {@link #sendDescriptor} (close-on-exec); returns -1 when
     * the other end closed without passing one. EINTR is retried.
     */
    public static int receiveDescriptor(int socket) throws ErrnoException {
        while (true) {
            int received = LibC.receiveDescriptor(socket, Linux.MSG_CMSG_CLOEXEC);
            if (received >= 0 || received == -2) {
                return received >= 0 ? received : -1;
            }
            if (received == -1) {
                throw new ErrnoException("recvmsg", 0, "a message without a descriptor");
            }
            if (errno() != Linux.EINTR) {
                throw failure("recvmsg");
            }
        }
    }

    /** A close-on-exec pipe: [read end, write end]. */
    public static int[] pipe() throws ErrnoException {
        int[] fds = new int[2];
        if (LibC.pipe2(fds, Linux.O_CLOEXEC) != 0) {
            throw failure("pipe2");
        }
        return fds;
    }

    /** A close-on-exec, non-blocking pipe: [read end, write end]. */
    public static int[] nonBlockingPipe() throws ErrnoException {
        int[] fds = new int[2];
        if (LibC.pipe2(fds, Linux.O_CLOEXEC | Linux.O_NONBLOCK) != 0) {
            throw failure("pipe2");
        }
        return fds;
    }

    /** Closes fd; errors are not actionable here (Linux releases the descriptor even on EINTR). */
    public static void close(int fd) {
        if (fd >= 0) {
            LibC.close(fd);
        }
    }

    // ---- processes ----

    /** fork(2): 0 in the child, the child's pid in the parent. */
    public static int fork() throws ErrnoException {
        int pid = LibC.fork();
        if (pid < 0) {
            throw failure("fork");
        }
        return pid;
    }

    /** Leaves the process at once: no shutdown hooks, no VM operations (safe in a forked child). */
    public static void exitImmediately(int status) {
        LibC._exit(status);
    }

    /** The exit of child pid if it has ended (it is reaped), else null. */
    public static ExitStatus reapIfEnded(int pid) throws ErrnoException {
        return reap(pid, false);
    }

    /** One exited child, or null when no child has exited (or there are no children). */
    public static ExitStatus reapOne() throws ErrnoException {
        return reap(-1, true);
    }

    /** waitpid(which, WNOHANG), EINTR retried; with noChildIsNone, ECHILD gives null rather than an exception. */
    private static ExitStatus reap(int which, boolean noChildIsNone) throws ErrnoException {
        int[] status = new int[1];
        while (true) {
            int pid = LibC.waitpid(which, status, Linux.WNOHANG);
            if (pid > 0) {
                return new ExitStatus(pid, status[0]);
            }
            if (pid == 0) {
                return null;
            }
            int errno = errno();
            if (errno == Linux.EINTR) {
                continue;
            }
            if (noChildIsNone && errno == Linux.ECHILD) {
                return null;
            }
            throw new ErrnoException("waitpid", errno, LibC.strerror(errno));
        }
    }

    /** Sends a signal; false when the process no longer exists. */
    public static boolean kill(int pid, int signal) {
        return LibC.kill(pid, signal) == 0;
    }

    public static int pid() {
        return LibC.getpid();
    }

    /** The kernel's id of the calling thread (its /proc/self/task entry). */
    public static int threadId() {
        return LibC.gettid();
    }

    public static int parentPid() {
        return LibC.getppid();
    }

    /** Asks the kernel to send signal to this process when its parent dies. */
    public static void signalOnParentDeath(int signal) throws ErrnoException {
        if (LibC.prctl(Linux.PR_SET_PDEATHSIG, signal, 0) != 0) {
            throw failure("prctl(PR_SET_PDEATHSIG)");
        }
    }

    // ---- memory ----

    /**
     * Gives the pages of [address, address + length) back to the kernel (MADV_DONTNEED): the
     * range stays mapped and reads as zeros. Only for memory whose contents are garbage.
     */
    public static void discardPages(long address, long length) throws ErrnoException {
        if (LibC.madvise(address, length, Linux.MADV_DONTNEED) != 0) {
            throw failure("madvise(MADV_DONTNEED)");
        }
    }

    /**
     * No transparent huge pages for this process, its children and the programs it executes,
     * except in memory that asks for them (MADV_HUGEPAGE). Returns false where the kernel has no
     * such exception (before Linux 6.18), having changed nothing.
     */
    public static boolean disableHugePagesExceptAdvised() throws ErrnoException {
        if (LibC.prctl(Linux.PR_SET_THP_DISABLE, 1, Linux.PR_THP_DISABLE_EXCEPT_ADVISED) == 0) {
            return true;
        }
        if (errno() == Linux.EINVAL) {
            return false;
        }
        throw failure("prctl(PR_SET_THP_DISABLE, PR_THP_DISABLE_EXCEPT_ADVISED)");
    }

    /** Whether this process has transparent huge pages turned off entirely (PR_GET_THP_DISABLE says 1). */
    public static boolean hugePagesDisabled() {
        return LibC.prctl(Linux.PR_GET_THP_DISABLE, 0, 0) == 1;
    }

    /** No transparent huge pages at all for this process, its children and the programs it executes. */
    public static void disableHugePages() throws ErrnoException {
        if (LibC.prctl(Linux.PR_SET_THP_DISABLE, 1, 0) != 0) {
            throw failure("prctl(PR_SET_THP_DISABLE)");
        }
    }

    /**
     * Replaces the pages of [start, end) by an anonymous private copy of [start, copied) followed
     * by zeros, in place, with transparent huge pages asked for where whole 2 MB pages fit (at 2 MB
     * boundaries). [start, copied) must be readable and nothing may write to it meanwhile;
     * [copied, end) may be address space reserved and unused. A fork shares such a huge page
     * through one page-table entry instead of 512.
     *
     * @param protection the copy's: PROT_READ, with PROT_WRITE or PROT_EXEC
     */
    public static void copyIntoHugePages(long start, long copied, long end, int protection) throws ErrnoException {
        long length = end - start;
        long reserved = length + HUGE_PAGE;
        long raw = LibC.mmap(0, reserved, Linux.PROT_READ | Linux.PROT_WRITE, Linux.MAP_PRIVATE | Linux.MAP_ANONYMOUS, -1, 0);
        if (raw == -1) {
            throw failure("mmap");
        }
        // The copy's huge-page boundaries fall where start's do, so that mremap keeps them whole.
        long copy = raw + ((start - raw) & (HUGE_PAGE - 1));
        if (copy > raw) {
            LibC.munmap(raw, copy - raw);
        }
        LibC.munmap(copy + length, raw + reserved - (copy + length));
        try {
            if (LibC.madvise(copy, length, Linux.MADV_HUGEPAGE) != 0) {
                throw failure("madvise(MADV_HUGEPAGE)");
            }
            LibC.memcpy(copy, start, copied - start);
            LibC.madvise(copy, length, Linux.MADV_COLLAPSE); // where the copy's faults got small pages; best effort
            if (protection != (Linux.PROT_READ | Linux.PROT_WRITE) && LibC.mprotect(copy, length, protection) != 0) {
                throw failure("mprotect");
            }
            if (LibC.mremap(copy, length, length, Linux.MREMAP_MAYMOVE | Linux.MREMAP_FIXED, start) != start) {
                throw failure("mremap");
            }
        } catch (ErrnoException e) {
            LibC.munmap(copy, length);
            throw e;
        }
    }

    /** Reserves [start, start + length) in place: mapped, inaccessible, without memory behind it. */
    public static void reserve(long start, long length) throws ErrnoException {
        int flags = Linux.MAP_PRIVATE | Linux.MAP_ANONYMOUS | Linux.MAP_FIXED | Linux.MAP_NORESERVE;
        if (LibC.mmap(start, length, Linux.PROT_NONE, flags, -1, 0) != start) {
            throw failure("mmap(PROT_NONE)");
        }
    }

    /** Maps [start, start + length) private from the file at path, from offset, in place, with protection. */
    public static void mapFile(long start, long length, int protection, String path, long offset) throws ErrnoException {
        int fd = LibC.open(path, Linux.O_CLOEXEC);
        if (fd < 0) {
            throw failure("open(" + path + ")");
        }
        try {
            if (LibC.mmap(start, length, protection, Linux.MAP_PRIVATE | Linux.MAP_FIXED, fd, offset) != start) {
                throw failure("mmap(" + path + ")");
            }
        } finally {
            LibC.close(fd);
        }
    }

    /** Returns malloc's free memory to the kernel, so that a fork has fewer pages to map. */
    public static void trimMalloc() {
        LibC.malloc_trim(0);
    }

    // ---- signals ----

    /** Blocks the signals in the calling thread; returns whether all of them were blocked already. */
    public static boolean block(int... signals) throws ErrnoException {
        long[] set = sigset(signals);
        long[] old = blockReturningOldMask(set);
        return (old[0] & set[0]) == set[0];
    }

    /**
     * Blocks the signals in the calling thread until the returned mask is closed, which gives the
     * thread back the mask it had: a process started meanwhile inherits them blocked.
     */
    public static SavedSignalMask blockWhileOpen(int... signals) throws ErrnoException {
        return new SavedSignalMask(blockReturningOldMask(sigset(signals)));
    }

    /** Blocks the signals of set in the calling thread; returns the mask it had. */
    private static long[] blockReturningOldMask(long[] set) throws ErrnoException {
        long[] old = new long[SIGSET_LONGS];
        if (LibC.pthread_sigmask(Linux.SIG_BLOCK, set, old) != 0) {
            throw failure("pthread_sigmask");
        }
        return old;
    }

    /** A thread's signal mask as it was, given back by close (in the same thread). */
    public record SavedSignalMask(long[] mask) implements AutoCloseable {
        @Override
        public void close() {
            LibC.pthread_sigmask(Linux.SIG_SETMASK, mask, new long[SIGSET_LONGS]); // cannot fail with a valid set
        }
    }

    /** A non-blocking, close-on-exec signalfd for signals (which must be blocked in every thread). */
    public static int signalFd(int... signals) throws ErrnoException {
        int fd = LibC.signalfd(-1, sigset(signals), Linux.SFD_NONBLOCK | Linux.SFD_CLOEXEC);
        if (fd < 0) {
            throw failure("signalfd");
        }
        return fd;
    }

    /** The next pending signal number from a signalfd, or 0 when none is pending. */
    public static int takeSignal(int signalFd) throws IOException {
        byte[] info = new byte[128]; // struct signalfd_siginfo
        if (readAvailable(signalFd, info, 0, info.length) <= 0) {
            return 0;
        }
        return ByteBuffer.wrap(info).order(ByteOrder.nativeOrder()).getInt(0);
    }

    private static long[] sigset(int... signals) {
        long[] set = new long[SIGSET_LONGS];
        for (int signal : signals) {
            set[0] |= 1L << (signal - 1);
        }
        return set;
    }

    // ---- environment and exec ----

    public static String getenv(String name) {
        return LibC.getenv(name);
    }

    public static void setenv(String name, String value) throws ErrnoException {
        if (LibC.setenv(name, value) != 0) {
            throw failure("setenv");
        }
    }

    /**
     * Marks every descriptor but standard input, output and error close-on-exec: what this JVM
     * opened without the flag (the JDK's socket pair for closing channels, say) would otherwise
     * outlive the execution, in the new JVM and in every child it forks.
     */
    private static void closeOnExec() throws IOException {
        for (int fd : openDescriptors()) { // the listing's own descriptor is closed by now: fcntl fails on it, harmlessly
            int flags = LibC.fcntl(fd, Linux.F_GETFD, 0);
            if (flags >= 0 && (flags & Linux.FD_CLOEXEC) == 0) {
                LibC.fcntl(fd, Linux.F_SETFD, flags | Linux.FD_CLOEXEC);
            }
        }
    }

    /**
     * The descriptors this process has open above standard input, output and error, as
     * /proc/self/fd lists them (the listing's own descriptor among them, closed by the time they
     * are returned).
     */
    public static List<Integer> openDescriptors() throws IOException {
        List<Integer> open = new ArrayList<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                int number = Integer.parseInt(fd.getFileName().toString());
                if (number > 2) {
                    open.add(number);
                }
            }
        }
        return open;
    }

    /** This process's command line (/proc/self/cmdline), an argument each. */
    public static List<byte[]> commandLine() throws IOException {
        byte[] cmdline = Files.readAllBytes(Path.of("/proc/self/cmdline"));
        List<byte[]> args = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < cmdline.length; i++) {
            if (cmdline[i] == 0) {
                args.add(java.util.Arrays.copyOfRange(cmdline, start, i));
                start = i + 1;
            }
        }
        return args;
    }

    /** The executable's real path, not /proc/self/exe: ps and top would call the process "exe". */
    private static String executable() throws IOException {
        return Path.of("/proc/self/exe").toRealPath().toString();
    }

    /**
     * Replaces this process with a fresh run of the same command line.
     * The calling thread's signal mask and the C environment carry over; all other threads vanish.
     */
    public static void reexecSelf() throws IOException {
        List<byte[]> args = commandLine();
        closeOnExec();
        LibC.execv(executable(), args.toArray(new byte[0][]));
        throw failure("execv(/proc/self/exe " + String.join(" ", args.stream().map(String::new).toList()) + ")");
    }

    /**
     * Starts this program again as a child process with args as its command line: it inherits
     * the calling thread's signal mask, the environment and the descriptors in inherited (every
     * other one is closed on exec), gets standardInput as its standard input and a session of its
     * own: so a process group of its own (a terminal's Ctrl-C reaches only its parent, which
     * decides what it means) and a scheduler autogroup of its own ({@link #setAutogroupNice}), and
     * is killed (SIGKILL) if its parent dies. Between fork and exec the child makes only libc
     * calls, so the parent's other threads and their locks cannot matter. Returns the child's pid.
     */
    public static int spawnSelf(List<byte[]> args, int standardInput, int... inherited) throws IOException {
        return spawn(executable(), args, standardInput, -1, inherited);
    }

    /**
     * Starts another program as {@link #spawnSelf} starts this one (own session, killed
     * with its parent, only the inherited descriptors), its standard output and error going to
     * standardOutput (-1: this process's). Returns the child's pid.
     */
    public static int spawn(String executable, List<byte[]> args, int standardInput, int standardOutput, int... inherited)
            throws IOException {
        byte[][] argv = args.toArray(new byte[0][]);
        closeOnExec();
        int pid = fork();
        if (pid != 0) {
            return pid;
        }
        for (int fd : inherited) {
            LibC.fcntl(fd, Linux.F_SETFD, 0);
        }
        boolean output = standardOutput < 0 || (LibC.dup2(standardOutput, 1) == 1 && LibC.dup2(standardOutput, 2) == 2);
        if (LibC.prctl(Linux.PR_SET_PDEATHSIG, Linux.SIGKILL, 0) == 0 && LibC.setsid() > 0
                && LibC.dup2(standardInput, 0) == 0 && output) {
            LibC.execv(executable, argv);
        }
        LibC._exit(127); // as a shell does when it cannot execute a command; the parent logs the status
        throw new AssertionError("_exit returned");
    }
}
