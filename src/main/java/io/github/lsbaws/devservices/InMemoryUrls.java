package io.github.lsbaws.devservices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The in-memory JDBC URLs an application names in its own files (properties, XML, YAML, class
 * files' string constants), found before it is loaded: the ones a database server must serve
 * from its first connection. A URL the application builds at run time is found by H2 itself
 * instead (it adds every URL it did not find to the URL map file).
 */
public final class InMemoryUrls {
    /** An in-memory URL and its settings, up to what cannot be part of one in a file (quotes, spaces, a placeholder). */
    private static final Pattern URL = Pattern.compile(
            "jdbc:(?:h2:mem:|hsqldb:mem:|derby:memory:)[A-Za-z0-9_.\\-]*(?:;[A-Za-z0-9_.\\-]+(?:=[A-Za-z0-9_.\\-]*)?)*");
    private static final long LARGEST_FILE = 4L << 20;
    private static final Set<String> SKIPPED_SUFFIXES = Set.of(".jar", ".png", ".jpg", ".gif", ".ico", ".woff", ".woff2");

    private InMemoryUrls() {}

    /** The in-memory URLs in the files under roots (directories; jars and missing roots are skipped), sorted. */
    public static Set<String> in(List<Path> roots) {
        Set<String> urls = new TreeSet<>();
        eachText(roots, Integer.MAX_VALUE, name -> true, text -> urls.addAll(inText(text)));
        return urls;
    }

    /**
     * Hands each readable file's text (as ISO-8859-1) under roots, down to depth, whose name
     * matches, to texts; directories only: jars and missing roots are skipped.
     */
    static void eachText(List<Path> roots, int depth, Predicate<String> name, Consumer<String> texts) {
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root, depth)) {
                files.filter(file -> readable(file) && name.test(file.getFileName().toString()))
                        .forEach(file -> texts.accept(read(file)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The in-memory URLs in a text (a class file read as ISO-8859-1 shows its ASCII constants as they are). */
    static Set<String> inText(String text) {
        Set<String> urls = new TreeSet<>();
        Matcher matcher = URL.matcher(text);
        while (matcher.find()) {
            urls.add(matcher.group());
        }
        return urls;
    }

    private static boolean readable(Path file) {
        String name = file.getFileName().toString();
        try {
            return Files.isRegularFile(file) && Files.size(file) <= LARGEST_FILE
                    && SKIPPED_SUFFIXES.stream().noneMatch(name::endsWith);
        } catch (IOException e) {
            return false;
        }
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return ""; // gone meanwhile (a build writing): its URLs are found by H2 at the first connection
        }
    }
}
