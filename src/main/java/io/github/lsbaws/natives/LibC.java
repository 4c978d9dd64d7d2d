package io.github.lsbaws.natives;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.LastError;
import com.kenai.jffi.Library;
import com.kenai.jffi.MemoryIO;
import com.kenai.jffi.ObjectParameterInfo;
import com.kenai.jffi.ObjectParameterStrategy;
import com.kenai.jffi.ObjectParameterType;
import com.kenai.jffi.Type;
import java.nio.charset.StandardCharsets;

/**
 * The libc functions the server needs, bound once through jffi, jnr's own native-call layer.
 * Everything else in the project goes through {@link Posix}, which adds errno handling; nothing
 * else declares native calls.
 *
 * <p>Why jffi and not jnr-ffi's interface binding on top of it: jnr-ffi generates its stubs
 * with ASM at start-up, which leaves about 400 classes, their symbols and 4 MB of metadata in
 * the parent, and a fork copies the page-table entry of every page of that into every child.
 * Here each function is a call context and an address, called with plain arguments; Java arrays
 * are copied to native memory and back around the call (the array strategies below), as jnr-ffi
 * does.
 *
 * <p>Every call records errno ({@link #errno}). Arguments are passed as 64-bit values; the
 * call context says which are int.
 */
final class LibC {
    private static final Invoker INVOKER = Invoker.getInstance();
    private static final Library LIBRARY = open();
    private static final MemoryIO MEMORY = MemoryIO.getInstance();

