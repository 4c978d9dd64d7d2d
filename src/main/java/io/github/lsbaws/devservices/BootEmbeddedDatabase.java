package io.github.lsbaws.devservices;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Spring Boot's own in-memory database: with H2 on the classpath and no {@code spring.datasource.url},
 * Boot makes {@code jdbc:h2:mem:<random UUID>} (spring.datasource.generate-unique-name, on by
 * default), a URL no file names, which H2 would meet first in the parent and keep there: the first
 * generation's children would lose what they write. So, for such an application, lsbaws has Boot
 * name it as Boot does when unique names are off ({@code testdb}, or spring.datasource.name) and keeps
 * that URL on the H2 server from the first generation on. Each lsbaws run still starts with an empty
 * database, which is what the unique name is for; a -Dspring.datasource.generate-unique-name of the
 * user's own wins.
 */
final class BootEmbeddedDatabase {
    /** The URL Boot's pooled DataSource (HikariCP, its starters' pool) opens for an embedded H2 of that name. */
    private static final String URL = "jdbc:h2:mem:%s;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE";
    /** Boot's name for its embedded database when unique names are off and none is configured. */
    private static final String DEFAULT_NAME = "testdb";
    static final String UNIQUE_NAME_PROPERTY = "spring.datasource.generate-unique-name";
    /** Boot's DataSource auto-configuration: Boot 4's spring-boot-jdbc, Boot 3's spring-boot-autoconfigure. */
    private static final Pattern AUTO_CONFIGURATION_JAR = Pattern.compile("spring-boot-(jdbc|autoconfigure)-[0-9].*\\.jar");
    /** The configuration Boot reads whatever the profile. */
    private static final Pattern CONFIG_FILE = Pattern.compile("application\\.(properties|ya?ml)");
    /** The profiles the application's own configuration makes active. */
    private static final Pattern ACTIVE_PROFILES = Pattern.compile("(?m)^\\s*spring\\.profiles\\.active\\s*[=:]\\s*([A-Za-z0-9_.,\\- ]+?)\\s*$");
    /** A URL of the application's own, in application.properties or .yml. */
    private static final Pattern CONFIGURED_URL = Pattern.compile("(?m)^\\s*spring\\.datasource\\.(url|jdbc-url)\\s*[=:]"
            + "|^\\s+(url|jdbc-url)\\s*:\\s*\\S");
    /** Spring Boot DevTools, an optional dependency many applications declare (spring-petclinic does). */
    private static final Pattern DEVTOOLS_JAR = Pattern.compile("spring-boot-devtools-[0-9].*\\.jar");
    /**
     * DevTools' configuration that runs SHUTDOWN on an in-memory database when a context closes, so
     * that its restart starts with an empty one: a retiring generation would shut the database on
     * the H2 server down under the generation that serves, and every row with it.
     */
    static final String DEVTOOLS_DATABASE_SHUTDOWN = "org.springframework.boot.devtools.autoconfigure.DevToolsDataSourceAutoConfiguration";
    private static final String EXCLUDE_PROPERTY = "spring.autoconfigure.exclude";
    /** spring.autoconfigure.exclude in a properties file, or exclude: under autoconfigure: in YAML. */
    private static final Pattern EXCLUDE = Pattern.compile("(?m)^\\s*spring\\.autoconfigure\\.exclude\\s*[=:]|(?s)\\bautoconfigure:\\s*\\n(\\s+\\S.*\\n)*?\\s+exclude:");
    /** spring.sql.init.mode in a properties file, or mode: under sql: init: in YAML. */
    private static final Pattern SQL_INIT_MODE = Pattern.compile("(?m)^\\s*spring\\.sql\\.init\\.mode\\s*[=:]|(?s)\\binit:\\s*\\n(\\s+\\S.*\\n)*?\\s+mode:");
    private static final Pattern CONFIGURED_NAME = Pattern.compile("(?m)^\\s*spring\\.datasource\\.name\\s*[=:]\\s*([A-Za-z0-9_.\\-]+)\\s*$");

    /** Whether Boot's DataSource auto-configuration is on the classpath. */
    private final boolean autoConfigured;
    /** Whether DevTools is on the classpath. */
    private final boolean devTools;
    /** The texts of the configuration files Boot reads (see {@link #configurationFiles}), read once. */
    private final List<String> configuration;

    private BootEmbeddedDatabase(boolean autoConfigured, boolean devTools, List<String> configuration) {
        this.autoConfigured = autoConfigured;
        this.devTools = devTools;
        this.configuration = configuration;
    }

    /** The application's Boot configuration as far as its embedded database goes, its files read once. */
    static BootEmbeddedDatabase of(List<String> appClasspath, List<Path> applicationFiles) {
        boolean autoConfigured = dataSourceAutoConfigured(appClasspath);
        return new BootEmbeddedDatabase(autoConfigured, onClasspath(appClasspath, DEVTOOLS_JAR),
                autoConfigured ? configurationFiles(applicationFiles) : List.of());
    }

