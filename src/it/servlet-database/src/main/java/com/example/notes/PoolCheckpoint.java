package com.example.notes;

import org.apache.tomcat.jdbc.pool.DataSource;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.springframework.stereotype.Component;

/**
 * The pool at a checkpoint, as the CRaC guides advise (and Spring Boot does for HikariCP): its
 * connections and its cleaner are closed before the checkpoint, and the first connection asked
 * for after a restore makes a new pool, with connections of the restored process's own.
 */
@Component
public class PoolCheckpoint implements Resource {
    private final DataSource dataSource;

    public PoolCheckpoint(DataSource dataSource) {
        this.dataSource = dataSource;
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        dataSource.close(true); // tomcat-jdbc makes the pool again at the next getConnection()
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
    }
}