    private static final Function SOCKET = function("socket", Type.SINT, Type.SINT, Type.SINT, Type.SINT);
    private static final Function SETSOCKOPT = function("setsockopt", Type.SINT, Type.SINT, Type.SINT, Type.SINT, Type.POINTER, Type.SINT);
    private static final Function BIND = function("bind", Type.SINT, Type.SINT, Type.POINTER, Type.SINT);
    private static final Function LISTEN = function("listen", Type.SINT, Type.SINT, Type.SINT);
    private static final Function CONNECT = function("connect", Type.SINT, Type.SINT, Type.POINTER, Type.SINT);
    private static final Function ACCEPT4 = function("accept4", Type.SINT, Type.SINT, Type.POINTER, Type.POINTER, Type.SINT);
    private static final Function GETSOCKNAME = function("getsockname", Type.SINT, Type.SINT, Type.POINTER, Type.POINTER);
    private static final Function GETPEERNAME = function("getpeername", Type.SINT, Type.SINT, Type.POINTER, Type.POINTER);
    private static final Function SOCKETPAIR = function("socketpair", Type.SINT, Type.SINT, Type.SINT, Type.SINT, Type.POINTER);
    private static final Function SENDMSG = function("sendmsg", Type.SLONG, Type.SINT, Type.POINTER, Type.SINT);
    private static final Function RECVMSG = function("recvmsg", Type.SLONG, Type.SINT, Type.POINTER, Type.SINT);
    private static final Function SHUTDOWN = function("shutdown", Type.SINT, Type.SINT, Type.SINT);
    private static final Function READ = function("read", Type.SLONG, Type.SINT, Type.POINTER, Type.SLONG);
    private static final Function RECV = function("recv", Type.SLONG, Type.SINT, Type.POINTER, Type.SLONG, Type.SINT);
    private static final Function WRITE = function("write", Type.SLONG, Type.SINT, Type.POINTER, Type.SLONG);
    private static final Function PREAD = function("pread", Type.SLONG, Type.SINT, Type.POINTER, Type.SLONG, Type.SLONG);
    private static final Function OPEN = function("open", Type.SINT, Type.POINTER, Type.SINT);
    private static final Function MEMFD_CREATE = function("memfd_create", Type.SINT, Type.POINTER, Type.UINT);
    private static final Function CLOSE = function("close", Type.SINT, Type.SINT);
    private static final Function FCNTL = function("fcntl", Type.SINT, Type.SINT, Type.SINT, Type.SINT);
    private static final Function DUP3 = function("dup3", Type.SINT, Type.SINT, Type.SINT, Type.SINT);
    private static final Function PIPE2 = function("pipe2", Type.SINT, Type.POINTER, Type.SINT);
    private static final Function EPOLL_CREATE1 = function("epoll_create1", Type.SINT, Type.SINT);
    private static final Function EPOLL_CTL = function("epoll_ctl", Type.SINT, Type.SINT, Type.SINT, Type.SINT, Type.POINTER);
    private static final Function EPOLL_WAIT = function("epoll_wait", Type.SINT, Type.SINT, Type.POINTER, Type.SINT, Type.SINT);
    private static final Function SIGNALFD = function("signalfd", Type.SINT, Type.SINT, Type.POINTER, Type.SINT);
    private static final Function PTHREAD_SIGMASK = function("pthread_sigmask", Type.SINT, Type.SINT, Type.POINTER, Type.POINTER);
    private static final Function FORK = function("fork", Type.SINT);
    private static final Function EXIT = function("_exit", Type.VOID, Type.SINT);
    private static final Function WAITPID = function("waitpid", Type.SINT, Type.SINT, Type.POINTER, Type.SINT);
    private static final Function KILL = function("kill", Type.SINT, Type.SINT, Type.SINT);
    private static final Function GETPID = function("getpid", Type.SINT);
    private static final Function GETPPID = function("getppid", Type.SINT);
    private static final Function GETTID = function("gettid", Type.SINT);
    private static final Function PRCTL = function("prctl", Type.SINT, Type.SINT, Type.ULONG, Type.ULONG, Type.ULONG, Type.ULONG);
    private static final Function SETENV = function("setenv", Type.SINT, Type.POINTER, Type.POINTER, Type.SINT);
    private static final Function GETENV = function("getenv", Type.POINTER, Type.POINTER);
    private static final Function EXECV = function("execv", Type.SINT, Type.POINTER, Type.POINTER);
    private static final Function SETSID = function("setsid", Type.SINT);
    private static final Function GETSID = function("getsid", Type.SINT, Type.SINT);
    private static final Function DUP2 = function("dup2", Type.SINT, Type.SINT, Type.SINT);
    private static final Function MADVISE = function("madvise", Type.SINT, Type.POINTER, Type.SLONG, Type.SINT);
    private static final Function MMAP = function("mmap", Type.POINTER, Type.POINTER, Type.SLONG, Type.SINT, Type.SINT, Type.SINT, Type.SLONG);
    private static final Function MREMAP = function("mremap", Type.POINTER, Type.POINTER, Type.SLONG, Type.SLONG, Type.SINT, Type.POINTER);
    private static final Function MPROTECT = function("mprotect", Type.SINT, Type.POINTER, Type.SLONG, Type.SINT);
    private static final Function MUNMAP = function("munmap", Type.SINT, Type.POINTER, Type.SLONG);
    private static final Function MEMCPY = function("memcpy", Type.POINTER, Type.POINTER, Type.POINTER, Type.SLONG);
    private static final Function MALLOC_TRIM = function("malloc_trim", Type.SINT, Type.SLONG);
    private static final Function STRERROR = function("strerror", Type.POINTER, Type.SINT);

    private LibC() {}

    /** A C function: its call context (types, errno saved) and its address. */
    private record Function(CallContext context, long address) {}

    private static Library open() {
        Library library = Library.getCachedInstance("libc.so.6", Library.LAZY | Library.GLOBAL);
        if (library == null) {
            throw new UnsupportedOperationException("cannot open the C library libc.so.6: " + Library.getLastError());
        }
        return library;
    }

    private static Function function(String name, Type result, Type... parameters) {
        long address = LIBRARY.getSymbolAddress(name);
        if (address == 0) {
            throw new UnsupportedOperationException("the C library has no function " + name);
        }
        return new Function(CallContext.getCallContext(result, parameters, CallingConvention.DEFAULT, true), address);
    }

    // ---- Java arrays as pointer arguments ----

    /** A part of a byte array passed as a pointer. */
    private record Region(byte[] array, int offset, int length) {}

