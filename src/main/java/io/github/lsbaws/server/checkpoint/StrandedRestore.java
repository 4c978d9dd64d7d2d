package io.github.lsbaws.server.checkpoint;

import io.github.lsbaws.natives.Posix;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Watches a child's restore for a wait nothing can end. A resource's afterRestore may wait for a
 * thread of the parent that is not in the child (Spring 7's lifecycle processor meets its
 * prevent-shutdown thread at barriers, which {@link RestoreBarriers} makes barriers of one in a
 * child, so that one no longer waits). In a child whose only other thread is this watcher, the
 * restoring thread waiting with no time limit can never be woken: it is interrupted, which ends
 * such a wait. Only the Java state, the thread's blocker (a plain field) and /proc are read: a thread
 * dump is a VM operation, and a child has no VM thread to run it.
 *
 * <p>A wait at one of the resources' barriers not met alone ({@link RestoreBarriers}) is ended as
 * soon as it is seen twice in a row, without a word. Any other wait is ended only after it stood still for
 * {@value #UNKNOWN_WAIT_MILLIS} ms, and logged with its blocker: a thread that has just been woken
 * (by a thread that then ended) still reads WAITING until it is given a processor, which on a busy
 * machine may take a few polls, and an interrupt it would then find on its way through the
 * application (a connection pool's borrow) would fail the request. Each wait is interrupted once:
 * the watcher judges again only when the restoring thread was seen out of that wait.
 */
final class StrandedRestore implements Runnable {
    private static final long POLL_MILLIS = 2;
    /** How long a wait for something the resources' barriers do not explain must stand still before it is ended. */
    static final long UNKNOWN_WAIT_MILLIS = 100;

    private final Thread restoring;
    private final Consumer<String> log;
    private final RestoreBarriers barriers;
    /** Whether the restoring thread and the watcher are the process's only threads. */
    private final BooleanSupplier alone;
    private final long unknownWaitNanos;
    /** The blockers of the waits it ended, as named in the logs; read after the watcher ended. */
    private final List<String> ended = new ArrayList<>();
    /** For each of them, how long after its interrupt the thread was seen out of it, or null if not seen. */
    private final List<Long> wakeMillis = new ArrayList<>();
    private final Thread watcher;
    private volatile boolean done;
    private volatile boolean interrupted;

    StrandedRestore(Thread restoring, Consumer<String> log, RestoreBarriers barriers, BooleanSupplier alone,
            long unknownWaitMillis) {
        this.restoring = restoring;
        this.log = log;
        this.barriers = barriers;
        this.alone = alone;
        this.unknownWaitNanos = TimeUnit.MILLISECONDS.toNanos(unknownWaitMillis);
        this.watcher = new Thread(this, "lsbaws-restore-watch");
        watcher.setDaemon(true);
    }

    /** Starts watching the calling thread's restore. */
    static StrandedRestore watchCurrentThread(Consumer<String> log, RestoreBarriers barriers) {
        String restoringTask = Integer.toString(Posix.threadId());
        StrandedRestore watch = new StrandedRestore(Thread.currentThread(), log, barriers,
                () -> onlyThreads(restoringTask, Integer.toString(Posix.threadId())), UNKNOWN_WAIT_MILLIS);
        watch.start();
        return watch;
    }

    void start() {
        watcher.start();
    }

    @Override
    public void run() {
        Object interruptedBlocker = null;
        long interruptedAt = 0;
        boolean awaitingWake = false; // the wait last interrupted may still read WAITING until its thread runs
        Object stillBlocker = null;
        int stillPolls = 0;
        long stillSince = 0;
        while (!done) {
            boolean waiting = restoring.getState() == Thread.State.WAITING;
            Object blocker = LockSupport.getBlocker(restoring);
            if (awaitingWake && (!waiting || blocker != interruptedBlocker)) {
                awaitingWake = false;
                wakeMillis.set(wakeMillis.size() - 1, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - interruptedAt));
            }
            if (waiting && !awaitingWake && alone.getAsBoolean()) {
                if (stillPolls == 0 || blocker != stillBlocker) {
                    stillBlocker = blocker;
                    stillPolls = 0;
                    stillSince = System.nanoTime();
                }
                stillPolls++;
            } else {
                stillPolls = 0;
            }
            boolean known = barriers.barrier(blocker) != null;
            if (stillPolls >= 2 && (known || System.nanoTime() - stillSince >= unknownWaitNanos) && !done) {
                String what = barriers.describe(blocker);
                ended.add(what);
                interrupted = true;
                if (!known) {
                    log.accept("child " + Posix.pid() + ": an afterRestore waited with no time limit on " + what + ", and no"
                            + " thread is left in the child to wake it (it waits for a thread of the parent): interrupted");
                }
                restoring.interrupt();
                interruptedAt = System.nanoTime();
                wakeMillis.add(null);
                interruptedBlocker = blocker;
                awaitingWake = true;
                stillPolls = 0;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Whether the process's threads are these two alone. */
    private static boolean onlyThreads(String restoring, String self) {
        String[] tasks = new File("/proc/self/task").list();
        if (tasks == null || tasks.length != 2) {
            return false;
        }
        for (String task : tasks) {
            if (!task.equals(restoring) && !task.equals(self)) {
                return false;
            }
        }
        return true;
    }

    /** How many waits it ended. */
    int ended() {
        return ended.size();
    }

    /** What the waits it ended waited on, in order. */
    List<String> endedWaits() {
        return List.copyOf(ended);
    }

    /** The waits it ended, each with how soon after its interrupt the thread was seen out of it. */
    String describeEnded() {
        List<String> waits = new ArrayList<>();
        for (int i = 0; i < ended.size(); i++) {
            Long millis = wakeMillis.get(i);
            waits.add(ended.get(i) + (millis == null ? " (not seen out of it)" : " (seen out of it " + millis + " ms after its interrupt)"));
        }
        return String.join(", ", waits);
    }

    /**
     * Stops watching, and leaves no interrupt of its own pending for the request: one that came
     * after the restore had left its wait would otherwise fail the request's first interruptible
     * wait (a pool's borrow). Waits for the watcher uninterruptibly, since such an interrupt ends
     * a join at once.
     */
    void stop() {
        done = true;
        watcher.interrupt();
        boolean joined = false;
        boolean interruptedWhileJoining = false;
        while (!joined) {
            try {
                watcher.join();
                joined = true;
            } catch (InterruptedException e) {
                interruptedWhileJoining = true;
            }
        }
        if (interrupted) {
            Thread.interrupted();
        } else if (interruptedWhileJoining) {
            Thread.currentThread().interrupt(); // not the watcher's: kept
        }
    }
}
