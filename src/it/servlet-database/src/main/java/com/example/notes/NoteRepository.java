package com.example.notes;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** The notes table, through the pool. */
@Repository
public class NoteRepository {
    private final JdbcTemplate jdbc;
    private final DataSource dataSource;

    public NoteRepository(JdbcTemplate jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
    }

    public long add(String text) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            PreparedStatement insert = connection.prepareStatement("INSERT INTO note (text) VALUES (?)", new String[] {"id"});
            insert.setString(1, text);
            return insert;
        }, key);
        return key.getKey().longValue();
    }

    public Optional<Map<String, Object>> find(long id) {
        return jdbc.query("SELECT id, text FROM note WHERE id = ?", NoteRepository::note, id).stream().findFirst();
    }

    public List<Map<String, Object>> all() {
        return jdbc.query("SELECT id, text FROM note ORDER BY id", NoteRepository::note);
    }

    /** A row as JSON fields, named alike whatever case the database gives its column labels. */
    private static Map<String, Object> note(ResultSet row, int number) throws java.sql.SQLException {
        Map<String, Object> note = new LinkedHashMap<>();
        note.put("id", row.getLong("id"));
        note.put("text", row.getString("text"));
        return note;
    }

    /**
     * The database's identity of the connection the pool lends (PostgreSQL's backend process,
     * H2's session), holding it for holdMillis: concurrent requests each need their own.
     */
    public long backend(long holdMillis) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            String query = connection.getMetaData().getDatabaseProductName().equals("PostgreSQL")
                    ? "SELECT pg_backend_pid()" : "SELECT SESSION_ID()";
            long backend;
            try (ResultSet result = statement.executeQuery(query)) {
                result.next();
                backend = result.getLong(1);
            }
            Thread.sleep(holdMillis);
            try (ResultSet again = statement.executeQuery(query)) { // still the same, still usable
                again.next();
                if (again.getLong(1) != backend) {
                    throw new IllegalStateException("the connection changed backend from " + backend + " to " + again.getLong(1));
                }
            }
            return backend;
        }
    }

    /** Borrows one connection more than the pool holds: the pool's own error says so. */
    public void borrowAll(int count) throws Exception {
        List<Connection> borrowed = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                borrowed.add(dataSource.getConnection());
            }
        } finally {
            for (Connection connection : borrowed) {
                connection.close();
            }
        }
    }
}
