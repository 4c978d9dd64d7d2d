package io.github.lsbaws.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.codehaus.plexus.util.xml.Xpp3DomBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real javac runs, on a small project in a temporary directory. */
class SourceCompilerTest {
    @TempDir
    Path project;
    private Path sources;
    private Path output;
    private SourceCompiler compiler;

    @BeforeEach
    void compileTheProjectOnce() throws Exception {
        sources = project.resolve("src/main/java");
        output = project.resolve("target/classes");
        Files.createDirectories(output);
        write("com/x/Greeting.java", "package com.x;\npublic class Greeting {\n    public static final String TEXT = \"Hello\";\n}\n");
        write("com/x/App.java", "package com.x;\npublic class App {\n    public static String text() { return Greeting.TEXT; }\n"
                + "    static class Inner {}\n}\n");
        write("com/x/Unrelated.java", "package com.x;\npublic class Unrelated {}\n");
        CompilerSettings settings = CompilerSettings.from(Xpp3DomBuilder.build(new StringReader(
                "<configuration><release>17</release><encoding>UTF-8</encoding></configuration>")), new Properties(), c -> null);
        compiler = new SourceCompiler(settings, List.of(output.toString()), output, project.resolve("target/lsbaws/compile"), project);
        SourceCompiler.Result first = compiler.compile(List.of(source("com/x/Greeting.java"), source("com/x/App.java"),
                source("com/x/Unrelated.java")));
        assertTrue(first.succeeded(), first.errors().toString());
    }

    @AfterEach
    void close() throws Exception {
        compiler.close();
    }

    @Test
    void aChangedConstantRecompilesTheClassesThatNameIt() throws Exception {
        write("com/x/Greeting.java", "package com.x;\npublic class Greeting {\n    public static final String TEXT = \"Bonjour\";\n}\n");
        Set<Path> toCompile = compiler.withDependents(List.of(source("com/x/Greeting.java")), List.of(), allSources());
        assertEquals(Set.of(source("com/x/Greeting.java"), source("com/x/App.java")), toCompile,
                "App inlined the constant: it is compiled again; Unrelated is not");
        SourceCompiler.Result result = compiler.compile(toCompile);
        assertTrue(result.succeeded(), result.errors().toString());
        assertEquals(2, result.files());
        assertEquals("Bonjour", textOfApp());
    }

    /**
     * The compiler's own release compiles against its own runtime (no ct.sym), an older one
     * still against that release's API: HexFormat came with Java 17.
     */
    @Test
    void anOlderReleaseStillRefusesWhatItDidNotHave() throws Exception {
        write("com/x/Hex.java", "package com.x;\npublic class Hex {\n    static String of(byte[] b) {"
                + " return java.util.HexFormat.of().formatHex(b); }\n}\n");
        SourceCompiler.Result own = compiler.compile(List.of(source("com/x/Hex.java")));
        assertTrue(own.succeeded(), own.errors().toString());
        CompilerSettings eleven = CompilerSettings.from(Xpp3DomBuilder.build(new StringReader(
                "<configuration><release>11</release></configuration>")), new Properties(), c -> null);
        try (SourceCompiler older = new SourceCompiler(eleven, List.of(output.toString()), output,
                project.resolve("target/lsbaws/compile-11"), project)) {
            SourceCompiler.Result result = older.compile(List.of(source("com/x/Hex.java")));
            assertFalse(result.succeeded());
            assertTrue(result.errors().toString().contains("HexFormat"), result.errors().toString());
        }
    }

    @Test
    void aCompileErrorSaysFileAndLineAndKeepsTheLastGoodClasses() throws Exception {
        write("com/x/Greeting.java", "package com.x;\npublic class Greeting {\n    public static final String TEXT = \"Hi\"\n}\n");
        SourceCompiler.Result result = compiler.compile(List.of(source("com/x/Greeting.java")));
        assertFalse(result.succeeded());
        assertEquals(1, result.errors().size(), result.errors().toString());
        assertTrue(result.errors().get(0).startsWith("src/main/java/com/x/Greeting.java:3: error: ';' expected"),
                result.errors().get(0));
        assertEquals("Hello", textOfApp());
    }

    @Test
    void aRemovedNestedClassAndADeletedSourceLeaveNoClassBehind() throws Exception {
        assertTrue(Files.exists(output.resolve("com/x/App$Inner.class")));
        write("com/x/App.java", "package com.x;\npublic class App {\n    public static String text() { return Greeting.TEXT; }\n}\n");
        assertTrue(compiler.compile(List.of(source("com/x/App.java"))).succeeded());
        assertFalse(Files.exists(output.resolve("com/x/App$Inner.class")));
        Files.delete(source("com/x/Unrelated.java"));
        compiler.removeClassesOf(source("com/x/Unrelated.java"), sources);
        assertFalse(Files.exists(output.resolve("com/x/Unrelated.class")));
    }

