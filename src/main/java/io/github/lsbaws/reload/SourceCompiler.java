package io.github.lsbaws.reload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles changed source files in the Maven JVM with javax.tools, as the project's
 * maven-compiler-plugin would ({@link CompilerSettings}), against the project's compile
 * classpath, which holds its output directory: unchanged classes come from there. What javac
 * writes goes to a staging directory first and replaces the old classes only when the whole
 * compilation succeeded, so that a compile error leaves the classes of the last good code.
 * One file manager serves every compilation, keeping the classpath's jars open and indexed.
 */
final class SourceCompiler implements AutoCloseable {
    /** A compilation: whether it succeeded, how many files, how long, and javac's errors as "file:line: error: message". */
    record Result(boolean succeeded, int files, long millis, List<String> errors) {}

    private final JavaCompiler compiler;
    /** Kept between compilations (its jars open and indexed); guarded by this, as it may be replaced by a warmer one. */
    private StandardJavaFileManager files;
    /** javac's options but for the destination directory. */
    private final List<String> optionsButDestination;
    private final List<String> options;
    private final Path output;
    private final Path staging;
    private final Path projectDirectory;
    private final Charset encoding;

    /**
     * @param classpath the project's compile classpath (its output directory included)
     * @param staging a directory of the plugin's own, emptied before each compilation
     */
    SourceCompiler(CompilerSettings settings, List<String> classpath, Path output, Path staging, Path projectDirectory) {
        this.compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("this Java runtime has no compiler (javax.tools); run Maven with a JDK");
        }
        this.encoding = settings.encoding() == null ? Charset.defaultCharset() : Charset.forName(settings.encoding());
        this.files = compiler.getStandardFileManager(null, Locale.ROOT, encoding);
        this.output = output;
        this.staging = staging;
        this.projectDirectory = projectDirectory;
        List<String> all = new ArrayList<>(settings.javacOptions());
        all.addAll(List.of("-classpath", String.join(java.io.File.pathSeparator, classpath), "-sourcepath", "", "-implicit:none"));
        this.optionsButDestination = List.copyOf(all);
        this.options = optionsWritingTo(staging);
    }

    private List<String> optionsWritingTo(Path destination) {
        List<String> all = new ArrayList<>(List.of("-d", destination.toString()));
        all.addAll(optionsButDestination);
        return List.copyOf(all);
    }

    /** The javac options used, for tests and the debug log. */
    List<String> options() {
        return options;
    }

    /**
     * Compiles sources; on success their classes replace the old ones in the output directory
     * (a class nested in one of them that is gone now is removed too).
     */
    synchronized Result compile(Collection<Path> sources) throws IOException {
        long start = System.nanoTime();
        clear(staging);
        Files.createDirectories(staging);
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
        boolean succeeded = compiler.getTask(null, files, diagnostics, options, null, units).call();
        List<String> errors = diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(this::describe).toList();
        if (succeeded) {
            install();
        }
        return new Result(succeeded, sources.size(), (System.nanoTime() - start) / 1_000_000, errors);
    }

    /**
     * A compiler of practice runs ({@link CompilerWarmUp}): the same javac options, but it writes
     * into scratch, with a file manager of its own (one is not to be shared between threads), so
     * that it can run beside {@link #compile} and never touches the output or staging directory.
     */
    Practice practice(Path scratch) {
        if (scratch.equals(staging) || scratch.startsWith(output) || output.startsWith(scratch)) {
            throw new IllegalArgumentException("a practice compiler writes neither to the output nor to the staging directory: " + scratch);
        }
        return new Practice(scratch);
    }

    /** See {@link #practice}. */
    final class Practice implements AutoCloseable {
        private final Path scratch;
        private final StandardJavaFileManager practiceFiles;
        private final List<String> practiceOptions;

        private Practice(Path scratch) {
            this.scratch = scratch;
            this.practiceFiles = compiler.getStandardFileManager(null, Locale.ROOT, encoding);
            this.practiceOptions = optionsWritingTo(scratch);
        }

        /** Compiles one source into the scratch directory, which is emptied after; whether it compiled. */
        boolean compile(Path source) throws IOException {
            Files.createDirectories(scratch);
            boolean compiled = compiler.getTask(null, practiceFiles, new DiagnosticCollector<>(), practiceOptions, null,
                    practiceFiles.getJavaFileObjectsFromPaths(List.of(source))).call();
            clear(scratch);
            return compiled;
        }

        /**
         * Ends the practice; when it ran to its end, its file manager, whose class path's jars are
         * open and indexed now, replaces the compiler's, which has not read them yet: the first
         * real compilation would pay for that too.
         */
        void close(boolean handOver) throws IOException {
            clear(scratch);
            Files.deleteIfExists(scratch);
            if (handOver) {
                adopt(practiceFiles);
            } else {
                practiceFiles.close();
            }
        }

        @Override
        public void close() throws IOException {
            close(false);
        }
    }

    /**
     * Moves the staged classes over the output directory's, each by a rename that replaces the
     * old file at once (a generation starting meanwhile sees one or the other, never none), then
     * removes the classes that were nested in a compiled class and are not any more.
     */
    private void install() throws IOException {
        List<Path> staged;
        try (Stream<Path> walk = Files.walk(staging)) {
            staged = walk.filter(Files::isRegularFile).toList();
        }
        Set<Path> stale = new LinkedHashSet<>();
        for (Path file : staged) {
            String name = file.getFileName().toString();
            if (name.endsWith(".class") && !name.contains("$")) {
                stale.addAll(classFiles(output.resolve(staging.relativize(file).toString()).getParent(),
                        name.substring(0, name.length() - 6)));
            }
        }
        for (Path file : staged) {
            Path target = output.resolve(staging.relativize(file).toString());
            Files.createDirectories(target.getParent());
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            stale.remove(target);
        }
        for (Path file : stale) {
            Files.deleteIfExists(file);
        }
        clear(staging);
    }

    /** Removes the class files of a deleted source file: its top-level class and those nested in it. */
    void removeClassesOf(Path source, Path sourceRoot) throws IOException {
        Path relative = sourceRoot.relativize(source);
        String name = relative.getFileName().toString().replaceFirst("\\.java$", "");
        Path directory = relative.getParent() == null ? output : output.resolve(relative.getParent().toString());
        removeClasses(directory, name);
    }

    private static void removeClasses(Path directory, String topLevel) throws IOException {
        for (Path file : classFiles(directory, topLevel)) {
            Files.deleteIfExists(file);
        }
    }

    /** The class files of a top-level class in directory: its own and those of the classes nested in it. */
    private static List<Path> classFiles(Path directory, String topLevel) throws IOException {
        if (directory == null || !Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(directory)) {
            return list.filter(file -> {
                String name = file.getFileName().toString();
                return name.equals(topLevel + ".class") || (name.startsWith(topLevel + "$") && name.endsWith(".class"));
            }).toList();
        }
    }

    /** "src/main/java/com/x/App.java:12: error: ';' expected", as javac and Maven print it. */
    private String describe(Diagnostic<? extends JavaFileObject> diagnostic) {
        String where = "";
        if (diagnostic.getSource() != null) {
            Path file = Path.of(diagnostic.getSource().toUri());
            where = (file.startsWith(projectDirectory) ? projectDirectory.relativize(file) : file) + ":"
                    + diagnostic.getLineNumber() + ": ";
        }
        return where + "error: " + diagnostic.getMessage(Locale.ROOT);
    }

    /**
     * The changed sources and those that name one of their classes (by simple name, as a word):
     * a class compiled against a constant or a signature that changed must be compiled again, or
     * it would keep the old constant or fail at run time.
     */
    Set<Path> withDependents(Collection<Path> changed, Collection<Path> removed, Collection<Path> allSources) {
        Set<Path> result = new LinkedHashSet<>(changed);
        List<String> names = Stream.concat(changed.stream(), removed.stream())
                .map(file -> file.getFileName().toString().replaceFirst("\\.java$", ""))
                .map(Pattern::quote).distinct().toList();
        if (names.isEmpty()) {
            return result;
        }
        Pattern mention = Pattern.compile("\\b(?:" + String.join("|", names) + ")\\b");
        for (Path source : allSources) {
            if (!result.contains(source) && mentions(source, mention)) {
                result.add(source);
            }
        }
        return result;
    }

    private boolean mentions(Path source, Pattern mention) {
        try {
            return mention.matcher(Files.readString(source, encoding)).find();
        } catch (IOException | UncheckedIOException e) {
            return false; // unreadable now: it is not compiled, and says so if it matters
        }
    }

    private static void clear(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path file : walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                if (!file.equals(directory)) {
                    Files.delete(file);
                }
            }
        }
    }

    private synchronized void adopt(StandardJavaFileManager warmer) throws IOException {
        StandardJavaFileManager old = files;
        files = warmer;
        old.close();
    }

    @Override
    public synchronized void close() throws IOException {
        files.close();
    }
}
