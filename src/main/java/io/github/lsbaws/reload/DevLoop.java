package io.github.lsbaws.reload;

import io.github.lsbaws.supervisor.Debouncer;
import io.github.lsbaws.supervisor.ReloadRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.maven.plugin.logging.Log;

/**
 * Reload on save, in the Maven JVM: watches the project's sources, resources, output directory
 * and WEB-INF; after a burst of changes ({@link Debouncer}) compiles the changed sources
 * ({@link SourceCompiler}), copies the changed resources, and asks the server for a new
 * generation. A compile error is printed and nothing reloads: the server keeps the last good
 * code, and the sources that failed are compiled again with the next change. A change to the POM
 * or to a dependency is reported as needing a restart.
 *
 * <p>A change that only edited method bodies ({@link BodyEdits}) is redefined in the serving
 * generation instead: the request names the classes, and the server falls back to a new
 * generation for what it cannot redefine.
 *
 * <p>The watch service only wakes the loop; what changed is found by comparing {@link Snapshot}s,
 * which also tells the classes this loop wrote itself from those another tool wrote.
 */
public final class DevLoop implements AutoCloseable {
    /** Quiet time that ends a burst of saves; a burst lasting longer reloads anyway. */
    private static final long QUIET_MILLIS = 60;
    private static final long LONGEST_MILLIS = 1000;
    /** How often the dependency jars, outside the watched directories, are looked at. */
    private static final long DEPENDENCY_CHECK_MILLIS = 2000;
    /**
     * A build that finds a change cleans its output before it compiles (maven-compiler-plugin's
     * incremental build, mvn clean) and writes the classes a second or more later: a change that
     * only removed classes waits this long for them, so that no generation starts without them.
     */
    private static final long REMOVED_CLASSES_WAIT_MILLIS = 10_000;
    /**
     * How much older than its first event a changed file's time may be and still be the save's
     * (the loop may see events late while it compiles); an older one is not when it was saved.
     */
    static final long FILE_TIME_TRUSTED_MILLIS = 60_000;
    /**
     * javac's warm-up compiles each of the project's sources once, so that the file saved next has
     * been compiled before, going round them to make at least the fewest compilations and at most
     * the most: few, because the JIT compiles javac for seconds after them, beside the first
     * requests, and the saves that follow warm it further (docs/performance.md).
     */
    private static final int WARM_UP_FEWEST = 8;
    private static final int WARM_UP_MOST = 72;

    /** What the loop does with a reload: ask the server. False when the server is gone. */
    public interface Reloader {
        boolean reload(ReloadRequest request);
    }

    private final ProjectLayout layout;
    private final Reloader reloader;
    private final Log log;
    private final SourceCompiler compiler;
    /** javac's practice while the first generation deploys (null: nothing compiles). */
    private final CompilerWarmUp warmUp;
    private final WatchService watcher;
    private final Set<Path> watchedDirectories = new HashSet<>();
    private final Debouncer debouncer = new Debouncer(QUIET_MILLIS, LONGEST_MILLIS);
    private final Thread thread;
    /** Sources that failed to compile, compiled again with the next change. */
    private final Set<Path> failedSources = new TreeSet<>();
    private Snapshot sources;
    private Snapshot resources;
    private Snapshot output;
    private Snapshot webInf;
    private Snapshot restartOnly;
    /** The class files as the server runs them, to tell a body edit from a change of shape. */
    private final BodyEdits bodyEdits;
    /** Output files written since the server last took a change (a failed compile leaves them waiting). */
    private final Set<Path> outputModified = new LinkedHashSet<>();
    private final Set<Path> outputRemoved = new LinkedHashSet<>();
    private long nextDependencyCheck;
    /** When a change that only removed classes was first seen (System.nanoTime()); 0: none waits. */
    private long classesRemovedAt;
    private volatile boolean reloadAsked;
    /** When the loop first saw the changes it has not applied yet (epoch milliseconds; 0: none seen). */
    private long changesSeenMillis;

    /**
     * Starts watching at once; compiles with compilerSettings (null: sources are not compiled,
     * classes compiled elsewhere still reload).
     */
    public DevLoop(ProjectLayout layout, CompilerSettings compilerSettings, Reloader reloader, Log log) throws IOException {
        this(layout, compilerSettings, reloader, log, () -> true);
    }

    /** Waits until the server serves; false when it never will (it ended, or the wait's bound passed). */
    @FunctionalInterface
    public interface ServerServing {
        boolean await() throws InterruptedException;
    }

