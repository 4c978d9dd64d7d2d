package io.github.lsbaws.reload;

import io.github.lsbaws.redefine.ClassShape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Tells whether the classes a change wrote differ from those the server runs in method bodies
 * only, by the shapes of their class files ({@link ClassShape}). It keeps the shape and bytes of
 * every class file in the output directory as the server last took them, so that the next
 * change is compared with what is served, whoever wrote the files (this dev loop, an IDE,
 * {@code mvn compile}).
 */
final class BodyEdits {
    /** What a change needs: the classes to redefine, or why a new generation (null: redefining is enough). */
    record Verdict(List<String> classes, String newGenerationBecause) {
        boolean redefines() {
            return newGenerationBecause == null;
        }
    }

    private record Known(ClassShape shape, byte[] bytes) {}

    private final Path output;
    private final Map<Path, Known> known = new HashMap<>();

    BodyEdits(Path output) {
        this.output = output;
        if (Files.isDirectory(output)) {
            try (Stream<Path> walk = Files.walk(output)) {
                walk.filter(BodyEdits::isClassFile).forEach(file -> {
                    Known shape = read(file);
                    if (shape != null) {
                        known.put(file, shape);
                    }
                });
            } catch (IOException | UncheckedIOException e) {
                // a directory removed while walked: those files count as new
            }
        }
    }

    private static boolean isClassFile(Path file) {
        return file.toString().endsWith(".class");
    }

    /**
     * Judges the files of the output directory that changed (modified or added) and were removed,
     * and takes them as what the server runs from now on.
     */
    Verdict judge(Collection<Path> modified, Collection<Path> removed) {
        String because = null;
        List<String> classes = new ArrayList<>();
        for (Path file : removed) {
            if (known.remove(file) != null || isClassFile(file)) {
                because = because != null ? because : describe(file) + " was removed";
            }
        }
        for (Path file : modified) {
            if (!isClassFile(file)) {
                because = because != null ? because : describe(file) + " changed in the output directory";
                continue;
            }
            Known now = read(file);
            Known before = now == null ? null : known.get(file);
            if (now == null) {
                known.remove(file);
                because = because != null ? because : describe(file) + " is not a readable class file";
            } else {
                known.put(file, now);
            }
            if (now == null || Arrays.equals(now.bytes(), before == null ? null : before.bytes())) {
                continue; // written again the same (a dependent recompiled): nothing to redefine
            }
            String difference = before == null ? describe(file) + " is a new class" : now.shape().differenceFrom(before.shape());
            if (difference != null) {
                because = because != null ? because : difference;
            } else {
                classes.add(now.shape().className());
            }
        }
        return new Verdict(classes, because);
    }

    private String describe(Path file) {
        return file.startsWith(output) ? output.relativize(file).toString() : file.toString();
    }

    private static Known read(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return new Known(ClassShape.of(bytes), bytes);
        } catch (IOException e) { // gone meanwhile, or not a class file: not redefinable
            return null;
        }
    }
}
