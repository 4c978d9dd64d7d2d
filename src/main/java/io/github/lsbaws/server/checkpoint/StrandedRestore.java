package io.github.lsbaws.server.checkpoint;

import io.github.lsbaws.natives.Posix;
import java.io.File;
import java.util.function.Consumer;

/**
 * Watches a child's restore for a wait nothing can end. A resource's afterRestore may wait for a
 * thread of the parent that is not in the child: Spring 7's lifecycle processor awaits a barrier
 * its prevent-shutdown thread, parked in the parent since beforeCheckpoint, would reach after a
 * CRaC restore. In a child whose only other thread is this watcher, the restoring thread waiting
 * with no time limit can never be woken: it is interrupted, which ends such a wait (Spring then
 * goes on). Only the Java state and /proc are read: a thread dump is a VM operation, and a child
 * has no VM thread to run it. The waits the parent expected (Spring's, one per context) are ended
 * without a word; one more is logged, since it waits for something else of the parent.
 */
final class StrandedRestore implements Runnable {
    private static final long POLL_MILLIS = 2;

    private final Thread restoring;
    private final int restoringTask;
    private final Consumer<String> log;
    private int unloggedWaits;
    private volatile int ended;
    private final Thread watcher;
    private volatile boolean done;
    private volatile boolean interrupted;

    private StrandedRestore(Thread restoring, Consumer<String> log, int expectedWaits) {
        this.restoring = restoring;
        this.restoringTask = Posix.threadId();
        this.log = log;
        this.unloggedWaits = expectedWaits;
        this.watcher = new Thread(this, "lsbaws-restore-watch");
        watcher.setDaemon(true);
    }

    /** Starts watching the calling thread's restore, expectedWaits of whose stranded waits go unlogged. */
    static StrandedRestore watchCurrentThread(Consumer<String> log, int expectedWaits) {
        StrandedRestore watch = new StrandedRestore(Thread.currentThread(), log, expectedWaits);
        watch.watcher.start();
        return watch;
    }

    @Override
    public void run() {
        String self = Integer.toString(Posix.threadId());
        String restoringName = Integer.toString(restoringTask);
        boolean seenOnce = false;
        while (!done) {
            boolean stranded = restoring.getState() == Thread.State.WAITING && onlyThreads(restoringName, self);
            if (stranded && seenOnce && !done) { // twice in a row: not a wake-up on its way
                interrupted = true;
                ended++;
                if (unloggedWaits > 0) {
                    unloggedWaits--;
                } else {
                    log.accept("child " + Posix.pid() + ": an afterRestore waited with no time limit, and no thread is left in the"
                            + " child to wake it (it waits for a thread of the parent): interrupted");
                }
                restoring.interrupt();
                seenOnce = false;
            } else {
                seenOnce = stranded;
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
        return ended;
    }

    /** Stops watching; clears an interrupt of its own that the restore left pending. */
    void stop() throws InterruptedException {
        done = true;
        watcher.interrupt();
        watcher.join();
        if (interrupted) {
            Thread.interrupted();
        }
    }
}
