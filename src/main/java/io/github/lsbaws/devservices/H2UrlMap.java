package io.github.lsbaws.devservices;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * H2's URL redirection file (named by the system property h2.urlMap, read at every connection):
 * each line maps a URL as the application passes it to a URL H2 opens instead. H2 adds every URL
 * it does not find there with an empty value, which is how URLs built at run time are learned.
 */
final class H2UrlMap {
    static final String IN_MEMORY = "jdbc:h2:mem:";
    /** The name suffix of the database a generation that must not touch the user's data initialises instead. */
    static final String WARM_UP_SUFFIX = "_LSBAWS_WARMUP";
    /** The name suffix of the database a standby deploying ahead initialises (beside a warm-up's, never the same). */
    static final String AHEAD_SUFFIX = "_LSBAWS_AHEAD";

    private H2UrlMap() {}

    /** Whether url names an in-memory database several connections can share ("jdbc:h2:mem:" alone is private to one). */
    static boolean shareable(String url) {
        return url.startsWith(IN_MEMORY) && !name(url).isEmpty();
    }

    /**
     * The URL of url's database on the server at port: the same name (with a scratch copy's
     * suffix, or "" for the real one) and settings, and kept while the server runs (DB_CLOSE_DELAY=-1) so
     * that it outlives the connections of every generation and child.
     */
    static String onServer(String url, int port, String suffix) {
        String[] parts = url.substring(IN_MEMORY.length()).split(";");
        StringBuilder mapped = new StringBuilder("jdbc:h2:tcp://127.0.0.1:").append(port).append("/mem:").append(parts[0]);
        mapped.append(suffix);
        for (int i = 1; i < parts.length; i++) {
            if (!parts[i].isEmpty() && !parts[i].toUpperCase(Locale.ROOT).startsWith("DB_CLOSE_DELAY=")) {
                mapped.append(';').append(parts[i]);
            }
        }
        return mapped.append(";DB_CLOSE_DELAY=-1").toString();
    }

    private static String name(String url) {
        String rest = url.substring(IN_MEMORY.length());
        int settings = rest.indexOf(';');
        return settings < 0 ? rest : rest.substring(0, settings);
    }

    /** The URLs in a map file (none if it does not exist). */
    static Set<String> urls(Path file) throws IOException {
        Properties map = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                map.load(in);
            }
        }
        return new TreeSet<>(map.stringPropertyNames());
    }

    /** Replaces the map file at once (a rename): H2 in a running child reads either the old map or the new one. */
    static void write(Path file, Map<String, String> map) throws IOException {
        Properties properties = new Properties();
        properties.putAll(map);
        Path written = file.resolveSibling(file.getFileName() + ".new");
        try (OutputStream out = Files.newOutputStream(written)) {
            properties.store(out, "written by lsbaws: in-memory H2 URLs and the database server that keeps them");
        }
        Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The lines of an H2 URL list for a message. */
    static List<String> sorted(Set<String> urls) {
        return new ArrayList<>(new TreeSet<>(urls));
    }
}
