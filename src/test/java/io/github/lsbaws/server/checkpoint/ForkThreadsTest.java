package io.github.lsbaws.server.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real threads in each state, judged as the parent judges them before forking. */
class ForkThreadsTest {
    private final List<Thread> started = new ArrayList<>();
    private volatile boolean stop;

    @AfterEach
    void stopThreads() throws InterruptedException {
        stop = true;
        for (Thread thread : started) {
            thread.interrupt();
            LockSupport.unpark(thread);
            thread.join(10_000);
            assertTrue(!thread.isAlive(), thread + " still runs");
        }
    }

    private Thread start(String name, Runnable body, Thread.State awaited) throws InterruptedException {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        started.add(thread);
        thread.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (thread.getState() != awaited) {
            assertTrue(System.nanoTime() < deadline, name + " never reached " + awaited + ": " + thread.getState());
            Thread.sleep(1);
        }
        return thread;
    }

    private ForkThreads.Verdict judge(Thread thread) {
        List<ForkThreads.Verdict> verdicts = ForkThreads.classify(List.of(thread));
        assertEquals(1, verdicts.size());
        assertEquals(thread.getName(), verdicts.get(0).name());
        return verdicts.get(0);
    }

    private void sleepUntilStopped() {
        while (!stop) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Test
    void parkedSleepingAndWaitingThreadsOwningNoLockAreLeftBehind() throws Exception {
        Thread parked = start("parked", () -> {
            while (!stop) {
                LockSupport.park();
            }
        }, Thread.State.WAITING);
        Thread sleeping = start("sleeping", this::sleepUntilStopped, Thread.State.TIMED_WAITING);
        Object queue = new Object();
        Thread waiting = start("waiting", () -> {
            synchronized (queue) { // Object.wait gives the monitor back while it waits, as a Timer's thread does
                try {
                    queue.wait();
                } catch (InterruptedException e) {
                    // stopped
                }
            }
        }, Thread.State.WAITING);
        for (Thread thread : List.of(parked, sleeping, waiting)) {
            ForkThreads.Verdict verdict = judge(thread);
            assertTrue(verdict.leftBehind(), verdict.toString());
        }
        String line = ForkThreads.leftBehindLine(ForkThreads.classify(List.of(parked, sleeping)));
        assertTrue(line.startsWith("Not in the children (parked or sleeping, owning no lock; a child goes on without them):"
                + " \"parked\" (WAITING in io.github.lsbaws.server.checkpoint.ForkThreadsTest.lambda$"), line);
        assertTrue(line.contains("\"sleeping\" (TIMED_WAITING in io.github.lsbaws.server.checkpoint.ForkThreadsTest.sleepUntilStopped)"), line);
        assertNull(ForkThreads.refusal("loading", ForkThreads.classify(List.of(parked, sleeping, waiting))));
    }

    @Test
    void anIdlePoolWorkerIsLeftBehindAndSaidToBeOne() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(1, task -> new Thread(task, "pool-worker"));
        try {
            Thread[] worker = new Thread[1];
            pool.submit(() -> worker[0] = Thread.currentThread()).get();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (worker[0].getState() != Thread.State.WAITING) {
                assertTrue(System.nanoTime() < deadline, "the worker never went idle: " + worker[0].getState());
                Thread.sleep(1);
            }
            ForkThreads.Verdict verdict = judge(worker[0]);
            assertTrue(verdict.leftBehind(), verdict.toString());
            assertTrue(verdict.where().endsWith(", an idle pool worker: a child's task for its pool waits for it"), verdict.where());
        } finally {
            pool.shutdown();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aRunningThreadIsRefused() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        Thread spinning = start("spinning", () -> {
            running.countDown();
            long sum = 0;
            while (!stop) {
                sum += System.nanoTime() % 7;
            }
            if (sum == 42) {
                System.out.print("");
            }
        }, Thread.State.RUNNABLE);
        running.await();
        ForkThreads.Verdict verdict = judge(spinning);
        assertTrue(verdict.refusal().startsWith("RUNNABLE"), verdict.toString());
        String refusal = ForkThreads.refusal("loading webapp:/", List.of(verdict));
        assertNotNull(refusal);
        assertTrue(refusal.startsWith("loading webapp:/ left the thread(s) \"spinning\" (RUNNABLE"), refusal);
    }

    @Test
    void aSleepingThreadOwningAMonitorIsRefused() throws Exception {
        Object cache = new Object();
        Thread holder = start("holder", () -> {
            synchronized (cache) {
                sleepUntilStopped();
            }
        }, Thread.State.TIMED_WAITING);
        ForkThreads.Verdict verdict = judge(holder);
        assertTrue(verdict.refusal().contains("owning the monitor of java.lang.Object@"), verdict.toString());
    }

    @Test
    void aParkedThreadOwningALockIsRefused() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        Thread holder = start("lock-holder", () -> {
            lock.lock();
            try {
                while (!stop) {
                    LockSupport.park();
                }
            } finally {
                lock.unlock();
            }
        }, Thread.State.WAITING);
        ForkThreads.Verdict verdict = judge(holder);
        assertTrue(verdict.refusal().contains("owning java.util.concurrent.locks.ReentrantLock$NonfairSync@"), verdict.toString());
    }

    @Test
    void aThreadBlockedOnAMonitorIsRefused() throws Exception {
        Object monitor = new Object();
        Thread blocked;
        synchronized (monitor) {
            blocked = start("blocked", () -> {
                synchronized (monitor) {
                    // entered once the test lets go
                }
            }, Thread.State.BLOCKED);
            ForkThreads.Verdict verdict = judge(blocked);
            assertTrue(verdict.refusal().startsWith("BLOCKED"), verdict.toString());
        }
    }
}