    /**
     * How jffi finds the elements of an array argument, copied to native memory before the call
     * and back after it: a whole int[], long[] or byte[], or a Region of a byte[].
     */
    private static final class ArrayArgument extends ObjectParameterStrategy<Object> {
        ArrayArgument(ObjectParameterType.ComponentType component) {
            super(false, ObjectParameterType.create(ObjectParameterType.ARRAY, component));
        }

        @Override
        public long address(Object argument) {
            return 0; // a Java array has none: jffi copies it
        }

        @Override
        public Object object(Object argument) {
            return argument instanceof Region region ? region.array() : argument;
        }

        @Override
        public int offset(Object argument) {
            return argument instanceof Region region ? region.offset() : 0;
        }

        @Override
        public int length(Object argument) {
            if (argument instanceof Region region) {
                return region.length();
            }
            if (argument instanceof int[] ints) {
                return ints.length;
            }
            return argument instanceof long[] longs ? longs.length : ((byte[]) argument).length;
        }
    }

    private static final ArrayArgument BYTES = new ArrayArgument(ObjectParameterType.BYTE);
    private static final ArrayArgument INTS = new ArrayArgument(ObjectParameterType.INT);
    private static final ArrayArgument LONGS = new ArrayArgument(ObjectParameterType.LONG);

    /** Parameter index, then whether the array is read (IN), written (OUT) or both by the function. */
    private static ObjectParameterInfo array(int parameter, ObjectParameterInfo.ComponentType component, int direction) {
        return ObjectParameterInfo.create(parameter, ObjectParameterInfo.ARRAY, component, direction);
    }

    private static final int IN = ObjectParameterInfo.IN;
    private static final int OUT = ObjectParameterInfo.OUT;
    private static final ObjectParameterInfo BYTES_IN_1 = array(1, ObjectParameterInfo.BYTE, IN);
    private static final ObjectParameterInfo BYTES_OUT_1 = array(1, ObjectParameterInfo.BYTE, OUT);
    private static final ObjectParameterInfo BYTES_IN_0 = array(0, ObjectParameterInfo.BYTE, IN);
    private static final ObjectParameterInfo BYTES_IN_3 = array(3, ObjectParameterInfo.BYTE, IN);
    private static final ObjectParameterInfo INTS_INOUT_2 = array(2, ObjectParameterInfo.INT, IN | OUT);
    private static final ObjectParameterInfo INTS_OUT_3 = array(3, ObjectParameterInfo.INT, OUT);
    private static final ObjectParameterInfo INTS_IN_3 = array(3, ObjectParameterInfo.INT, IN);
    private static final ObjectParameterInfo LONGS_IN_3 = array(3, ObjectParameterInfo.LONG, IN);
    private static final ObjectParameterInfo INTS_OUT_0 = array(0, ObjectParameterInfo.INT, OUT);
    private static final ObjectParameterInfo INTS_OUT_1 = array(1, ObjectParameterInfo.INT, OUT);
    private static final ObjectParameterInfo LONGS_IN_1 = array(1, ObjectParameterInfo.LONG, IN);
    private static final ObjectParameterInfo LONGS_OUT_2 = array(2, ObjectParameterInfo.LONG, OUT);

    // ---- calls ----

    private static long call(Function f) {
        return INVOKER.invokeN0(f.context(), f.address());
    }

    private static long call(Function f, long a) {
        return INVOKER.invokeN1(f.context(), f.address(), a);
    }

    private static long call(Function f, long a, long b) {
        return INVOKER.invokeN2(f.context(), f.address(), a, b);
    }

    private static long call(Function f, long a, long b, long c) {
        return INVOKER.invokeN3(f.context(), f.address(), a, b, c);
    }

    /** errno as the last call on this thread left it. */
    static int errno() {
        return LastError.getInstance().get();
    }

    static int socket(int domain, int type, int protocol) {
        return (int) call(SOCKET, domain, type, protocol);
    }

    static int setsockopt(int fd, int level, int name, int[] value) {
        return (int) INVOKER.invokeN5O1(SETSOCKOPT.context(), SETSOCKOPT.address(), fd, level, name, 0,
                (long) Integer.BYTES * value.length, value, INTS, INTS_IN_3);
    }

