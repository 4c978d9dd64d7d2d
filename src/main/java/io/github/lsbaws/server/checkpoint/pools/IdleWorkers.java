package io.github.lsbaws.server.checkpoint.pools;

import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Idle workers of JDK thread pools, which the parent waits for before its first fork (a child's
 * task for their pool would wait for them), let go at once: their pool's keep-alive time is
 * lowered, which wakes its idle workers ({@link ThreadPoolExecutor#setKeepAliveTime}), and given
 * back once they have ended. HikariCP's connection adder and closer keep theirs for 5 s.
 */
public final class IdleWorkers {
    private static final long LET_GO_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private final Map<ThreadPoolExecutor, Long> lowered = new IdentityHashMap<>();

    /** Lowers the keep-alive time of the pools these idle workers belong to (a thread of another kind is left alone). */
    public void letGo(Collection<Thread> workers) {
        for (Thread worker : workers) {
            if (ThreadTasks.executorOf(ThreadTasks.taskOf(worker)) instanceof ThreadPoolExecutor pool && !lowered.containsKey(pool)) {
                long keepAlive = pool.getKeepAliveTime(TimeUnit.NANOSECONDS);
                if (keepAlive > LET_GO_NANOS) {
                    lowered.put(pool, keepAlive);
                    pool.setKeepAliveTime(LET_GO_NANOS, TimeUnit.NANOSECONDS);
                }
            }
        }
    }

    /** Gives each pool its own keep-alive time back (raising it wakes no one). */
    public void restore() {
        lowered.forEach((pool, keepAlive) -> pool.setKeepAliveTime(keepAlive, TimeUnit.NANOSECONDS));
        lowered.clear();
    }
}