    /**
     * The URL of the embedded database Boot will make for the application, or null: none when
     * Boot's DataSource auto-configuration is not on its classpath or its configuration files name
     * a URL of their own.
     */
    String url() {
        if (!autoConfigured) {
            return null;
        }
        String name = DEFAULT_NAME;
        for (String text : configuration) {
            if (CONFIGURED_URL.matcher(text).find() && text.contains("datasource")) {
                return null;
            }
            Matcher configuredName = CONFIGURED_NAME.matcher(text);
            if (configuredName.find()) {
                name = configuredName.group(1);
            }
        }
        return String.format(URL, name);
    }

    /** Whether Boot's DataSource auto-configuration is on the application's classpath. */
    private static boolean dataSourceAutoConfigured(List<String> appClasspath) {
        return onClasspath(appClasspath, AUTO_CONFIGURATION_JAR);
    }

    private static boolean onClasspath(List<String> appClasspath, Pattern jar) {
        return appClasspath.stream().anyMatch(entry -> jar.matcher(Path.of(entry).getFileName().toString()).matches());
    }

    /**
     * The texts of Boot's configuration files at the roots of the application's classpath
     * directories: application.properties (or .yml) and the files of the profiles it makes active;
     * not those of other profiles (application-mysql.properties names a URL for when that profile is on).
     */
    private static List<String> configurationFiles(List<Path> roots) {
        List<String> texts = new ArrayList<>();
        InMemoryUrls.eachText(roots, 1, name -> CONFIG_FILE.matcher(name).matches(), texts::add);
        Set<String> profiles = new LinkedHashSet<>();
        for (String text : texts) {
            Matcher active = ACTIVE_PROFILES.matcher(text);
            while (active.find()) {
                for (String profile : active.group(1).split(",")) {
                    if (!profile.isBlank()) {
                        profiles.add(profile.strip());
                    }
                }
            }
        }
        for (String profile : profiles) {
            Pattern file = Pattern.compile("application-" + Pattern.quote(profile) + "\\.(properties|ya?ml)");
            InMemoryUrls.eachText(roots, 1, name -> file.matcher(name).matches(), texts::add);
        }
        return texts;
    }

    /** Boot's defaults for an embedded database that a database on the H2 server no longer gets, written for the generations. */
    private static final String EMBEDDED_DEFAULTS_FILE = "boot-embedded-defaults.properties";

    /**
     * Boot decides from the URL whether a database is embedded, and only an embedded one gets
     * schema.sql and data.sql run (spring.sql.init.mode's default) and Hibernate's tables made
     * (ddl-auto's default). An in-memory H2 database that lsbaws keeps on its H2 server is reached
     * through a tcp: URL, which Boot takes for a server's: for a Boot application that sets
     * neither, each generation gets what Boot would have done with the database in its memory,
     * except that the tables are not dropped when a generation closes (a retiring generation
     * would drop them under the one that serves), nor the database shut down by DevTools (the
     * same), unless the application excludes auto-configurations itself.
     */
    void writeEmbeddedDefaults(Path directory) throws IOException {
        Path file = directory.resolve(EMBEDDED_DEFAULTS_FILE);
        Properties defaults = new Properties();
        if (autoConfigured) {
            String texts = String.join("\n", configuration);
            if (!SQL_INIT_MODE.matcher(texts).find()) {
                defaults.setProperty("spring.sql.init.mode", "always");
            }
            if (!texts.contains("ddl-auto") && !texts.contains("generate-ddl")) {
                defaults.setProperty("spring.jpa.hibernate.ddl-auto", "create");
            }
            if (devTools && !EXCLUDE.matcher(texts).find()) {
                defaults.setProperty(EXCLUDE_PROPERTY, DEVTOOLS_DATABASE_SHUTDOWN);
            }
        }
        if (defaults.isEmpty()) {
            Files.deleteIfExists(file);
            return;
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            defaults.store(out, "Boot's defaults for an embedded database, which lsbaws keeps on its H2 server");
        }
    }

    /** In a generation: the defaults written for it, each unless the user set it as a system property. */
    static void useEmbeddedDefaults(Path directory) throws IOException {
        Path file = directory.resolve(EMBEDDED_DEFAULTS_FILE);
        if (!Files.exists(file)) {
            return;
        }
        Properties defaults = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            defaults.load(in);
        }
        for (String name : defaults.stringPropertyNames()) {
            if (System.getProperty(name) == null) {
                System.setProperty(name, defaults.getProperty(name));
            }
        }
    }

    /**
     * In a generation whose URL map keeps Boot's embedded database: Boot is to name it as the map
     * does, unless the user set unique names themselves.
     */
    static void nameIt(Set<String> mappedUrls) {
        boolean bootEmbedded = mappedUrls.stream().anyMatch(url -> url.startsWith("jdbc:h2:mem:")
                && url.endsWith(";DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE"));
        if (bootEmbedded && System.getProperty(UNIQUE_NAME_PROPERTY) == null) {
            System.setProperty(UNIQUE_NAME_PROPERTY, "false");
        }
    }
}
