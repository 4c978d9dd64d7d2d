package io.github.lsbaws.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.lsbaws.testing.AppCompiler;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The split of an application's classpath: a library jar's classes are loaded once for every
 * deployment, the project's again for each, and the project's directory comes first, for
 * classes and resources alike, as it did in one loader of the whole classpath.
 */
class ApplicationLoadersTest {
    @TempDir
    Path project;
    @TempDir
    Path work;

    @Test
    void librariesAreSharedAndTheProjectIsLoadedAgainAndComesFirst() throws Exception {
        Path libraryClasses = work.resolve("library-classes");
        AppCompiler.compile(libraryClasses, "lib.Shared", "package lib; public class Shared { public static String who() { return \"library\"; } }");
        AppCompiler.compile(libraryClasses, "lib.Patched", "package lib; public class Patched { public static String who() { return \"library\"; } }");
        Path jar = work.resolve("library.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            add(out, "lib/Shared.class", Files.readAllBytes(libraryClasses.resolve("lib/Shared.class")));
            add(out, "lib/Patched.class", Files.readAllBytes(libraryClasses.resolve("lib/Patched.class")));
            add(out, "settings.properties", "from=library\n".getBytes(StandardCharsets.UTF_8));
        }
        // the project's own class, and its own copy of a library class and of a resource
        AppCompiler.compile(project, "app.Main", "package app; public class Main { public static String who() { return lib.Shared.who(); } }",
                List.of(jar.toString()));
        AppCompiler.compile(project, "lib.Patched", "package lib; public class Patched { public static String who() { return \"project\"; } }");
        Files.writeString(project.resolve("settings.properties"), "from=project\n");

        ApplicationLoaders loaders = ApplicationLoaders.of(List.of(project.toString(), jar.toString()), getClass().getClassLoader());
        ClassLoader first = loaders.newProjectLoader();
        ClassLoader second = loaders.newProjectLoader();

        Class<?> shared = Class.forName("lib.Shared", true, first);
        assertSame(loaders.libraries(), shared.getClassLoader(), "a library class is the libraries' loader's");
        assertSame(shared, Class.forName("lib.Shared", true, second), "and the same class for the next deployment");

        Class<?> main = Class.forName("app.Main", true, first);
        assertSame(first, main.getClassLoader());
        Class<?> mainAgain = Class.forName("app.Main", true, second);
        assertNotSame(main, mainAgain, "the project's classes are loaded again for each deployment");
        assertEquals("library", main.getMethod("who").invoke(null), "a project class links against the library");

        Class<?> patched = Class.forName("lib.Patched", true, first);
        assertSame(first, patched.getClassLoader());
        assertEquals("project", patched.getMethod("who").invoke(null), "the project's copy of a class hides the library's");

        assertEquals("from=project", read(first.getResource("settings.properties")), "the project's resource comes first");
        try (InputStream in = first.getResourceAsStream("settings.properties")) {
            assertEquals("from=project", new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
        }
        List<URL> all = Collections.list(first.getResources("settings.properties"));
        assertEquals(2, all.size(), all.toString());
        assertEquals("from=project", read(all.get(0)));
        assertEquals("from=library", read(all.get(1)));
        assertSame(String.class, Class.forName("java.lang.String", false, first));
    }

    /** A library resource, or its absence, is looked up once; the project's own still comes first. */
    @Test
    void whatTheLibrariesResolvedIsKept() throws Exception {
        Path jar = work.resolve("library.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            add(out, "static/site.css", "body {}\n".getBytes(StandardCharsets.UTF_8));
        }
        Map<String, Integer> asked = new ConcurrentHashMap<>();
        ClassLoader server = new ClassLoader(getClass().getClassLoader()) {
            @Override
            public URL getResource(String name) {
                asked.merge(name, 1, Integer::sum); // a library loader asks its parent first
                return super.getResource(name);
            }
        };
        ApplicationLoaders loaders = ApplicationLoaders.of(List.of(project.toString(), jar.toString()), server);
        ClassLoader deployment = loaders.newProjectLoader();
        URL found = deployment.getResource("static/site.css");
        assertEquals("body {}", read(found));
        for (int i = 0; i < 3; i++) {
            assertSame(found, deployment.getResource("static/site.css"));
            assertNull(deployment.getResource("static/missing.css"));
            assertNull(loaders.libraries().getResource("static/missing.css"));
        }
        assertEquals(Map.of("static/site.css", 1, "static/missing.css", 1), asked);

        Files.createDirectories(project.resolve("static"));
        Files.writeString(project.resolve("static/site.css"), "p {}\n");
        assertEquals("p {}", read(loaders.newProjectLoader().getResource("static/site.css")), "the project's copy hides the library's");
    }

    private static void add(JarOutputStream out, String name, byte[] bytes) throws Exception {
        out.putNextEntry(new JarEntry(name));
        out.write(bytes);
        out.closeEntry();
    }

    private static String read(URL url) throws Exception {
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }
}