    /** For struct timeval options: two longs (seconds, microseconds) on LP64 Linux. */
    static int setsockopt(int fd, int level, int name, long[] value) {
        return (int) INVOKER.invokeN5O1(SETSOCKOPT.context(), SETSOCKOPT.address(), fd, level, name, 0,
                (long) Long.BYTES * value.length, value, LONGS, LONGS_IN_3);
    }

    static int bind(int fd, byte[] address) {
        return (int) INVOKER.invokeN3O1(BIND.context(), BIND.address(), fd, 0, address.length, address, BYTES, BYTES_IN_1);
    }

    static int listen(int fd, int backlog) {
        return (int) call(LISTEN, fd, backlog);
    }

    static int connect(int fd, byte[] address) {
        return (int) INVOKER.invokeN3O1(CONNECT.context(), CONNECT.address(), fd, 0, address.length, address, BYTES, BYTES_IN_1);
    }

    /** accept4 without the peer's address. */
    static int accept4(int fd, int flags) {
        return (int) INVOKER.invokeN4(ACCEPT4.context(), ACCEPT4.address(), fd, 0, 0, flags);
    }

    /** getsockname into address; length holds its size before the call and the address's after. */
    static int getsockname(int fd, byte[] address, int[] length) {
        return (int) INVOKER.invokeN3O2(GETSOCKNAME.context(), GETSOCKNAME.address(), fd, 0, 0,
                address, BYTES, BYTES_OUT_1, length, INTS, INTS_INOUT_2);
    }

    static int getpeername(int fd, byte[] address, int[] length) {
        return (int) INVOKER.invokeN3O2(GETPEERNAME.context(), GETPEERNAME.address(), fd, 0, 0,
                address, BYTES, BYTES_OUT_1, length, INTS, INTS_INOUT_2);
    }

    static int socketpair(int domain, int type, int[] fds) {
        return (int) INVOKER.invokeN4O1(SOCKETPAIR.context(), SOCKETPAIR.address(), domain, type, 0, 0, fds, INTS, INTS_OUT_3);
    }

    /*
     * One byte and one descriptor (SCM_RIGHTS) in a message, laid out in one native block for
     * LP64 Linux: struct msghdr (56 bytes), its one struct iovec (16), the byte (8 with padding),
     * and the control message, CMSG_SPACE(sizeof(int)) = 24 bytes: cmsg_len, cmsg_level,
     * cmsg_type, then the descriptor.
     */
    private static final int IOVEC = 56;
    private static final int DATA = 72;
    private static final int CONTROL = 80;
    private static final int CONTROL_SPACE = 24;
    private static final int CONTROL_LENGTH = 20; // CMSG_LEN(sizeof(int))
    private static final int MESSAGE_BYTES = CONTROL + CONTROL_SPACE;
    private static final int SCM_RIGHTS = 1;

    private static long message(int descriptor) {
        long message = MEMORY.allocateMemory(MESSAGE_BYTES, true);
        MEMORY.putAddress(message + 16, message + IOVEC); // msg_iov
        MEMORY.putLong(message + 24, 1); // msg_iovlen
        MEMORY.putAddress(message + 32, message + CONTROL); // msg_control
        MEMORY.putLong(message + 40, CONTROL_SPACE); // msg_controllen
        MEMORY.putAddress(message + IOVEC, message + DATA); // iov_base
        MEMORY.putLong(message + IOVEC + 8, 1); // iov_len
        MEMORY.putLong(message + CONTROL, CONTROL_LENGTH);
        MEMORY.putInt(message + CONTROL + 8, Linux.SOL_SOCKET);
        MEMORY.putInt(message + CONTROL + 12, SCM_RIGHTS);
        MEMORY.putInt(message + CONTROL + 16, descriptor);
        return message;
    }

    /** sendmsg of one byte carrying descriptor; sendmsg's result. */
    static long sendDescriptor(int socket, int descriptor, int flags) {
        long message = message(descriptor);
        try {
            return call(SENDMSG, socket, message, flags);
        } finally {
            MEMORY.freeMemory(message);
        }
    }