    /**
     * The same; javac's warm-up begins once serving returns: on two cores it would take seconds
     * from the first deployment (docs/performance.md).
     */
    public DevLoop(ProjectLayout layout, CompilerSettings compilerSettings, Reloader reloader, Log log, ServerServing serving)
            throws IOException {
        this.layout = layout;
        this.reloader = reloader;
        this.log = log;
        this.compiler = compilerFor(compilerSettings, layout, log);
        this.watcher = FileSystems.getDefault().newWatchService();
        for (Path root : watchedRoots()) {
            watch(root);
        }
        watchDirectory(layout.projectDirectory()); // the POM
        sources = Snapshot.of(layout.sourceRoots());
        resources = Snapshot.of(resourceDirectories());
        output = Snapshot.of(List.of(layout.outputDirectory()));
        webInf = snapshotOfWebInf();
        restartOnly = Snapshot.of(restartOnlyFiles());
        bodyEdits = new BodyEdits(layout.outputDirectory());
        warmUp = warmUpCompiler(serving);
        thread = new Thread(this::run, "lsbaws-reload");
        thread.setDaemon(true);
        thread.start();
    }

    private static SourceCompiler compilerFor(CompilerSettings settings, ProjectLayout layout, Log log) {
        if (settings == null) {
            return null;
        }
        try {
            return new SourceCompiler(settings, layout.compileClasspath(), layout.outputDirectory(),
                    layout.stateDirectory().resolve("compile"), layout.projectDirectory());
        } catch (IllegalStateException e) {
            log.warn("lsbaws: " + e.getMessage() + ": saved sources are not compiled; classes compiled elsewhere still reload");
            return null;
        }
    }

    /** Reload now (Enter in the terminal): whatever changed is compiled and copied first. */
    public void reloadNow() {
        reloadAsked = true;
    }

    private List<Path> watchedRoots() {
        List<Path> roots = new ArrayList<>(layout.sourceRoots());
        roots.addAll(resourceDirectories());
        roots.add(layout.outputDirectory());
        if (layout.webInf() != null) {
            roots.add(layout.webInf());
        }
        return roots;
    }

    private List<Path> resourceDirectories() {
        return layout.resources().stream().map(ProjectLayout.ResourceRoot::directory).toList();
    }

    private Snapshot snapshotOfWebInf() {
        return layout.webInf() == null ? Snapshot.empty() : Snapshot.of(List.of(layout.webInf()));
    }

    private List<Path> restartOnlyFiles() {
        List<Path> files = new ArrayList<>(layout.buildFiles());
        files.addAll(layout.dependencies());
        return files;
    }

