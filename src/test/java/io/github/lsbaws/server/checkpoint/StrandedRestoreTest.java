package io.github.lsbaws.server.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The watcher of a child's restore, on real threads: a restoring thread waits on conditions
 * nobody signals, and the watcher is told the process holds no other thread (in a child it reads
 * /proc; here every other thread of the test JVM would make it judge nothing). What a request
 * does after the restore is a borrow's timed poll, as HikariCP's is: an interrupt left pending
 * fails it.
 */
class StrandedRestoreTest {
    private static final long BOUND_SECONDS = 30;

    /** What the restoring thread saw: its waits' outcomes, and whether the request after the restore was interrupted. */
    private record Outcome(List<String> ended, List<String> steps, Throwable requestFailure, boolean interruptedAfter) {}

    private interface Restore {
        void run(List<String> steps) throws Exception;
    }

    /** Runs a restore on a thread of its own, watched as a child's is, then a request's borrow. */
    private static Outcome restoreWatched(RestoreBarriers barriers, Consumer<String> log, Restore restore) throws Exception {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        Thread restoring = new Thread(() -> {
            List<String> steps = new CopyOnWriteArrayList<>();
            StrandedRestore watch = new StrandedRestore(Thread.currentThread(), log, barriers, () -> true,
                    StrandedRestore.UNKNOWN_WAIT_MILLIS);
            watch.start();
            try {
                restore.run(steps);
            } catch (Exception e) {
                steps.add("threw " + e);
            }
            watch.stop();
            Throwable requestFailure = null;
            try {
                new SynchronousQueue<Object>().poll(20, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                requestFailure = e;
            }
            outcome.complete(new Outcome(watch.endedWaits(), steps, requestFailure, Thread.currentThread().isInterrupted()));
        }, "restoring");
        restoring.start();
        Outcome result = outcome.get(BOUND_SECONDS, TimeUnit.SECONDS);
        restoring.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
        return result;
    }

    private static void await(ReentrantLock lock, Condition condition, String name, List<String> steps) {
        lock.lock();
        try {
            condition.await();
            steps.add(name + " signalled");
        } catch (InterruptedException e) {
            steps.add(name + " interrupted");
        } finally {
            lock.unlock();
        }
    }

    @Test
    void twoDifferentWaitsAreEndedOnceEachAndNamedByWhatTheyWaitOn() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        Condition barrier = lock.newCondition();
        Condition other = lock.newCondition();
        RestoreBarriers barriers = new RestoreBarriers();
        barriers.add(barrier, "CyclicBarrier afterRestoreBarrier of a resource");
        List<String> log = new CopyOnWriteArrayList<>();
        Outcome outcome = restoreWatched(barriers, log::add, steps -> {
            await(lock, barrier, "barrier", steps);
            await(lock, other, "other", steps);
        });
        assertEquals(List.of("barrier interrupted", "other interrupted"), outcome.steps());
        String condition = other.getClass().getName();
        assertEquals(List.of("CyclicBarrier afterRestoreBarrier of a resource", condition), outcome.ended());
        assertEquals(1, log.size(), log.toString()); // the barrier's wait is expected, the other one is not
        assertTrue(log.get(0).contains("waited with no time limit on " + condition + ", and no thread is left"), log.get(0));
        assertNull(outcome.requestFailure());
        assertFalse(outcome.interruptedAfter());
    }

    /**
     * A wait that an interrupt does not end at once (an uninterruptible one here; a thread woken
     * but not yet given a processor looks the same) still reads WAITING on the same blocker for
     * many polls: it is interrupted once, not again and again.
     */
    @Test
    void aWaitStillWaitingAfterItsInterruptIsNotInterruptedAgain() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        Condition condition = lock.newCondition();
        List<String> log = new CopyOnWriteArrayList<>();
        CompletableFuture<String> interrupted = new CompletableFuture<>();
        Thread waker = new Thread(() -> {
            try {
                interrupted.get(BOUND_SECONDS, TimeUnit.SECONDS);
                Thread.sleep(3 * StrandedRestore.UNKNOWN_WAIT_MILLIS); // many of the watcher's polls
                lock.lock();
                try {
                    condition.signal();
                } finally {
                    lock.unlock();
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        waker.start();
        Outcome outcome = restoreWatched(new RestoreBarriers(), line -> {
            log.add(line);
            interrupted.complete(line);
        }, steps -> {
            lock.lock();
            try {
                condition.awaitUninterruptibly();
                steps.add("signalled, interrupt kept: " + Thread.currentThread().isInterrupted());
            } finally {
                lock.unlock();
            }
        });
        waker.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
        assertEquals(List.of("signalled, interrupt kept: true"), outcome.steps());
        assertEquals(List.of(condition.getClass().getName()), outcome.ended());
        assertEquals(1, log.size(), log.toString());
        assertNull(outcome.requestFailure(), "the watcher's interrupt reached the request");
        assertFalse(outcome.interruptedAfter());
    }

    /**
     * The application kept the watcher's interrupt (it re-asserted it after its wait, as a pool
     * does after an interrupted borrow): stopping the watcher clears it, and neither the stop nor
     * the request after it is interrupted.
     */
    @Test
    void anInterruptOfTheWatcherStillPendingWhenTheRestoreEndsDoesNotReachTheRequest() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        Condition barrier = lock.newCondition();
        RestoreBarriers barriers = new RestoreBarriers();
        barriers.add(barrier, "the barrier");
        Outcome outcome = restoreWatched(barriers, line -> {}, steps -> {
            await(lock, barrier, "barrier", steps);
            Thread.currentThread().interrupt();
        });
        assertEquals(List.of("barrier interrupted"), outcome.steps());
        assertNull(outcome.requestFailure(), "the watcher's interrupt reached the request");
        assertFalse(outcome.interruptedAfter());
    }

    /** A restore that waits for nothing: no interrupt, nothing ended, and an interrupt of the application's own is kept. */
    @Test
    void aRestoreWithoutWaitsIsLeftAlone() throws Exception {
        Outcome outcome = restoreWatched(new RestoreBarriers(), line -> {}, steps -> {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // TIMED_WAITING: it ends by itself
            steps.add("done");
        });
        assertEquals(List.of("done"), outcome.steps());
        assertEquals(List.of(), outcome.ended());
        assertNull(outcome.requestFailure());
    }
}