    /**
     * recvmsg of one byte and the descriptor it carries: the descriptor, -1 when the message
     * carried none, -2 at the end of the stream, -3 on an error (errno).
     */
    static int receiveDescriptor(int socket, int flags) {
        long message = message(-1);
        try {
            long received = call(RECVMSG, socket, message, flags);
            if (received <= 0) {
                return received == 0 ? -2 : -3;
            }
            boolean carried = MEMORY.getLong(message + 40) >= CONTROL_LENGTH
                    && MEMORY.getInt(message + CONTROL + 8) == Linux.SOL_SOCKET
                    && MEMORY.getInt(message + CONTROL + 12) == SCM_RIGHTS;
            return carried ? MEMORY.getInt(message + CONTROL + 16) : -1;
        } finally {
            MEMORY.freeMemory(message);
        }
    }

    static int shutdown(int fd, int how) {
        return (int) call(SHUTDOWN, fd, how);
    }

    static long read(int fd, byte[] buffer, int offset, int length) {
        return INVOKER.invokeN3O1(READ.context(), READ.address(), fd, 0, length,
                new Region(buffer, offset, length), BYTES, BYTES_OUT_1);
    }

    /** recv into all of buffer, with flags (MSG_PEEK, MSG_DONTWAIT). */
    static long recv(int fd, byte[] buffer, int flags) {
        return INVOKER.invokeN4O1(RECV.context(), RECV.address(), fd, 0, buffer.length, flags, buffer, BYTES, BYTES_OUT_1);
    }

    static long write(int fd, byte[] buffer, int offset, int length) {
        return INVOKER.invokeN3O1(WRITE.context(), WRITE.address(), fd, 0, length,
                new Region(buffer, offset, length), BYTES, BYTES_IN_1);
    }

    static long pread(int fd, byte[] buffer, int length, long position) {
        return INVOKER.invokeN4O1(PREAD.context(), PREAD.address(), fd, 0, length, position,
                new Region(buffer, 0, length), BYTES, BYTES_OUT_1);
    }

    static int open(String path, int flags) {
        byte[] name = cString(path);
        return (int) INVOKER.invokeN2O1(OPEN.context(), OPEN.address(), 0, flags, name, BYTES, BYTES_IN_0);
    }

    static int close(int fd) {
        return (int) call(CLOSE, fd);
    }

    static int memfdCreate(String name, int flags) {
        byte[] bytes = cString(name);
        return (int) INVOKER.invokeN2O1(MEMFD_CREATE.context(), MEMFD_CREATE.address(), 0, flags, bytes, BYTES, BYTES_IN_0);
    }

    static int dup3(int oldFd, int newFd, int flags) {
        return (int) call(DUP3, oldFd, newFd, flags);
    }

    /** fcntl with an int argument (F_GETFD, F_SETFD...). */
    static int fcntl(int fd, int command, int argument) {
        return (int) call(FCNTL, fd, command, argument);
    }

    static int pipe2(int[] fds, int flags) {
        return (int) INVOKER.invokeN2O1(PIPE2.context(), PIPE2.address(), 0, flags, fds, INTS, INTS_OUT_0);
    }

    static int epoll_create1(int flags) {
        return (int) call(EPOLL_CREATE1, flags);
    }

    static int epoll_ctl(int epfd, int op, int fd, byte[] event) {
        return (int) INVOKER.invokeN4O1(EPOLL_CTL.context(), EPOLL_CTL.address(), epfd, op, fd, 0,
                event, BYTES, BYTES_IN_3);
    }

    static int epoll_wait(int epfd, byte[] events, int maxEvents, int timeoutMillis) {
        return (int) INVOKER.invokeN4O1(EPOLL_WAIT.context(), EPOLL_WAIT.address(), epfd, 0, maxEvents, timeoutMillis,
                events, BYTES, BYTES_OUT_1);
    }

    static int signalfd(int fd, long[] mask, int flags) {
        return (int) INVOKER.invokeN3O1(SIGNALFD.context(), SIGNALFD.address(), fd, 0, flags, mask, LONGS, LONGS_IN_1);
    }

