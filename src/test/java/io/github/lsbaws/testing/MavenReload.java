package io.github.lsbaws.testing;

import io.github.lsbaws.supervisor.ReloadRequest;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Edits a sample project while "mvn lsbaws:serve" serves it, as a user with an editor does: a
 * constant in one source (another class inlines it), a resource, a compile error and its fix, a
 * method body (redefined in the serving generation). Each save must be served without a restart; the compile error must print javac's diagnostic
 * and leave the last good code serving. Enter reloads; a changed POM is said to need a restart.
 * Called from src/it/reload-on-save/verify.groovy.
 */
public final class MavenReload {
    private static final String GET = "GET /hello HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    private static final Duration RELOAD_TIMEOUT = Duration.ofSeconds(60);

    private MavenReload() {}

    public static void verify(File basedir, File localRepository) throws Exception {
        Path words = basedir.toPath().resolve("src/main/java/com/example/reload/Words.java");
        Path punctuation = basedir.toPath().resolve("src/main/resources/punctuation.txt");
        try (ServeBuild build = new ServeBuild(basedir, localRepository)) {
            assertServed(build, "Hello, world!");

            edit(words, "\"Hello\"", "\"Bonjour\"");
            awaitServed(build, "Bonjour, world!");
            String reloaded = build.awaitLine("Reloaded in ", RELOAD_TIMEOUT);
            if (!reloaded.contains(": compiled 2 files in ")) { // its generation depends on whether a learned one came first
                throw new AssertionError("the constant's class and the class that inlines it are compiled: " + reloaded);
            }

            Files.writeString(punctuation, "?\n");
            awaitServed(build, "Bonjour, world?");

            edit(words, "\"Bonjour\";", "\"Hola\"");
            String error = build.awaitLine("Words.java:", RELOAD_TIMEOUT);
            if (!error.matches(".*src/main/java/com/example/reload/Words\\.java:\\d+: error: .*")) {
                throw new AssertionError("javac's diagnostic as file:line: error: message, got: " + error);
            }
            build.awaitLine("the server keeps serving the last good code", RELOAD_TIMEOUT);
            assertServed(build, "Bonjour, world?");

            edit(words, "\"Hola\"", "\"Hola\";");
            awaitServed(build, "Hola, world?");
            build.assertNoZombie();

            // a method body alone: the serving generation redefines the class, no new generation
            Path greeter = basedir.toPath().resolve("src/main/java/com/example/reload/Greeter.java");
            int beforeBodyEdit = build.linesSoFar();
            edit(greeter, "\", world\"", "\", there\"");
            awaitServed(build, "Hola, there?");
            String redefined = build.awaitLineAfter(beforeBodyEdit, "Redefined 1 class in ", RELOAD_TIMEOUT);
            if (!redefined.matches(".*[:,] compiled \\d+ files? in .*")) { // Words mentions Greeter: compiled again, to the same bytes, not redefined
                throw new AssertionError("the saved source is compiled: " + redefined);
            }
            if (build.output().lines().skip(beforeBodyEdit).anyMatch(line -> line.contains("Reloaded in "))) {
                throw new AssertionError("a body edit needs no new generation:\n" + build.output());
            }

            int mark = build.linesSoFar();
            build.process().reload(ReloadRequest.ofChange(0, 0, 0)); // a line on Maven's standard input: Enter
            String enter = build.awaitLineAfter(mark, "Reloaded in ", RELOAD_TIMEOUT);
            if (!enter.matches(".*\\(generation \\d+: started in .*")) {
                throw new AssertionError("Enter reloads without compiling: " + enter);
            }

            Path pom = basedir.toPath().resolve("pom.xml");
            Files.writeString(pom, Files.readString(pom).replace("</description>", " Edited.</description>"));
            build.awaitLine("pom.xml changed: the POM and the dependencies are read when lsbaws:serve starts", RELOAD_TIMEOUT);
        }
    }

    private static void edit(Path file, String from, String to) throws Exception {
        String text = Files.readString(file);
        if (!text.contains(from)) {
            throw new AssertionError(file + " does not contain " + from);
        }
        Files.writeString(file, text.replace(from, to));
    }

    private static String body(ServeBuild build) throws Exception {
        String response = RawHttp.exchange(build.port(), GET);
        if (!response.startsWith("HTTP/1.1 200 OK\r\n")) {
            throw new AssertionError("every request is answered, during reloads too: " + RawHttp.escaped(response));
        }
        return RawHttp.body(response).strip();
    }

    private static void assertServed(ServeBuild build, String expected) throws Exception {
        String body = body(build);
        if (!body.equals(expected)) {
            throw new AssertionError("expected " + expected + " but got " + body);
        }
    }

    private static void awaitServed(ServeBuild build, String expected) throws Exception {
        long deadline = System.nanoTime() + RELOAD_TIMEOUT.toNanos();
        String body;
        while (!(body = body(build)).equals(expected)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still " + body + " instead of " + expected + ":\n" + build.output());
            }
            Thread.sleep(50);
        }
    }
}