    private void watch(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path directory : (Iterable<Path>) walk.filter(Files::isDirectory)::iterator) {
                watchDirectory(directory);
            }
        } catch (UncheckedIOException e) {
            // a directory removed while walked
        }
    }

    private void watchDirectory(Path directory) throws IOException {
        if (watchedDirectories.add(directory)) {
            directory.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
        }
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                long wait = debouncer.millisUntilDue(System.nanoTime());
                WatchKey key = watcher.poll(wait < 0 ? 200 : Math.min(wait, 200), TimeUnit.MILLISECONDS);
                if (key != null) {
                    noteEvents(key);
                }
                long now = System.nanoTime();
                boolean asked = reloadAsked;
                if (debouncer.due(now) || asked) {
                    reloadAsked = false;
                    applyChanges(asked);
                }
                if (now - nextDependencyCheck >= 0) {
                    nextDependencyCheck = now + DEPENDENCY_CHECK_MILLIS * 1_000_000;
                    checkRestartOnly();
                    watchRecreatedRoots();
                    if (classesRemovedAt != 0) {
                        applyChanges(false); // removed classes that have not come back reload once the wait is over
                    }
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed: the server stops
        } catch (IOException | RuntimeException e) {
            log.error("lsbaws: reloading stopped working: " + e, e);
        }
    }

    /** The watch keys ready now; new directories are watched too, so that files created in them are seen. */
    private void noteEvents(WatchKey first) throws IOException {
        WatchKey key = first;
        while (key != null) {
            Path directory = (Path) key.watchable();
            for (var event : key.pollEvents()) {
                if (event.context() instanceof Path name) {
                    Path file = directory.resolve(name);
                    if (!Snapshot.isEditorTemporary(file)) {
                        noteEvent();
                        if (Files.isDirectory(file) && !directory.equals(layout.projectDirectory())) {
                            watch(file);
                        }
                    }
                } else {
                    noteEvent(); // OVERFLOW: events lost, the snapshots will tell
                }
            }
            if (!key.reset()) {
                watchedDirectories.remove(directory);
            }
            key = watcher.poll();
        }
    }

    private void noteEvent() {
        if (changesSeenMillis == 0) {
            changesSeenMillis = System.currentTimeMillis();
        }
        debouncer.event(System.nanoTime());
    }

    /** A root removed and made again (mvn clean, then a build): its watch went with it. */
    private void watchRecreatedRoots() throws IOException {
        for (Path root : watchedRoots()) {
            if (!watchedDirectories.contains(root) && Files.isDirectory(root)) {
                watch(root);
                noteEvent();
            }
        }
    }

    /** Compiles, copies and reloads what changed since the last time; with force, reloads even if nothing did. */
    private void applyChanges(boolean force) throws IOException {
        checkRestartOnly();
        Snapshot outputNow = Snapshot.of(List.of(layout.outputDirectory()));
        Snapshot.Changes classes = outputNow.since(output); // written by another tool: this loop's own writes were taken in
        if (!force && classes.modified().isEmpty() && !classes.removed().isEmpty() && waitingForRemovedClasses()) {
            return; // every snapshot stays as it was: the next look sees the whole change
        }
        classesRemovedAt = 0;
        long seen = changesSeenMillis;
        changesSeenMillis = 0;
        Snapshot sourcesNow = Snapshot.of(layout.sourceRoots());
        Snapshot.Changes sourceChanges = sourcesNow.since(sources);
        Snapshot resourcesNow = Snapshot.of(resourceDirectories());
        Snapshot.Changes resourceChanges = resourcesNow.since(resources);
        Snapshot webInfNow = snapshotOfWebInf();
        Snapshot.Changes webInfChanges = webInfNow.since(webInf);
        sources = sourcesNow;
        resources = resourcesNow;
        webInf = webInfNow;

        SourceCompiler.Result compiled = compileChanged(sourceChanges, sourcesNow);
        boolean resourcesCopied = copyResources(resourceChanges);
        Snapshot outputBefore = output;
        output = Snapshot.of(List.of(layout.outputDirectory()));
        Snapshot.Changes written = output.since(outputBefore);
        outputModified.addAll(written.modified());
        outputRemoved.addAll(written.removed());
        if (compiled != null && !compiled.succeeded()) {
            return;
        }
        boolean changed = !classes.isEmpty() || (compiled != null && compiled.files() > 0) || resourcesCopied
                || !webInfChanges.isEmpty();
        if (!changed && !force) {
            return;
        }
        long saved = Math.max(Math.max(classes.lastSavedMillis(outputNow), sourceChanges.lastSavedMillis(sourcesNow)),
                Math.max(resourceChanges.lastSavedMillis(resourcesNow), webInfChanges.lastSavedMillis(webInfNow)));
        if (seen > 0 && seen - saved > FILE_TIME_TRUSTED_MILLIS) {
            saved = seen; // a file copied or unpacked with its old time: the change is dated when it was seen
        }
        BodyEdits.Verdict verdict = bodyEdits.judge(outputModified, outputRemoved);
        outputModified.clear();
        outputRemoved.clear();
        boolean redefine = !force && webInfChanges.isEmpty() && verdict.redefines();
        if (redefine && verdict.classes().isEmpty()) {
            log.info("lsbaws: the saved change compiled to the same classes: nothing to reload");
            return;
        }
        if (!force && verdict.newGenerationBecause() != null) {
            log.info("lsbaws: a new generation: " + verdict.newGenerationBecause());
        }
        ReloadRequest request = ReloadRequest.ofChange(saved, compiled == null ? 0 : compiled.files(),
                compiled == null ? 0 : compiled.millis(), redefine ? verdict.classes() : List.of()).seenAt(seen);
        if (!reloader.reload(request)) {
            log.warn("lsbaws: the server no longer takes reloads");
        }
    }

    private boolean waitingForRemovedClasses() {
        long now = System.nanoTime();
        if (classesRemovedAt == 0) {
            classesRemovedAt = now;
        }
        return now - classesRemovedAt < REMOVED_CLASSES_WAIT_MILLIS * 1_000_000;
    }

    /** Compiles the changed sources, their dependents and those that failed before; null when there was nothing to compile. */
    private SourceCompiler.Result compileChanged(Snapshot.Changes changes, Snapshot all) throws IOException {
        Predicate<Path> java = file -> file.toString().endsWith(".java");
        List<Path> modified = changes.modified().stream().filter(java).toList();
        List<Path> removed = changes.removed().stream().filter(java).toList();
        if (compiler == null || (modified.isEmpty() && removed.isEmpty() && failedSources.isEmpty())) {
            return null;
        }
        for (Path source : removed) {
            compiler.removeClassesOf(source, rootOf(source));
            failedSources.remove(source);
        }
        Collection<Path> allSources = all.files().stream().filter(java).toList();
        Set<Path> toCompile = new TreeSet<>(compiler.withDependents(modified, removed, allSources));
        failedSources.stream().filter(all.files()::contains).forEach(toCompile::add);
        if (toCompile.isEmpty()) {
            return new SourceCompiler.Result(true, 0, 0, List.of());
        }
        if (warmUp != null) {
            warmUp.stop();
        }
        SourceCompiler.Result result = compiler.compile(toCompile);
        failedSources.clear();
        if (!result.succeeded()) {
            failedSources.addAll(toCompile);
            log.error("lsbaws: compiling " + toCompile.size() + (toCompile.size() == 1 ? " file" : " files") + " failed ("
                    + result.errors().size() + (result.errors().size() == 1 ? " error" : " errors")
                    + "); the server keeps serving the last good code:\n" + String.join("\n", result.errors()));
        }
        return result;
    }

    private Path rootOf(Path source) {
        return layout.sourceRoots().stream().filter(source::startsWith).findFirst().orElse(source.getParent());
    }

    /** Copies changed resources into the output directory and removes deleted ones; true if any was. */
    private boolean copyResources(Snapshot.Changes changes) throws IOException {
        boolean copied = false;
        for (Path file : changes.modified()) {
            ProjectLayout.ResourceRoot root = resourceRootOf(file);
            if (root == null || !root.selects(file)) {
                continue;
            }
            if (root.filtering()) {
                log.warn("lsbaws: " + layout.projectDirectory().relativize(file) + " is a filtered resource: run mvn"
                        + " process-resources to apply it");
                continue;
            }
            Path target = root.target(layout.outputDirectory(), file);
            Files.createDirectories(target.getParent());
            // Copied beside it, then renamed over it: a request reading it meanwhile gets the old or the new, never none.
            Path temporary = target.resolveSibling("." + target.getFileName() + ".lsbaws");
            Files.copy(file, temporary, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            copied = true;
        }
        for (Path file : changes.removed()) {
            ProjectLayout.ResourceRoot root = resourceRootOf(file);
            if (root != null && root.selects(file)) {
                copied |= Files.deleteIfExists(root.target(layout.outputDirectory(), file));
            }
        }
        return copied;
    }

    private ProjectLayout.ResourceRoot resourceRootOf(Path file) {
        return layout.resources().stream().filter(root -> file.startsWith(root.directory())).findFirst().orElse(null);
    }

    /** The POM and the dependencies are read once, at start: a change to them needs a restart. */
    private void checkRestartOnly() {
        Snapshot now = Snapshot.of(restartOnlyFiles());
        Snapshot.Changes changes = now.since(restartOnly);
        restartOnly = now;
        for (Path file : changes.modified()) {
            log.warn("lsbaws: " + describe(file) + " changed: the POM and the dependencies are read when lsbaws:serve"
                    + " starts; restart it (Ctrl-C, then mvn lsbaws:serve) to apply the change");
        }
        for (Path file : changes.removed()) {
            log.warn("lsbaws: " + describe(file) + " was removed; restart lsbaws:serve to apply the change");
        }
    }

    private String describe(Path file) {
        return file.startsWith(layout.projectDirectory()) ? layout.projectDirectory().relativize(file).toString() : file.toString();
    }

    /** Practice compilations of the project's sources once the server serves; null when nothing compiles. */
    private CompilerWarmUp warmUpCompiler(ServerServing serving) {
        if (compiler == null) {
            return null;
        }
        List<Path> javaSources = sources.files().stream().filter(file -> file.toString().endsWith(".java")).sorted().toList();
        int compilations = Math.min(WARM_UP_MOST, Math.max(WARM_UP_FEWEST, javaSources.size()));
        return new CompilerWarmUp(compiler, javaSources, layout.stateDirectory().resolve("compile-warm-up"), compilations,
                log::debug, serving);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        thread.interrupt();
        watcher.close();
        thread.join(5000);
        if (warmUp != null) {
            warmUp.close();
        }
        if (compiler != null) {
            compiler.close();
        }
    }
}
