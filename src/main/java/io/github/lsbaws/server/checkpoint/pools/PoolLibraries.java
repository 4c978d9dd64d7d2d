package io.github.lsbaws.server.checkpoint.pools;

import io.github.lsbaws.crac.Resource;
import java.util.ArrayList;
import java.util.List;

/**
 * Connection pools that do not take part in CRaC themselves, readied for the fork by the
 * server: found live in the parent after the application's own beforeCheckpoint, their
 * connections closed before the first fork, each child opening its own. Every library is
 * reached by reflection through the objects it keeps, so nothing is loaded for an application
 * that does not have it.
 */
public final class PoolLibraries {
    /** A pool found in the parent, as a checkpoint resource that says what it is. */
    public interface PoolCheckpoint extends Resource {
        /** The library and the pool's name, for the start-up line. */
        String describe();
    }

    private PoolLibraries() {}

    /** The pools alive now of every library the server knows: tomcat-jdbc, HikariCP. */
    public static List<PoolCheckpoint> live(ClassLoader applicationLoader) {
        List<PoolCheckpoint> pools = new ArrayList<>(TomcatJdbcPools.live(applicationLoader));
        pools.addAll(HikariPools.live());
        return pools;
    }
}
