package io.github.lsbaws.server;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Keeps the parent in a state a child can be forked from: no Java thread but the loop thread
 * doing anything (a busy one may hold a lock the child then never gets), and enough free eden
 * that a child never needs a garbage collection (which would wait forever for the VM thread).
 */
final class ForkGuard {
    /** Parent allocation after which it collects, leaving the rest of eden to the children. */
    private static final long COLLECT_AFTER_BYTES = 32L * 1024 * 1024;
    private static final long QUIET_WAIT_MILLIS = 200;

    private final ThreadMXBean threadBean = ManagementFactory.getThreadMXBean();
    private final Set<Thread> jvmThreads;
    private final int expectedThreads;
    private long usedAfterCollect;

    /** Takes the threads alive now as the JVM's own; call it before the application is loaded. */
    ForkGuard() {
        jvmThreads = Thread.getAllStackTraces().keySet();
        expectedThreads = jvmThreads.size();
    }

    /** Threads alive now that were not at construction: the application's, which a fork would not copy. */
    List<String> extraThreads() {
        List<String> names = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (!jvmThreads.contains(thread)) {
                names.add(thread.getName());
            }
        }
        return names;
    }

    /** Before each fork: null when it is safe, else why not. */
    String checkBeforeFork() {
        if (threadBean.getThreadCount() != expectedThreads) {
            return "the parent has " + threadBean.getThreadCount() + " Java threads instead of " + expectedThreads
                    + " (" + String.join(", ", extraThreads()) + "); forking now could copy a held lock into the child";
        }
        Runtime runtime = Runtime.getRuntime();
        if (runtime.totalMemory() - runtime.freeMemory() - usedAfterCollect > COLLECT_AFTER_BYTES) {
            collect();
        }
        return null;
    }

    /** A full collection, then a wait until the reference-processing threads it woke are idle again. */
    void collect() {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        usedAfterCollect = runtime.totalMemory() - runtime.freeMemory();
        long deadline = System.nanoTime() + QUIET_WAIT_MILLIS * 1_000_000;
        Thread self = Thread.currentThread();
        for (Thread thread : jvmThreads) {
            while (thread != self && thread.getState() == Thread.State.RUNNABLE && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        }
    }
}
