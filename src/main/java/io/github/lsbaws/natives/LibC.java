package io.github.lsbaws.natives;

import java.nio.ByteBuffer;
import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;

/**
 * The libc functions the server needs, bound once by jnr-ffi (public only because jnr-ffi implements it
 * in a class loader of its own). Everything else in the project
 * goes through {@link Posix}, which adds errno handling; nothing else declares native calls.
 */
public interface LibC {
    int socket(int domain, int type, int protocol);

    int setsockopt(int fd, int level, int name, @In int[] value, int length);

    /** For struct timeval options: two longs (seconds, microseconds) on LP64 Linux. */
    int setsockopt(int fd, int level, int name, @In long[] value, int length);

    int bind(int fd, @In byte[] address, int length);

    int listen(int fd, int backlog);

    int connect(int fd, @In byte[] address, int length);

    int accept4(int fd, @Out byte[] address, @In @Out int[] length, int flags);

    int getsockname(int fd, @Out byte[] address, @In @Out int[] length);

    int getpeername(int fd, @Out byte[] address, @In @Out int[] length);

    int shutdown(int fd, int how);

    long read(int fd, @Out ByteBuffer buffer, long count);

    long write(int fd, @In ByteBuffer buffer, long count);

    long pread(int fd, @Out ByteBuffer buffer, long count, long offset);

    int open(String path, int flags);

    int close(int fd);

    int pipe2(@Out int[] fds, int flags);

    int epoll_create1(int flags);

    int epoll_ctl(int epfd, int op, int fd, @In byte[] event);

    int epoll_wait(int epfd, @Out byte[] events, int maxEvents, int timeoutMillis);

    int signalfd(int fd, @In long[] mask, int flags);

    int pthread_sigmask(int how, @In long[] set, @Out long[] oldSet);

    int fork();

    void _exit(int status);

    int waitpid(int pid, @Out int[] status, int options);

    int kill(int pid, int signal);

    int getpid();

    int getppid();

    int gettid();

    int prctl(int option, long arg2, long arg3, long arg4, long arg5);

    int setenv(String name, String value, int overwrite);

    String getenv(String name);

    int execv(String path, Pointer argv);

    int madvise(long address, long length, int advice);

    int malloc_trim(long pad);

    String strerror(int errno);
}
