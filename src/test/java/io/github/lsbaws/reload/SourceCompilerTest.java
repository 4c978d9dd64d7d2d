package io.github.lsbaws.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
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
