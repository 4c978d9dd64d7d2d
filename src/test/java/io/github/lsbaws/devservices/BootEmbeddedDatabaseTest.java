package io.github.lsbaws.devservices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lsbaws.testing.DatabaseSample;
import io.github.lsbaws.testing.ProcessChecks;
import io.github.lsbaws.natives.Posix;
import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.core.env.StandardEnvironment;

/**
 * Spring Boot's embedded H2 database, which Boot names with a random UUID by default: for a Boot
 * application that configures no URL, the first generation's map already sends the URL Boot's own
 * DataSourceProperties open (once the generation has told Boot to name it) to the H2 server.
 */
class BootEmbeddedDatabaseTest {
    private static final String TESTDB = "jdbc:h2:mem:testdb;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE";

    @TempDir
    Path classes;
    @TempDir
    Path state;

    private static String jarOnTestClasspath(String pattern) {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> Path.of(entry).getFileName().toString().matches(pattern))
                .findFirst().orElseThrow(() -> new AssertionError("no " + pattern + " on the test classpath"));
    }

    /** The URL Boot's own DataSourceProperties open in this JVM, its system properties as the generation set them. */
    private static String bootsUrl() throws Exception {
        DataSourceProperties properties = Binder.get(new StandardEnvironment()).bindOrCreate("spring.datasource",
                DataSourceProperties.class);
        properties.setBeanClassLoader(BootEmbeddedDatabaseTest.class.getClassLoader());
        properties.afterPropertiesSet();
        return properties.determineUrl();
    }

    @Test
    void theFirstGenerationKeepsBootsEmbeddedDatabaseOnTheServer() throws Exception {
        List<String> classpath = List.of(classes.toString(), jarOnTestClasspath("spring-boot-jdbc-[0-9.]+\\.jar"),
                jarOnTestClasspath("h2-[0-9.]+\\.jar"));
        String unnamed = bootsUrl();
        assertTrue(unnamed.startsWith("jdbc:h2:mem:") && !unnamed.equals(TESTDB), unnamed); // a random name by default
        DevDatabases databases = DevDatabases.start(classpath, List.of(classes), state, () -> {});
        long h2;
        try {
            String banner = String.join("\n", databases.banner());
            h2 = DatabaseSample.h2ServerPid(banner);
            assertTrue(banner.contains("Database: " + TESTDB + " kept by an H2 server"), banner);
            assertTrue(banner.contains("Spring Boot's embedded database"), banner);
            // the same banner under lsbaws:start, for integration tests: it names no one goal to reset
            assertTrue(banner.contains("starts empty each time lsbaws starts") && banner.contains("Reset: stop lsbaws and start it again"),
                    banner);
            databases.beforeGeneration(Posix.pid(), false); // this JVM plays the generation
            Properties map = new Properties();
            try (InputStream in = Files.newInputStream(DevDatabases.nextMapFile(state, Posix.pid()))) {
                map.load(in);
            }
            assertTrue(map.getProperty(TESTDB, "").startsWith("jdbc:h2:tcp://127.0.0.1:"), map.toString());

            DevDatabases.useUrlMap(state); // what a generation does before it loads the application
            assertEquals(TESTDB, bootsUrl());
            assertEquals("always", System.getProperty("spring.sql.init.mode"), "Boot's scripts run as for an embedded database");
            assertEquals("create", System.getProperty("spring.jpa.hibernate.ddl-auto"));
        } finally {
            System.clearProperty(BootEmbeddedDatabase.UNIQUE_NAME_PROPERTY);
            System.clearProperty(DevDatabases.URL_MAP_PROPERTY);
            System.clearProperty("spring.sql.init.mode");
            System.clearProperty("spring.jpa.hibernate.ddl-auto");
            databases.stop();
        }
        ProcessChecks.assertGone("the H2 server", List.of(h2), Duration.ofSeconds(10));
    }

    @Test
    void anApplicationThatNamesItsOwnUrlOrNameIsTakenAtItsWord() throws Exception {
        List<String> classpath = List.of(classes.toString(), jarOnTestClasspath("spring-boot-jdbc-[0-9.]+\\.jar"));
        Files.writeString(classes.resolve("application.properties"), "spring.datasource.name=shop\n");
        assertEquals("jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE", BootEmbeddedDatabase.of(classpath, List.of(classes)).url());
        Files.writeString(classes.resolve("application.properties"), "spring.datasource.url=jdbc:postgresql://127.0.0.1/shop\n");
        assertNull(BootEmbeddedDatabase.of(classpath, List.of(classes)).url());
        Files.delete(classes.resolve("application.properties"));
        Files.writeString(classes.resolve("application.yml"), "spring:\n  datasource:\n    url: jdbc:h2:mem:shop\n");
        assertNull(BootEmbeddedDatabase.of(classpath, List.of(classes)).url());
        assertNull(BootEmbeddedDatabase.of(List.of(classes.toString()), List.of(classes)).url(), "not a Boot application");
        assertNotEquals(null, BootEmbeddedDatabase.of(classpath, List.of(state)).url());
    }

    /**
     * A database on the H2 server is reached through a tcp: URL, which Boot does not take for an
     * embedded one: the scripts and Hibernate's tables it runs for an embedded database by default
     * are asked for, unless the application says otherwise.
     */
    @Test
    void bootsEmbeddedDefaultsAreKeptUnlessTheApplicationSetsThem() throws Exception {
        List<String> classpath = List.of(classes.toString(), jarOnTestClasspath("spring-boot-jdbc-[0-9.]+\\.jar"));
        Files.writeString(classes.resolve("application.properties"), "spring.jpa.hibernate.ddl-auto=none\n");
        BootEmbeddedDatabase.of(classpath, List.of(classes)).writeEmbeddedDefaults(state);
        try {
            BootEmbeddedDatabase.useEmbeddedDefaults(state);
            assertEquals("always", System.getProperty("spring.sql.init.mode"));
            assertNull(System.getProperty("spring.jpa.hibernate.ddl-auto"), "the application's none stands");
        } finally {
            System.clearProperty("spring.sql.init.mode");
        }
        Files.writeString(classes.resolve("application.properties"), "");
        Files.writeString(classes.resolve("application.yml"), "spring:\n  sql:\n    init:\n      platform: h2\n      mode: never\n");
        BootEmbeddedDatabase.of(classpath, List.of(classes)).writeEmbeddedDefaults(state);
        System.setProperty("spring.jpa.hibernate.ddl-auto", "validate");
        try {
            BootEmbeddedDatabase.useEmbeddedDefaults(state);
            assertNull(System.getProperty("spring.sql.init.mode"), "the application's never stands");
            assertEquals("validate", System.getProperty("spring.jpa.hibernate.ddl-auto"), "a system property the user gave wins");
        } finally {
            System.clearProperty("spring.jpa.hibernate.ddl-auto");
        }
        BootEmbeddedDatabase.of(List.of(classes.toString()), List.of(classes)).writeEmbeddedDefaults(state);
        BootEmbeddedDatabase.useEmbeddedDefaults(state);
        assertNull(System.getProperty("spring.sql.init.mode"), "not a Boot application");
    }

    /**
     * DevTools, declared by the application as an optional dependency, runs SHUTDOWN on an
     * in-memory database when a context closes: a retiring generation would shut the database on
     * the H2 server down under the one that serves. Its configuration is excluded, unless the
     * application excludes auto-configurations itself (a system property would replace its list).
     */
    @Test
    void devToolsDoesNotShutTheSharedDatabaseDownWhenAGenerationRetires(@TempDir Path jars) throws Exception {
        Path devtools = Files.createFile(jars.resolve("spring-boot-devtools-4.0.3.jar")); // only its name is read
        List<String> classpath = List.of(classes.toString(), jarOnTestClasspath("spring-boot-jdbc-[0-9.]+\\.jar"), devtools.toString());
        Files.writeString(classes.resolve("application.properties"), "spring.sql.init.mode=always\nspring.jpa.hibernate.ddl-auto=none\n");
        BootEmbeddedDatabase.of(classpath, List.of(classes)).writeEmbeddedDefaults(state);
        try {
            BootEmbeddedDatabase.useEmbeddedDefaults(state);
            assertEquals(BootEmbeddedDatabase.DEVTOOLS_DATABASE_SHUTDOWN, System.getProperty("spring.autoconfigure.exclude"));
        } finally {
            System.clearProperty("spring.autoconfigure.exclude");
        }
        Files.writeString(classes.resolve("application.yml"), "spring:\n  autoconfigure:\n    exclude: com.example.Other\n");
        BootEmbeddedDatabase.of(classpath, List.of(classes)).writeEmbeddedDefaults(state);
        BootEmbeddedDatabase.useEmbeddedDefaults(state);
        assertNull(System.getProperty("spring.autoconfigure.exclude"), "the application's own list stands");
        BootEmbeddedDatabase.of(classpath.subList(0, 2), List.of(classes)).writeEmbeddedDefaults(state);
        BootEmbeddedDatabase.useEmbeddedDefaults(state);
        assertNull(System.getProperty("spring.autoconfigure.exclude"), "no DevTools");
    }

    @Test
    void aProfileThatIsNotActiveDoesNotCount() throws Exception {
        List<String> classpath = List.of(classes.toString(), jarOnTestClasspath("spring-boot-jdbc-[0-9.]+\\.jar"));
        // As a real application ships them: H2 by default, a profile per production database.
        Files.writeString(classes.resolve("application.properties"), "spring.sql.init.mode=always\n");
        Files.writeString(classes.resolve("application-mysql.properties"), "spring.datasource.url=jdbc:mysql://localhost/shop\n");
        Files.writeString(classes.resolve("application-postgres.yml"), "spring:\n  datasource:\n    url: jdbc:postgresql://localhost/shop\n");
        assertEquals(TESTDB, BootEmbeddedDatabase.of(classpath, List.of(classes)).url());
        Files.writeString(classes.resolve("application.properties"), "spring.profiles.active=cache, postgres\n");
        assertNull(BootEmbeddedDatabase.of(classpath, List.of(classes)).url(), "the active profile names a URL");
    }
}
