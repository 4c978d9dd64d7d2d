package io.github.lsbaws.server.checkpoint;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Which of the application's threads a child may go on without. A fork copies only the forking
 * thread; every other thread is simply not in the child, and what it held stays held there. A
 * thread parked or sleeping (WAITING, TIMED_WAITING) that owns no monitor and no
 * {@code java.util.concurrent} lock leaves nothing held behind: a pool's housekeeper, a timer, a
 * file-scan thread, Spring's {@code prevent-shutdown} thread. A thread that runs (RUNNABLE, in
 * native code too), waits to enter a monitor (BLOCKED), or owns a lock may be half-way through
 * what another thread will need: a child would wait for it forever.
 *
 * <p>This reads each thread once, at a safepoint (ThreadMXBean's thread dump), so a thread's
 * state and its locks are read together; that a thread stays asleep until the fork is what
 * {@code server.ForkGuard} checks before each fork.
 */
public final class ForkThreads {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /**
     * The lock a ThreadPoolExecutor's worker holds on itself while it runs a task (a paused
     * Spring scheduler's worker waits inside it): others only ever try it (tryLock, to interrupt
     * idle workers), so left held in a child it stops nothing.
     */
    private static final String OWN_WORKER_LOCK = "java.util.concurrent.ThreadPoolExecutor$Worker";

    /**
     * A thread as read for the fork: its name, where it waits, why a child cannot go on without
     * it (or null), and whether it is an idle pool worker that ends by itself after its pool's
     * keep-alive time.
     */
    public record Verdict(long id, String name, String where, String refusal, boolean endsWhenIdle) {
        public boolean leftBehind() {
            return refusal == null;
        }

        String describe() {
            return "\"" + name + "\" (" + (refusal == null ? where : refusal) + ")";
        }
    }

    private ForkThreads() {}

    /** Reads the threads, their states and their locks together. */
    public static List<Verdict> classify(Collection<Thread> threads) {
        long[] ids = threads.stream().mapToLong(Thread::getId).toArray();
        List<Verdict> verdicts = new ArrayList<>();
        for (ThreadInfo info : THREADS.getThreadInfo(ids, true, true)) {
            if (info != null) { // null: it ended meanwhile, leaving nothing behind
                verdicts.add(verdict(info));
            }
        }
        return verdicts;
    }

    static Verdict verdict(ThreadInfo info) {
        StackTraceElement[] stack = info.getStackTrace();
        String where = info.getThreadState() + waitingIn(stack)
                + (idlePoolWorker(stack) ? ", an idle pool worker: a child's task for its pool waits for it" : "");
        MonitorInfo[] monitors = info.getLockedMonitors();
        LockInfo[] locks = Arrays.stream(info.getLockedSynchronizers())
                .filter(lock -> !lock.getClassName().equals(OWN_WORKER_LOCK)).toArray(LockInfo[]::new);
        String refusal;
        if (monitors.length > 0) {
            refusal = where + ", owning the monitor of " + monitors[0] + " locked at " + monitors[0].getLockedStackFrame();
        } else if (locks.length > 0) {
            refusal = where + ", owning " + locks[0];
        } else if (info.getThreadState() == Thread.State.WAITING || info.getThreadState() == Thread.State.TIMED_WAITING) {
            refusal = null;
        } else {
            refusal = where; // RUNNABLE (in Java or native code), BLOCKED on a monitor, NEW
        }
        return new Verdict(info.getThreadId(), info.getThreadName(), where, refusal, refusal == null && endsWhenIdle(stack));
    }

    /**
     * Where the thread waits or runs, told by its first frame above the JDK's waiting machinery
     * (Unsafe.park, LockSupport, the lock classes, ForkJoinPool's managed blocking, native sleep
     * and wait): the queue, timer or method that waits.
     */
    private static String waitingIn(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            String type = frame.getClassName();
            boolean machinery = frame.isNativeMethod() || type.startsWith("jdk.internal.") || type.startsWith("java.util.concurrent.locks.")
                    || type.equals("java.util.concurrent.ForkJoinPool") && frame.getMethodName().endsWith("anagedBlock");
            if (!machinery) {
                return " in " + type + "." + frame.getMethodName();
            }
        }
        return stack.length == 0 ? "" : " in " + stack[0].getClassName() + "." + stack[0].getMethodName();
    }

    /**
     * Whether the thread waits for work in a JDK pool: the pool counts it as a worker in the
     * child too, so a task handed to the pool there may wait for a thread that is not there.
     */
    private static boolean idlePoolWorker(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            String method = frame.getClassName() + "." + frame.getMethodName();
            if (method.equals("java.util.concurrent.ThreadPoolExecutor.getTask")
                    || method.equals("java.util.concurrent.ForkJoinPool.awaitWork")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the thread is a ThreadPoolExecutor's worker waiting for work with a time limit (the
     * pool lets idle workers end after its keep-alive time, as HikariCP's connection adder does
     * after 5 s): once it has ended, the pool starts a worker of the child's own when the child
     * hands it a task.
     */
    private static boolean endsWhenIdle(StackTraceElement[] stack) {
        for (int i = 1; i < stack.length; i++) {
            if (stack[i].getClassName().equals("java.util.concurrent.ThreadPoolExecutor")
                    && stack[i].getMethodName().equals("getTask")) {
                return stack[i - 1].getMethodName().equals("poll");
            }
        }
        return false;
    }

    /** The idle pool workers among them that end by themselves (their names for the log, their ids to find them). */
    public static List<Verdict> endingWhenIdle(List<Verdict> verdicts) {
        return verdicts.stream().filter(Verdict::endsWhenIdle).toList();
    }

    /** The start-up line naming the threads the children go on without, or null if none. */
    public static String leftBehindLine(List<Verdict> verdicts) {
        List<String> names = verdicts.stream().filter(Verdict::leftBehind).map(Verdict::describe).toList();
        return names.isEmpty() ? null : "Not in the children (parked or sleeping, owning no lock; a child goes on without them): "
                + String.join(", ", names);
    }

    /**
     * Why the parent cannot fork with these threads, or null if it can: each refused thread
     * named with what it was doing, and what to do about it.
     */
    public static String refusal(String what, List<Verdict> verdicts) {
        List<String> refused = verdicts.stream().filter(verdict -> !verdict.leftBehind()).map(Verdict::describe).toList();
        if (refused.isEmpty()) {
            return null;
        }
        return what + " left the thread(s) " + String.join(", ", refused) + " running or owning a lock when the parent"
                + " forks: a forked child has none of the parent's threads and would find what they hold locked forever."
                + " Have such a thread finish, or wait (park, sleep, Object.wait) owning no lock, before the application"
                + " is loaded (an org.crac Resource's beforeCheckpoint is the place to stop it), or start it inside a request.";
    }
}
