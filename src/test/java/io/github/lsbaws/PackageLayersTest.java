package io.github.lsbaws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages sit on one another as docs/architecture.md's map says: the server runtime knows
 * neither the supervisor nor the Servlet container, the protocol between them belongs to
 * neither, and the codec and the libc binding know nothing of the server.
 */
class PackageLayersTest {
    private static final Path SOURCES = Path.of("src/main/java/io/github/lsbaws");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?io\\.github\\.lsbaws\\.([a-z]+)\\.", Pattern.MULTILINE);
    private static final Set<String> ABOVE_THE_RUNTIME = Set.of("supervisor", "servlet", "jvm", "maven", "launcher", "reload");
    /** What each package must not import. */
    private static final Map<String, Set<String>> FORBIDDEN = Map.of(
            "natives", Set.of("http", "gateway", "server", "protocol", "learning", "supervisor", "servlet", "jvm", "maven",
                    "launcher", "reload"),
            "http", Set.of("natives", "gateway", "server", "protocol", "learning", "supervisor", "servlet", "jvm", "maven",
                    "launcher", "reload"),
            "protocol", Set.of("http", "gateway", "server", "learning", "supervisor", "servlet", "jvm", "maven", "launcher",
                    "reload"),
            "gateway", Set.of("server", "protocol", "supervisor", "servlet", "jvm", "maven", "launcher", "reload"),
            "server", ABOVE_THE_RUNTIME,
            "supervisor", Set.of("gateway", "servlet", "jvm", "maven", "launcher", "reload"),
            "servlet", Set.of("supervisor", "protocol", "jvm", "maven", "launcher", "reload"));

    @Test
    void noPackageImportsOneAboveIt() throws IOException {
        List<String> violations = new ArrayList<>();
        int files = 0;
        for (Map.Entry<String, Set<String>> layer : FORBIDDEN.entrySet()) {
            try (Stream<Path> sources = Files.walk(SOURCES.resolve(layer.getKey()))) {
                for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                    files++;
                    Matcher imported = IMPORT.matcher(Files.readString(source));
                    while (imported.find()) {
                        if (layer.getValue().contains(imported.group(1))) {
                            violations.add(SOURCES.relativize(source) + " imports " + imported.group(1));
                        }
                    }
                }
            }
        }
        assertTrue(files > 100, "the sources were found: " + files + " files");
        assertEquals(List.of(), violations);
    }
}
