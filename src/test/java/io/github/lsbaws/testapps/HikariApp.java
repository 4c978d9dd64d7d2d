package io.github.lsbaws.testapps;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * A plain HikariCP pool made while the application loads, with no CRaC and no Spring, as a plain
 * servlet application or a Spring MVC war configures one: its database is named by
 * -Dlsbaws.test.jdbcUrl (PostgreSQL). The load asks the database once; a request holds a
 * connection for ?ms=N milliseconds and answers which backend served it, which served the load,
 * and which process it ran in.
 */
public class HikariApp {
    private static final HikariDataSource POOL = pool();
    private static final long BACKEND_AT_LOAD = backend(0);

    public static final ServerApps.App app = (environ, start) -> {
        String query = (String) environ.get("QUERY_STRING");
        long hold = query.startsWith("ms=") ? Long.parseLong(query.substring(3)) : 0;
        String body = "backend=" + backend(hold) + " loadedWith=" + BACKEND_AT_LOAD + " pid=" + ProcessHandle.current().pid();
        start.accept("200 OK", List.of(Map.entry("Content-Type", "text/plain")));
        return List.of(body.getBytes(StandardCharsets.US_ASCII));
    };

    private static HikariDataSource pool() {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(System.getProperty("lsbaws.test.jdbcUrl"));
        pool.setUsername("postgres");
        pool.setMaximumPoolSize(4); // minimumIdle defaults to it: the parent fills the pool while it loads
        return pool;
    }

    private static long backend(long holdMillis) {
        try (Connection connection = POOL.getConnection(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT pg_backend_pid(), pg_sleep(" + holdMillis / 1000.0 + ")")) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
