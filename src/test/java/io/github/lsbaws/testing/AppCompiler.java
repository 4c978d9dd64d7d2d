package io.github.lsbaws.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.ToolProvider;

/**
 * Compiles an application at test time, with javac's defaults (string concatenation as
 * invokedynamic, unlike the test classes), into a directory the server loads it from.
 */
public final class AppCompiler {
    private AppCompiler() {}

    /** Compiles the source of className into classes (its .java file is kept under classes/src). */
    public static void compile(Path classes, String className, String source) throws Exception {
        compile(classes, className, source, java.util.List.of());
    }

    /** The same, against the jars or directories of classpath. */
    public static void compile(Path classes, String className, String source, java.util.List<String> classpath) throws Exception {
        Path file = classes.resolve("src").resolve(className.replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        java.util.List<String> arguments = new java.util.ArrayList<>(java.util.List.of("--release", "17", "-d", classes.toString()));
        if (!classpath.isEmpty()) {
            arguments.addAll(java.util.List.of("-cp", String.join(java.io.File.pathSeparator, classpath)));
        }
        arguments.add(file.toString());
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, arguments.toArray(String[]::new));
        if (status != 0) {
            throw new AssertionError("the test application " + className + " does not compile");
        }
    }

    /**
     * A WSGI-style application class named className whose app answers 200 with body (a Java
     * expression of the String query and path) after sleeping ?ms=N, and whose class initialiser runs init.
     */
    public static void compileWsgi(Path classes, String className, String body, String init) throws Exception {
        int dot = className.lastIndexOf('.');
        compile(classes, className, "package " + className.substring(0, dot) + ";\n"
                + "import java.util.*; import java.util.function.*;\n"
                + "public class " + className.substring(dot + 1) + " {\n"
                + "    static { " + init + " }\n"
                + "    public static final BiFunction<Map<String, Object>, BiConsumer<String, List<Map.Entry<String, String>>>,"
                + " Iterable<byte[]>> app = (environ, start) -> {\n"
                + "        String query = (String) environ.get(\"QUERY_STRING\");\n"
                + "        String path = (String) environ.get(\"PATH_INFO\");\n"
                + "        if (query.startsWith(\"ms=\")) { try { Thread.sleep(Long.parseLong(query.substring(3))); }"
                + " catch (InterruptedException e) { } }\n"
                + "        String body = " + body + ";\n"
                + "        start.accept(\"200 OK\", List.of(Map.entry(\"Content-Type\", \"text/plain\")));\n"
                + "        return List.of(body.getBytes());\n"
                + "    };\n"
                + "}\n");
    }
}
