package io.github.lsbaws.server.checkpoint.pools;

import io.github.lsbaws.crac.Context;
import io.github.lsbaws.crac.Resource;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * HikariCP's pools without Spring Boot (which suspends and evicts them itself). Hikari keeps no
 * registry of its pools, and registers them in JMX only when asked to; each pool's housekeeper
 * thread has the pool's HouseKeeper task in its queue, which leads to the pool. Before the fork,
 * as Boot's HikariCheckpointRestoreLifecycle does: the pool is suspended where its configuration
 * allows, its connections evicted, and the server waits until they are closed. The minimum of idle
 * connections is set to 0 first: a pool that is not suspended refills itself to that minimum as
 * it closes evicted connections, and a child, which lives for one connection, should open only the
 * connections it borrows. In a child the pool is resumed; a borrow then hands the pool's
 * connection adder a task, and since its worker ended in the parent while idle (the start waits for
 * idle workers that end by themselves), the executor starts a worker of the child's own that opens
 * the connection.
 */
final class HikariPools {
    private static final String HOUSE_KEEPER = "com.zaxxer.hikari.pool.HikariPool$HouseKeeper";

    private HikariPools() {}

    static List<PoolLibraries.PoolCheckpoint> live() {
        Map<Object, Boolean> pools = new IdentityHashMap<>();
        for (Object task : ThreadTasks.queuedTasks()) {
            Object pool = task != null && task.getClass().getName().equals(HOUSE_KEEPER) ? ThreadTasks.outer(task) : null;
            if (pool != null) {
                pools.put(pool, Boolean.TRUE);
            }
        }
        List<PoolLibraries.PoolCheckpoint> found = new ArrayList<>();
        for (Object pool : pools.keySet()) {
            found.add(new SuspendAndEvict(pool));
        }
        return found;
    }

    /** One pool: suspended (where allowed) and emptied at each checkpoint, resumed at a restore. */
    private static final class SuspendAndEvict implements PoolLibraries.PoolCheckpoint {
        private static final long POLL_MILLIS = 10;
        private final Object pool;
        private final Object config;
        private boolean suspended;

        SuspendAndEvict(Object pool) {
            this.pool = pool;
            this.config = ThreadTasks.field(pool, pool.getClass().getSuperclass(), "config"); // PoolBase.config
        }

        @Override
        public void beforeCheckpoint(Context<? extends Resource> context) throws Exception {
            call(config, "setMinimumIdle", 0);
            if ((Boolean) call(config, "isAllowPoolSuspension")) {
                call(pool, "suspendPool");
                suspended = true;
            }
            long deadline = System.nanoTime() + ((Long) call(config, "getConnectionTimeout") + 250) * 1_000_000;
            do { // evicted again: a connection the adder was opening arrives after the first eviction
                call(pool, "softEvictConnections");
                if ((Integer) call(pool, "getTotalConnections") == 0 && idle("closeConnectionExecutor")
                        && idle("addConnectionExecutor")) {
                    return;
                }
                Thread.sleep(POLL_MILLIS);
            } while (System.nanoTime() < deadline);
            throw new IllegalStateException(describe() + " still has " + call(pool, "getTotalConnections")
                    + " connection(s) open (borrowed and not returned while the application loaded?): a child must not"
                    + " use the parent's connections");
        }

        @Override
        public void afterRestore(Context<? extends Resource> context) throws Exception {
            if (suspended) {
                suspended = false;
                call(pool, "resumePool");
            }
        }

        /** Whether one of the pool's executors has nothing running or queued. */
        private boolean idle(String executorField) {
            Object executor = ThreadTasks.field(pool, pool.getClass(), executorField);
            return !(executor instanceof ThreadPoolExecutor threads) || threads.getActiveCount() == 0 && threads.getQueue().isEmpty();
        }

        @Override
        public String describe() {
            try {
                return "HikariCP pool " + call(config, "getPoolName");
            } catch (ReflectiveOperationException e) {
                return "HikariCP pool " + pool;
            }
        }

        private static Object call(Object target, String method, Object... arguments) throws ReflectiveOperationException {
            for (var candidate : target.getClass().getMethods()) {
                if (candidate.getName().equals(method) && candidate.getParameterCount() == arguments.length) {
                    return candidate.invoke(target, arguments);
                }
            }
            throw new NoSuchMethodException(target.getClass().getName() + "." + method);
        }
    }
}
