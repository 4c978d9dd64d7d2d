package io.github.lsbaws.server.checkpoint.pools;

import io.github.lsbaws.crac.Context;
import io.github.lsbaws.crac.Resource;
import java.lang.ref.Reference;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Apache tomcat-jdbc's pools ({@code org.apache.tomcat.jdbc.pool}, Tomcat's and many Spring
 * applications' pool). The library registers every pool whose cleaner runs (the default) in its
 * static set of pool cleaners; each cleaner holds its pool. Before the fork the pool is purged:
 * its idle connections are closed at once and those in use when they are returned. A pool
 * creates connections on demand, on the borrowing thread, so a child opens its own with no help.
 * A pool without a cleaner (timeBetweenEvictionRunsMillis &lt;= 0) is in no registry and is not
 * found: close its connections in a beforeCheckpoint of the application's own.
 */
final class TomcatJdbcPools {
    private static final String CONNECTION_POOL = "org.apache.tomcat.jdbc.pool.ConnectionPool";

    private TomcatJdbcPools() {}

    static List<PoolLibraries.PoolCheckpoint> live(ClassLoader loader) {
        Class<?> poolClass;
        try {
            poolClass = Class.forName(CONNECTION_POOL, false, loader);
        } catch (ClassNotFoundException | LinkageError absent) {
            return List.of();
        }
        List<PoolLibraries.PoolCheckpoint> pools = new ArrayList<>();
        try {
            Collection<?> cleaners = (Collection<?>) poolClass.getMethod("getPoolCleaners").invoke(null);
            for (Object cleaner : cleaners) {
                Object pool = ThreadTasks.field(cleaner, cleaner.getClass(), "pool") instanceof Reference<?> reference ? reference.get() : null;
                if (pool != null && !(Boolean) poolClass.getMethod("isClosed").invoke(pool)) {
                    pools.add(new Purge(pool, (String) poolClass.getMethod("getName").invoke(pool), poolClass.getMethod("purge")));
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("tomcat-jdbc's pools could not be read (" + e + "): close their connections"
                    + " in an org.crac Resource's beforeCheckpoint", e);
        }
        return pools;
    }

    /** One pool: purged at each checkpoint; nothing to do at a restore. */
    private record Purge(Object pool, String name, Method purge) implements PoolLibraries.PoolCheckpoint {
        @Override
        public void beforeCheckpoint(Context<? extends Resource> context) throws Exception {
            purge.invoke(pool);
        }

        @Override
        public void afterRestore(Context<? extends Resource> context) {
        }

        @Override
        public String describe() {
            return "tomcat-jdbc pool " + name;
        }
    }
}
