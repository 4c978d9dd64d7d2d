package io.github.lsbaws.devservices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2UrlMapTest {
    @TempDir
    Path directory;

    @Test
    void anInMemoryUrlIsKeptOnTheServerWithItsNameAndSettings() {
        assertEquals("jdbc:h2:tcp://127.0.0.1:9123/mem:petclinic;MODE=PostgreSQL;DB_CLOSE_DELAY=-1",
                H2UrlMap.onServer("jdbc:h2:mem:petclinic;DB_CLOSE_DELAY=5;MODE=PostgreSQL", 9123, ""));
        assertEquals("jdbc:h2:tcp://127.0.0.1:9123/mem:testdb_LSBAWS_WARMUP;DB_CLOSE_DELAY=-1",
                H2UrlMap.onServer("jdbc:h2:mem:testdb", 9123, H2UrlMap.WARM_UP_SUFFIX));
    }

    @Test
    void onlyANamedInMemoryDatabaseCanBeShared() {
        assertTrue(H2UrlMap.shareable("jdbc:h2:mem:notes;DB_CLOSE_DELAY=-1"));
        assertFalse(H2UrlMap.shareable("jdbc:h2:mem:"));
        assertFalse(H2UrlMap.shareable("jdbc:h2:mem:;MODE=MySQL"));
        assertFalse(H2UrlMap.shareable("jdbc:h2:./target/db"));
    }

    @Test
    void theMapFileIsReadAsH2WritesIt() throws Exception {
        Path file = directory.resolve("map.properties");
        H2UrlMap.write(file, Map.of("jdbc:h2:mem:a;DB_CLOSE_DELAY=-1", "jdbc:h2:tcp://127.0.0.1:1/mem:a", "jdbc:h2:mem:", ""));
        assertEquals(Set.of("jdbc:h2:mem:a;DB_CLOSE_DELAY=-1", "jdbc:h2:mem:"), H2UrlMap.urls(file));
        assertEquals(Set.of(), H2UrlMap.urls(directory.resolve("none.properties")));
    }

    @Test
    void urlsAreFoundInPropertiesXmlAndClassFileConstants() {
        assertEquals(Set.of("jdbc:h2:mem:petclinic;DB_CLOSE_DELAY=-1"),
                InMemoryUrls.inText("jdbc.url=jdbc:h2:mem:petclinic;DB_CLOSE_DELAY=-1\njdbc.username=sa\n"));
        assertEquals(Set.of("jdbc:hsqldb:mem:petclinic"),
                InMemoryUrls.inText("<property name=\"url\" value=\"jdbc:hsqldb:mem:petclinic\"/>"));
        assertEquals(Set.of("jdbc:h2:mem:testdb", "jdbc:derby:memory:db;create=true"),
                InMemoryUrls.inText("\u0001\u0000\u0012jdbc:h2:mem:testdb\u0001\u0000\u0020jdbc:derby:memory:db;create=true\u0007"));
        assertEquals(Set.of("jdbc:h2:mem:"), InMemoryUrls.inText("url: jdbc:h2:mem:${random.uuid}"));
    }
}
