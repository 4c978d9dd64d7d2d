package io.github.lsbaws.server;

import io.github.lsbaws.natives.Posix;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import sun.misc.Unsafe;

/**
 * What a forked child must not keep of its parent's identity: the JDK's handle of the current
 * process, which java.lang.ProcessHandleImpl caches in a static final field when the class is
 * initialised. Every child would answer the parent's pid; so a child replaces the cached handle
 * with one of its own pid. The parent initialises the class itself (no thread starts with it):
 * ProcessHandle.current()'s costly first use is then paid once, not in every child.
 *
 * <p>The child's handle is the JDK's class with the fields its constructor sets: the pid and the
 * start time, computed as the JDK computes it on Linux (the boot time in milliseconds plus
 * /proc/PID/stat's start time in clock ticks), so that equals, isAlive and info() behave as for
 * ProcessHandle.of. The stat file is read with two system calls into a buffer of the parent:
 * ProcessHandle.of reads it through stdio, whose buffers and parsing each child would allocate
 * and fault in anew (docs/performance.md).
 */
final class ChildIdentity {
    /** Linux reports times in /proc in USER_HZ units, 100 a second on every architecture (sysconf(_SC_CLK_TCK)). */
    private static final long MILLIS_PER_TICK = 10;
    /** /proc/PID/stat's start time is field 22; the fields after the command's closing ')' start at field 3. */
    private static final int START_TIME_FIELDS_AFTER_COMMAND = 22 - 2;
    private static final Unsafe UNSAFE;
    private static final Object BASE;
    private static final long OFFSET;
    private static final Class<?> HANDLE;
    private static final long PID;
    private static final long START_TIME;
    private static final long BOOT_MILLIS;
    private static final byte[] STAT = new byte[1024];
    /** The system property in which Spring Boot publishes the application's pid. */
    static final String PID_PROPERTY = "PID";

    static {
        try {
            Field theUnsafe = Unsafe.class.getDeclaredField("theUnsafe");
            theUnsafe.setAccessible(true);
            UNSAFE = (Unsafe) theUnsafe.get(null);
            HANDLE = Class.forName("java.lang.ProcessHandleImpl", true, null);
            Field current = HANDLE.getDeclaredField("current");
            BASE = UNSAFE.staticFieldBase(current);
            OFFSET = UNSAFE.staticFieldOffset(current);
            PID = UNSAFE.objectFieldOffset(HANDLE.getDeclaredField("pid"));
            START_TIME = UNSAFE.objectFieldOffset(HANDLE.getDeclaredField("startTime"));
            BOOT_MILLIS = bootMillis();
            handleOf(Posix.pid()); // linked here, in the parent, not in each child
        } catch (ReflectiveOperationException | IOException e) {
            throw new ExceptionInInitializerError("cannot make the JDK's ProcessHandleImpl for children: " + e);
        }
    }

    private ChildIdentity() {}

    /**
     * In a child: ProcessHandle.current() names this process from now on, if the parent had cached
     * its own; so does the system property PID where it named the parent (Spring Boot's logging
     * sets it at start-up; its log patterns copied the parent's value already, see the README).
     */
    static void takeOwn() throws IOException {
        if (UNSAFE.getObject(BASE, OFFSET) != null) {
            UNSAFE.putObject(BASE, OFFSET, handleOf(Posix.pid()));
        }
        String pid = System.getProperty(PID_PROPERTY);
        if (pid != null && pid.equals(Integer.toString(Posix.parentPid()))) {
            System.setProperty(PID_PROPERTY, Integer.toString(Posix.pid()));
        }
    }

    /** The handle ProcessHandle.of(pid) would give for a live process. */
    static ProcessHandle handleOf(int pid) throws IOException {
        try {
            Object handle = UNSAFE.allocateInstance(HANDLE);
            UNSAFE.putLong(handle, PID, pid);
            UNSAFE.putLong(handle, START_TIME, BOOT_MILLIS + startTicks(pid) * MILLIS_PER_TICK);
            return (ProcessHandle) handle;
        } catch (InstantiationException e) {
            throw new IllegalStateException("cannot make a ProcessHandle of this process", e);
        }
    }

    /** Field 22 of /proc/PID/stat. */
    private static long startTicks(int pid) throws IOException {
        int fd = Posix.openForReading("/proc/" + pid + "/stat");
        int length;
        try {
            length = Posix.readAt(fd, STAT, STAT.length, 0);
        } finally {
            Posix.close(fd);
        }
        int at = ProcStat.afterCommand(STAT, length);
        if (at < 0) {
            throw new IOException("/proc/" + pid + "/stat has no command field");
        }
        for (int fields = 0; at < length && fields < START_TIME_FIELDS_AFTER_COMMAND; at++) {
            if (STAT[at] == ' ') {
                fields++;
            }
        }
        long ticks = 0;
        for (; at < length && STAT[at] >= '0' && STAT[at] <= '9'; at++) {
            ticks = ticks * 10 + (STAT[at] - '0');
        }
        return ticks;
    }

    /** The boot time as the JDK reads it: /proc/stat's "btime" (seconds), in milliseconds. */
    private static long bootMillis() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
            if (line.startsWith("btime ")) {
                return Long.parseLong(line.substring(6).trim()) * 1000;
            }
        }
        throw new IOException("no btime in /proc/stat");
    }
}
