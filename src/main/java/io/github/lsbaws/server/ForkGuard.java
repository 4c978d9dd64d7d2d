package io.github.lsbaws.server;

import io.github.lsbaws.natives.Posix;
import io.github.lsbaws.server.checkpoint.ForkThreads;
import io.github.lsbaws.server.checkpoint.pools.IdleWorkers;
import java.io.IOException;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps the parent in a state a child can be forked from: no Java thread but the JVM's own, the
 * loop thread and application threads a child can go on without ({@link ForkThreads}: parked or
 * sleeping, owning no lock), none of those threads running at the instant of the fork (a running
 * one may hold a lock the child then never gets), and enough free eden that a child never needs
 * a garbage collection (which would wait forever for the VM thread).
 *
 * <p>How the application's threads are read without a race: a thread is judged from a thread
 * dump (its Java state and its locks read together at a safepoint) when it first appears; a
 * thread started later is judged before the next fork ({@link
 * ThreadMXBean#getTotalStartedThreadCount} tells). A thread judged parked may wake later (a
 * housekeeper's period, a timer) and take locks while it runs: so before every fork, as for the
 * JVM's own threads, the parent waits until every other thread of the process is asleep in the
 * kernel ({@link ThreadStates}), and if an application thread has been on a processor since it
 * was last judged (its scheduler count moved), it is judged again: it may have gone back to sleep
 * owning what it took. What is left is a thread that wakes after those readings and takes a lock
 * before the fork itself: a window of microseconds per fork, the one the JVM's own threads have
 * too; a child caught by it hangs, and the watchdogs kill it (before it announces itself: its
 * client is answered 503).
 *
 * <p>It also keeps the parent small, since fork(2) copies a page-table entry for every
 * anonymous page the parent has touched: after each collection the empty part of the young
 * generation is handed back to the kernel (MADV_DONTNEED), so that what the parent allocated
 * since start-up or the last collection is not copied into every child.
 */
public final class ForkGuard {
    /** Parent allocation after which it collects, leaving the rest of eden to the children. */
    private static final long COLLECT_AFTER_BYTES = 1024 * 1024;
    private static final long QUIET_WAIT_MILLIS = 1000;
    /**
     * How long the application's threads get to be asleep, owning no lock, once it is loaded, and
     * its idle pool workers to end (HikariCP's: 5 s after their last task).
     */
    private static final long SETTLE_MILLIS = 10_000;
    /** Eden kept after a collection for what the parent allocates between the collection and the trim. */
    private static final long TRIM_SLACK_BYTES = 128 * 1024;
    private static final long PAGE = 4096;

    private final ThreadMXBean threadBean = ManagementFactory.getThreadMXBean();
    private ThreadStates threadStates;
    /** Whether a check before a fork ahead saw the application's threads run: the next fork's check judges them. */
    private boolean ranUnjudged;
    /** The threads a child is forked with or goes on without: the JVM's own, then the application's accepted ones. */
    private Set<Thread> knownThreads;
    private final Set<Thread> jvmThreads;
    /** The thread ids of the JVM's own threads: the others' runs are watched ({@link ThreadStates#applicationThreadsRan}). */
    private final Set<String> jvmTasks;
    /** How many threads the JVM had started when knownThreads was taken: more means a thread to judge. */
    private long startedThreads;
    /** The idle pool workers last said to be waited for. */
    private List<String> awaitedWorkers = List.of();
    /** Their pools, whose keep-alive time is lowered while they are waited for. */
    private final IdleWorkers idleWorkers = new IdleWorkers();
    /** The line naming the threads accepted by the last judgement, or null. */
    private String lastLeftBehind;
    private final MemoryPoolMXBean eden;
    private final long youngBytes;
    /** Where the young generation starts (Serial GC puts it at the bottom of the heap), or 0 if unknown. */
    private final long youngStart;
    private long usedAfterCollect;
    private boolean collectionsDeferred;

    /** Takes the threads alive now as the JVM's own; call it before the application is loaded. */
    public ForkGuard() throws IOException {
        // The libc binding first: its start-up allocates megabytes, which collect() must not do
        // between reading eden's use and trimming, and starts jffi's cleaner thread, which is the JVM's.
        Posix.trimMalloc();
        startedThreads = threadBean.getTotalStartedThreadCount();
        knownThreads = Thread.getAllStackTraces().keySet();
        jvmThreads = knownThreads;
        threadStates = new ThreadStates(null);
        jvmTasks = threadStates.tasks();
        MemoryPoolMXBean edenPool = null;
        long survivor = 0;
        long heap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() != MemoryType.HEAP) {
                continue;
            }
            long committed = pool.getUsage().getCommitted();
            heap += committed;
            if (pool.getName().equals("Eden Space")) {
                edenPool = pool;
            } else if (pool.getName().equals("Survivor Space")) {
                survivor = committed;
                heap += committed; // the pool reports one of the two survivor spaces
            }
        }
        eden = edenPool;
        youngBytes = edenPool == null ? 0 : edenPool.getUsage().getCommitted() + 2 * survivor;
        youngStart = edenPool == null ? 0 : mappingOfSize(heap);
        // Linked now, not at its first use after a fork: a native method's first call writes its
        // Method in the class data archive, which would split a huge page of StablePages.
        Thread.yield();
    }

    /** The start of the only read-write anonymous mapping of exactly size bytes, or 0. */
    private static long mappingOfSize(long size) throws IOException {
        long found = 0;
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            String[] fields = line.split("\\s+");
            String[] range = fields[0].split("-");
            long start = Long.parseUnsignedLong(range[0], 16);
            if (Long.parseUnsignedLong(range[1], 16) - start == size && fields[1].startsWith("rw") && fields.length == 5) {
                if (found != 0) {
                    return 0; // ambiguous: better no trimming than trimming the wrong memory
                }
                found = start;
            }
        }
        return found;
    }

    /** The threads alive now. */
    Set<Thread> threadsNow() {
        return Thread.getAllStackTraces().keySet();
    }

    /**
     * Why a child could not go on without the threads started since before (what: who started
     * them), or null: none runs or owns a lock.
     */
    String refusedSince(Set<Thread> before, String what) {
        Set<Thread> started = new HashSet<>(threadsNow());
        started.removeAll(before);
        return ForkThreads.refusal(what, ForkThreads.classify(started));
    }

    /**
     * Judges the threads started since they were last judged (at first: the application's):
     * those a child can go on without are accepted, and named in the returned line (null if
     * none); any other makes it throw.
     *
     * @param what who started them, for the message
     * @throws IllegalStateException naming each thread that runs or owns a lock, and what to do
     */
    String acceptThreads(String what) throws IOException {
        String refusal = judgeNewThreads(what, SETTLE_MILLIS);
        if (refusal != null) {
            throw new IllegalStateException(refusal);
        }
        return lastLeftBehind;
    }

    /**
     * Judges the threads not yet known, again every few milliseconds for up to settleMillis while
     * one runs or owns a lock (a housekeeper caught during its task is asleep again soon), or is
     * an idle pool worker that will end by itself (a child's task for its pool would wait for it;
     * once it has ended, the pool starts one of the child's own); accepts them all, or returns
     * why not.
     */
    private String judgeNewThreads(String what, long settleMillis) throws IOException {
        return judgeThreads(what, settleMillis, knownThreads, true);
    }

    /**
     * Judges the threads alive now but those of judged, as judgeNewThreads does; waitForEnding:
     * waits for idle pool workers that end by themselves too.
     */
    private String judgeThreads(String what, long settleMillis, Set<Thread> judged, boolean waitForEnding) throws IOException {
        long deadline = System.nanoTime() + settleMillis * 1_000_000;
        while (true) {
            long started = threadBean.getTotalStartedThreadCount(); // before the set: a thread started after it is judged next time
            Set<Thread> alive = threadsNow();
            Set<Thread> fresh = new HashSet<>(alive);
            fresh.removeAll(judged);
            List<ForkThreads.Verdict> verdicts = ForkThreads.classify(fresh);
            String refusal = ForkThreads.refusal(what, verdicts);
            List<ForkThreads.Verdict> ending = waitForEnding ? ForkThreads.endingWhenIdle(verdicts) : List.of();
            List<String> endingNames = ending.stream().map(ForkThreads.Verdict::name).toList();
            if (refusal == null && !ending.isEmpty() && System.nanoTime() - deadline < 0) {
                if (!endingNames.equals(awaitedWorkers)) {
                    ServerLog.info("Waiting up to " + settleMillis / 1000 + " s for the idle pool worker(s) " + endingNames
                            + " to end, their pools' keep-alive time lowered meanwhile: a child's task for their pool would"
                            + " wait for them");
                    awaitedWorkers = endingNames;
                    Set<Long> ids = ending.stream().map(ForkThreads.Verdict::id).collect(java.util.stream.Collectors.toSet());
                    idleWorkers.letGo(fresh.stream().filter(thread -> ids.contains(thread.getId())).toList());
                }
            } else if (refusal == null) {
                idleWorkers.restore();
                lastLeftBehind = ForkThreads.leftBehindLine(verdicts);
                knownThreads = alive;
                startedThreads = started;
                threadStates.close();
                threadStates = new ThreadStates(jvmTasks); // their kernel states too, before each fork
                return null;
            }
            if (refusal != null && System.nanoTime() - deadline > 0) {
                idleWorkers.restore();
                return refusal;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return refusal;
            }
        }
    }

    /** Before each fork: null when it is safe, else why not. */
    String checkBeforeFork() throws IOException {
        if (threadBean.getTotalStartedThreadCount() != startedThreads) {
            String refusal = judgeNewThreads("the parent", QUIET_WAIT_MILLIS);
            if (refusal != null) {
                return refusal;
            }
            if (lastLeftBehind != null) {
                ServerLog.info(lastLeftBehind);
            }
        }
        collectOrAwaitOthersAsleep();
        return judgeThreadsThatRan(QUIET_WAIT_MILLIS);
    }

    /**
     * Before a fork no client waits for (a child forked ahead of its connection): as before any
     * fork, but without waiting for the application's threads to settle: null when they are
     * asleep owning no lock now, else why not; the next fork's check then judges them, waiting.
     */
    String checkBeforeForkAhead() throws IOException {
        if (threadBean.getTotalStartedThreadCount() != startedThreads) {
            return "threads were started";
        }
        collectOrAwaitOthersAsleep();
        String refusal = judgeThreadsThatRan(0);
        ranUnjudged = refusal != null;
        return refusal;
    }

    /**
     * The application's threads, judged if they ran since they last were (or a check ahead saw
     * them run): asleep again, but perhaps owning a lock taken meanwhile. Waits up to settleMillis
     * for them to settle; null when the parent may fork, else why not.
     */
    private String judgeThreadsThatRan(long settleMillis) throws IOException {
        if (!(threadStates.applicationThreadsRan() | ranUnjudged)) {
            return null;
        }
        ranUnjudged = false;
        String refusal = judgeThreads("the parent", settleMillis, jvmThreads, false);
        if (refusal == null) {
            awaitOthersAsleep(); // the thread dump woke the VM thread
        }
        return refusal;
    }

    /**
     * While on, a fork is not preceded by a collection: for the rehearsal of the loop, whose child
     * ends at once and shares no page for long, and which the start-up's own collection follows.
     */
    void deferCollections(boolean on) {
        collectionsDeferred = on;
    }

    private void collectOrAwaitOthersAsleep() throws IOException {
        Runtime runtime = Runtime.getRuntime();
        if (!collectionsDeferred && runtime.totalMemory() - runtime.freeMemory() - usedAfterCollect > COLLECT_AFTER_BYTES) {
            collect(); // ends waiting for the other threads to sleep
        } else {
            awaitOthersAsleep();
        }
    }

    /**
     * A full collection (it leaves the young generation empty: Serial's compaction moves survivors
     * to the old one), the pages of the emptied young generation back to the kernel, then a wait
     * until the threads the collection woke are idle again, and the clean-up of what the
     * collection cleared that a child would otherwise do ({@link #expungeClearedEntries}).
     */
    void collect() throws IOException {
        System.gc();
        if (youngStart != 0) {
            long used = eden.getUsage().getUsed(); // what was allocated since: the start of eden
            long from = (youngStart + used + TRIM_SLACK_BYTES + PAGE - 1) & -PAGE;
            Posix.discardPages(from, youngStart + youngBytes - from);
        }
        Posix.trimMalloc();
        Runtime runtime = Runtime.getRuntime();
        usedAfterCollect = runtime.totalMemory() - runtime.freeMemory();
        try {
            Thread.sleep(5); // the threads the collection woke (reference processing, table clean-ups) get going
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        awaitOthersAsleep();
        expungeClearedEntries();
    }

    /**
     * The JDK's intern table of method types (java.lang.invoke) holds them by weak references: a
     * collection clears those of types no longer used, and the table removes them at its next
     * lookup, writing each entry and its map's node. Left to the children, every child did it
     * at its first lambda or string concatenation: each entry on its own page of the old
     * generation, 90 copy-on-write faults per child after the parent's start-up. A lookup here,
     * once the Reference Handler has queued them (the wait above), removes them once for all.
     */
    private static void expungeClearedEntries() {
        MethodType.methodType(void.class);
    }

    /**
     * Waits, yielding the processor, until every other thread of the process is asleep: a fork
     * while one of them runs could copy a lock it holds into the child, held forever. Gives up
     * after a second (the watchdog is the last resort then).
     */
    public void awaitOthersAsleep() throws IOException {
        long deadline = System.nanoTime() + QUIET_WAIT_MILLIS * 1_000_000;
        while (!threadStates.othersAsleep() && System.nanoTime() < deadline) {
            Thread.yield(); // a preempted lock holder may need this very processor to finish
        }
    }
}
