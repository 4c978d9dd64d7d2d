package io.github.lsbaws.redefine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Class files compiled by javac from two versions of a source: which edits keep the shape. */
class ClassShapeTest {
    private static final String CONTROLLER = """
            package demo;
            @Deprecated
            public class Controller {
                private static final java.util.List<String> NAMES = new java.util.ArrayList<>(java.util.List.of("a"));
                private final String prefix;
                public Controller() { prefix = "p"; }
                @Deprecated(since = "1")
                public String greet(@Checked String name) { return "Hello, " + name; }
                @java.lang.annotation.Target({java.lang.annotation.ElementType.PARAMETER, java.lang.annotation.ElementType.TYPE_USE})
                @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
                @interface Checked { }
                String other() { Runnable r = () -> System.out.println("x"); r.run(); return "other"; }
                static class Inner { }
            }
            """;

    @TempDir
    Path directory;
    private int compilations;

    private ClassShape shapeOf(String source) throws IOException {
        Path root = directory.resolve("v" + compilations++);
        Path file = root.resolve("demo/Controller.java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", root.toString(), file.toString());
        assertEquals(0, status, "compiles");
        return ClassShape.of(Files.readAllBytes(root.resolve("demo/Controller.class")));
    }

    private ClassShape edited(String from, String to) throws IOException {
        assertTrue(CONTROLLER.contains(from), from);
        return shapeOf(CONTROLLER.replace(from, to));
    }

    @Test
    void aMethodBodyEditKeepsTheShapeEvenWhenTheConstantPoolMoves() throws IOException {
        ClassShape before = shapeOf(CONTROLLER);
        ClassShape after = edited("return \"Hello, \" + name;", "String n = name.strip(); return \"Bonjour, \" + n + java.time.LocalDate.now();");
        assertEquals("demo.Controller", after.className());
        assertNull(after.differenceFrom(before), () -> "body only:\n" + before + "\n---\n" + after);
        assertEquals(before, after);
    }

    @Test
    void aNewMethodChangesTheShape() throws IOException {
        String difference = edited("static class Inner", "public String added() { return \"\"; }\n static class Inner")
                .differenceFrom(shapeOf(CONTROLLER));
        assertNotNull(difference);
        assertTrue(difference.contains("added"), difference);
    }

    @Test
    void aChangedAnnotationChangesTheShape() throws IOException {
        assertNotNull(edited("@Deprecated(since = \"1\")", "@Deprecated(since = \"2\")").differenceFrom(shapeOf(CONTROLLER)),
                "an annotation a framework read at deployment");
        assertNotNull(edited("@Deprecated\n", "").differenceFrom(shapeOf(CONTROLLER)));
        assertNotNull(edited("greet(@Checked String name)", "greet(String name)").differenceFrom(shapeOf(CONTROLLER)),
                "a type annotation, such as jakarta.validation's @Valid");
    }

    @Test
    void aChangedSignatureOrFieldChangesTheShape() throws IOException {
        assertNotNull(edited("greet(@Checked String name)", "greet(@Checked CharSequence name)").differenceFrom(shapeOf(CONTROLLER)));
        assertNotNull(edited("private final String prefix;", "private final String prefix; int count;")
                .differenceFrom(shapeOf(CONTROLLER)));
        assertNotNull(edited("public String greet", "protected String greet").differenceFrom(shapeOf(CONTROLLER)));
    }

    @Test
    void aConstructorOrStaticInitialiserEditChangesTheShape() throws IOException {
        assertNotNull(edited("prefix = \"p\";", "prefix = \"q\";").differenceFrom(shapeOf(CONTROLLER)),
                "objects made at deployment would keep the old state");
        assertNotNull(edited("List.of(\"a\")", "List.of(\"b\")").differenceFrom(shapeOf(CONTROLLER)),
                "a static initialiser never runs again");
    }

    @Test
    void aNewLambdaChangesTheShapeItsBodyDoesNot() throws IOException {
        assertNull(edited("println(\"x\")", "println(\"y\")").differenceFrom(shapeOf(CONTROLLER)));
        assertNotEquals(null, edited("return \"Hello, \" + name;", "java.util.function.Supplier<String> s = () -> name; return s.get();")
                .differenceFrom(shapeOf(CONTROLLER)), "a new synthetic method");
    }

    @Test
    void bytesThatAreNotAClassFileAreRefused() {
        assertThrows(IOException.class, () -> ClassShape.of("not a class".getBytes()));
        assertThrows(IOException.class, () -> ClassShape.of(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0}));
    }
}
