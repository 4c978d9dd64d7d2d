package io.github.lsbaws.natives;

/**
 * Linux constants for x86_64 and aarch64 (the ABI values they share). The server uses epoll,
 * signalfd and prctl, so it is Linux-only; {@link Posix} refuses to start anywhere else.
 */
public final class Linux {
    private Linux() {}

    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_NONBLOCK = 0x800;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1;
    public static final int SO_REUSEADDR = 2;
    public static final int SO_RCVTIMEO = 20;
    public static final int SO_SNDTIMEO = 21;
    public static final int SHUT_WR = 1;
    public static final int MSG_PEEK = 0x2;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_NOSIGNAL = 0x4000;
    public static final int MSG_CMSG_CLOEXEC = 0x40000000;

    public static final int O_WRONLY = 0x1;
    public static final int O_APPEND = 0x400;
    public static final int O_CLOEXEC = 0x80000;
    public static final int MFD_CLOEXEC = 0x1;
    public static final int O_NONBLOCK = 0x800;
    public static final int EPOLL_CLOEXEC = 0x80000;
    public static final int EPOLL_CTL_ADD = 1;
    public static final int EPOLL_CTL_DEL = 2;
    public static final int EPOLL_CTL_MOD = 3;
    public static final int EPOLLIN = 0x001;

    public static final int SFD_CLOEXEC = 0x80000;
    public static final int F_GETFD = 1;
    public static final int F_SETFD = 2;
    public static final int F_DUPFD_CLOEXEC = 1030;
    public static final int FD_CLOEXEC = 1;
    public static final int SFD_NONBLOCK = 0x800;
    public static final int SIG_BLOCK = 0;
    public static final int SIG_SETMASK = 2;

    public static final int SIGHUP = 1;
    public static final int SIGINT = 2;
    public static final int SIGKILL = 9;
    public static final int SIGUSR1 = 10;
    public static final int SIGSEGV = 11;
    public static final int SIGTERM = 15;
    public static final int SIGCHLD = 17;

    public static final int WNOHANG = 1;
    public static final int MADV_DONTNEED = 4;
    public static final int MADV_HUGEPAGE = 14;
    public static final int MADV_COLLAPSE = 25;
    public static final int PROT_NONE = 0x0;
    public static final int PROT_READ = 0x1;
    public static final int PROT_WRITE = 0x2;
    public static final int PROT_EXEC = 0x4;
    public static final int MAP_PRIVATE = 0x02;
    public static final int MAP_FIXED = 0x10;
    public static final int MAP_ANONYMOUS = 0x20;
    public static final int MAP_NORESERVE = 0x4000;
    public static final int MREMAP_MAYMOVE = 1;
    public static final int MREMAP_FIXED = 2;
    public static final int PR_SET_PDEATHSIG = 1;
    public static final int PR_SET_THP_DISABLE = 41;
    public static final int PR_GET_THP_DISABLE = 42;
    public static final int PR_THP_DISABLE_EXCEPT_ADVISED = 1 << 1;

    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EINVAL = 22;
    public static final int ECHILD = 10;
    public static final int EAGAIN = 11;
    public static final int EADDRINUSE = 98;
}