    @Test
    void theWarmUpWritesNothingTheServerReads() throws Exception {
        Map<String, String> before = fingerprint(project.resolve("target"));
        CompilerWarmUp warmUp = new CompilerWarmUp(compiler, allSources(), scratch(), 9, message -> {});
        awaitFinished(warmUp);
        assertEquals(9, warmUp.compilations(), "the 3 sources compiled 3 times each");
        assertEquals(before, fingerprint(project.resolve("target")), "the output and staging directories are as they were");
        assertFalse(Files.exists(scratch()), "the scratch directory is removed");
        assertThrows(IllegalArgumentException.class, () -> compiler.practice(output.resolve("practice")));
        assertThrows(IllegalArgumentException.class, () -> compiler.practice(project.resolve("target/lsbaws/compile")));
        write("com/x/Greeting.java", "package com.x;\npublic class Greeting {\n    public static final String TEXT = \"Hola\";\n}\n");
        SourceCompiler.Result result = compiler.compile(compiler.withDependents(List.of(source("com/x/Greeting.java")), List.of(),
                allSources()));
        assertTrue(result.succeeded(), "compiled with the file manager the warm-up handed over: " + result.errors());
        assertEquals("Hola", textOfApp());
    }

    /** The practice waits until the server serves (the first deployment is not slowed down), and a stop ends the wait. */
    @Test
    void theWarmUpBeginsOnceTheServerServesAndAStopEndsItsWait() throws Exception {
        java.util.concurrent.CountDownLatch served = new java.util.concurrent.CountDownLatch(1);
        CompilerWarmUp warmUp = new CompilerWarmUp(compiler, allSources(), scratch(), 3, message -> {}, () -> {
            served.await();
            return true;
        });
        Thread.sleep(500); // long enough for a compilation, had it not waited
        assertEquals(0, warmUp.compilations(), "nothing compiled before the server serves");
        assertFalse(warmUp.finished());
        served.countDown();
        awaitFinished(warmUp);
        assertEquals(3, warmUp.compilations(), "compiled once the server served");

        List<String> said = new CopyOnWriteArrayList<>();
        CompilerWarmUp waiting = new CompilerWarmUp(compiler, allSources(), scratch(), 3, said::add, () -> {
            new java.util.concurrent.CountDownLatch(1).await(); // a server that never serves
            return true;
        });
        waiting.stopAndWait(10_000);
        assertTrue(waiting.finished(), "a stop ends the wait at once");
        assertEquals(0, waiting.compilations());
        assertTrue(said.stream().anyMatch(line -> line.contains("stopped before the server served")), said.toString());
        assertFalse(Files.exists(scratch()));
    }

    /** A save compiled while the practice runs, beside it, then stops it. */
    @Test
    void aSaveDuringTheWarmUpIsCompiledAsAlwaysAndStopsIt() throws Exception {
        List<String> said = new CopyOnWriteArrayList<>();
        CompilerWarmUp warmUp = new CompilerWarmUp(compiler, allSources(), scratch(), 30_000, said::add);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (warmUp.compilations() < 2) {
            assertTrue(System.nanoTime() < deadline, "the warm-up compiles");
            Thread.sleep(20);
        }
        write("com/x/Greeting.java", "package com.x;\npublic class Greeting {\n    public static final String TEXT = \"Bonjour\";\n}\n");
        SourceCompiler.Result result = compiler.compile(compiler.withDependents(List.of(source("com/x/Greeting.java")), List.of(),
                allSources()));
        assertTrue(result.succeeded(), result.errors().toString());
        assertFalse(warmUp.finished(), "the save was compiled while the warm-up ran");
        assertEquals("Bonjour", textOfApp());
        warmUp.stop();
        awaitFinished(warmUp);
        assertTrue(warmUp.compilations() < 30_000, "stopped: " + warmUp.compilations());
        assertTrue(said.stream().anyMatch(line -> line.contains("stopped by a save")), said.toString());
        assertFalse(Files.exists(scratch()));
        assertEquals(Set.of("App.class", "App$Inner.class", "Greeting.class", "Unrelated.class"), classFileNames(),
                "only the compiled classes in the output");
    }

    private Path scratch() {
        return project.resolve("target/lsbaws/compile-warm-up");
    }

    private static void awaitFinished(CompilerWarmUp warmUp) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!warmUp.finished()) {
            assertTrue(System.nanoTime() < deadline, "the warm-up ends within 120 s");
            Thread.sleep(20);
        }
    }

    /** Every file and directory under root, with its content's hash and time of modification. */
    private static Map<String, String> fingerprint(Path root) throws Exception {
        Map<String, String> result = new TreeMap<>();
        try (var walk = Files.walk(root)) {
            for (Path file : (Iterable<Path>) walk::iterator) {
                result.put(root.relativize(file).toString(), Files.isDirectory(file) ? "directory"
                        : Arrays.hashCode(Files.readAllBytes(file)) + " " + Files.getLastModifiedTime(file));
            }
        }
        return result;
    }

    private Set<String> classFileNames() throws Exception {
        try (var list = Files.list(output.resolve("com/x"))) {
            return list.map(file -> file.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    private String textOfApp() throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {output.toUri().toURL()}, null)) {
            return (String) loader.loadClass("com.x.App").getMethod("text").invoke(null);
        }
    }

    private List<Path> allSources() throws Exception {
        try (var walk = Files.walk(sources)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    private Path source(String name) {
        return sources.resolve(name);
    }

    private void write(String name, String text) throws Exception {
        Path file = sources.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