    static int pthread_sigmask(int how, long[] set, long[] oldSet) {
        return (int) INVOKER.invokeN3O2(PTHREAD_SIGMASK.context(), PTHREAD_SIGMASK.address(), how, 0, 0,
                set, LONGS, LONGS_IN_1, oldSet, LONGS, LONGS_OUT_2);
    }

    static int fork() {
        return (int) call(FORK);
    }

    static void _exit(int status) {
        call(EXIT, status);
    }

    static int waitpid(int pid, int[] status, int options) {
        return (int) INVOKER.invokeN3O1(WAITPID.context(), WAITPID.address(), pid, 0, options, status, INTS, INTS_OUT_1);
    }

    static int kill(int pid, int signal) {
        return (int) call(KILL, pid, signal);
    }

    static int getpid() {
        return (int) call(GETPID);
    }

    static int getppid() {
        return (int) call(GETPPID);
    }

    static int gettid() {
        return (int) call(GETTID);
    }

    static int prctl(int option, long arg2, long arg3) {
        return (int) INVOKER.invokeN5(PRCTL.context(), PRCTL.address(), option, arg2, arg3, 0, 0);
    }

    static int setenv(String name, String value) {
        return (int) INVOKER.invokeN3O2(SETENV.context(), SETENV.address(), 0, 0, 1,
                cString(name), BYTES, BYTES_IN_0, cString(value), BYTES, BYTES_IN_1);
    }

    static String getenv(String name) {
        return javaString(INVOKER.invokeN1O1(GETENV.context(), GETENV.address(), 0, cString(name), BYTES, BYTES_IN_0));
    }

    /**
     * execv(path, args): returns only if it failed. The argument vector is built in native
     * memory, which is never freed: on success the process image it lives in is replaced.
     */
    static int execv(String path, byte[][] args) {
        long argv = MEMORY.allocateMemory((long) (args.length + 1) * Long.BYTES, true);
        for (int i = 0; i < args.length; i++) {
            long arg = MEMORY.allocateMemory(args[i].length + 1, true);
            MEMORY.putByteArray(arg, args[i], 0, args[i].length);
            MEMORY.putAddress(argv + (long) i * Long.BYTES, arg);
        }
        return (int) INVOKER.invokeN2O1(EXECV.context(), EXECV.address(), 0, argv, cString(path), BYTES, BYTES_IN_0);
    }

    static int setsid() {
        return (int) call(SETSID);
    }

    static int getsid(int pid) {
        return (int) call(GETSID, pid);
    }

    static int dup2(int fd, int target) {
        return (int) call(DUP2, fd, target);
    }

    static int madvise(long address, long length, int advice) {
        return (int) call(MADVISE, address, length, advice);
    }

    /** mmap; -1 (MAP_FAILED) on error. */
    static long mmap(long address, long length, int protection, int flags, int fd, long offset) {
        return INVOKER.invokeN6(MMAP.context(), MMAP.address(), address, length, protection, flags, fd, offset);
    }

    /** mremap with a new address (MREMAP_FIXED); -1 (MAP_FAILED) on error. */
    static long mremap(long oldAddress, long oldSize, long newSize, int flags, long newAddress) {
        return INVOKER.invokeN5(MREMAP.context(), MREMAP.address(), oldAddress, oldSize, newSize, flags, newAddress);
    }

    static int mprotect(long address, long length, int protection) {
        return (int) call(MPROTECT, address, length, protection);
    }

    static int munmap(long address, long length) {
        return (int) call(MUNMAP, address, length);
    }

    /** Copies between native addresses. */
    static void memcpy(long to, long from, long length) {
        call(MEMCPY, to, from, length);
    }

    static int malloc_trim(long pad) {
        return (int) call(MALLOC_TRIM, pad);
    }

    static String strerror(int errno) {
        return javaString(call(STRERROR, errno));
    }

    /** A NUL-terminated copy of s in the platform's encoding (UTF-8 on the Linux systems served). */
    private static byte[] cString(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        byte[] terminated = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, terminated, 0, bytes.length);
        return terminated;
    }

    private static String javaString(long address) {
        return address == 0 ? null : new String(MEMORY.getZeroTerminatedByteArray(address), StandardCharsets.UTF_8);
    }
}
