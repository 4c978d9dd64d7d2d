package io.github.lsbaws.reload;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * javac's first compilations in a JVM are its slowest: its classes are loaded, interpreted, and
 * compiled by the JIT only over the next compilations, and the project's class path is read for
 * the first time. While the first generation deploys, a thread of its own compiles the project's
 * sources one at a time, a bounded number of compilations, as a save would ({@link SourceCompiler#practice}: into
 * a scratch directory the server never reads, with a file manager of its own), so that the first
 * real save finds javac warm; a practice that ran to its end gives the compiler its file manager,
 * whose jars are open and indexed. A real compilation stops it after the file it is compiling:
 * the practice is not worth slowing a save down.
 */
final class CompilerWarmUp implements AutoCloseable {
    private final SourceCompiler.Practice practice;
    private final List<Path> sources;
    private final int compilations;
    private final Consumer<String> debug;
    private final Thread thread;
    private volatile boolean stopped;
    private volatile int compiled;
    private final DevLoop.ServerServing serving;
    /** Whether the thread still waits for the server to serve (guarded by this). */
    private boolean waiting = true;

    /**
     * Starts compiling sources one at a time, going round them, compilations times in all (a
     * large project's cost stays bounded, a small one's sources are compiled many times), into
     * scratch; debug hears what it did.
     */
    CompilerWarmUp(SourceCompiler compiler, List<Path> sources, Path scratch, int compilations, Consumer<String> debug) {
        this(compiler, sources, scratch, compilations, debug, () -> true);
    }

    /** The same, its first compilation once serving has returned true (false: none). */
    CompilerWarmUp(SourceCompiler compiler, List<Path> sources, Path scratch, int compilations, Consumer<String> debug,
                   DevLoop.ServerServing serving) {
        this.serving = serving;
        this.practice = compiler.practice(scratch);
        this.sources = List.copyOf(sources);
        this.compilations = sources.isEmpty() ? 0 : compilations;
        this.debug = debug;
        this.thread = new Thread(this::run, "lsbaws-compiler-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    private void run() {
        boolean served;
        try {
            served = serving.await();
        } catch (InterruptedException e) {
            served = false; // stopped while waiting
        }
        synchronized (this) {
            waiting = false;
            if (!served || stopped) {
                debug.accept("lsbaws: javac not warmed up: " + (stopped ? "stopped before the server served" : "the server never served"));
                closePractice(false);
                return;
            }
        }
        long start = System.nanoTime();
        try {
            for (int i = 0; i < compilations && !stopped; i++) {
                if (practice.compile(sources.get(i % sources.size()))) {
                    compiled++;
                }
            }
            debug.accept("lsbaws: javac warmed up: " + compiled + " compilations in "
                    + (System.nanoTime() - start) / 1_000_000 + " ms" + (stopped ? ", stopped by a save" : ""));
        } catch (IOException | RuntimeException e) {
            debug.accept("lsbaws: javac's warm-up ended: " + e);
        } finally {
            closePractice(!stopped);
        }
    }

    private void closePractice(boolean handOver) {
        try {
            practice.close(handOver);
        } catch (IOException e) {
            debug.accept("lsbaws: javac's warm-up left its scratch directory: " + e);
        }
    }

    /**
     * Stops the practice after the file being compiled, without waiting for it: it writes only to
     * its scratch directory, and the real compilation that comes next should not wait.
     */
    void stop() {
        stopped = true;
        synchronized (this) {
            if (waiting) {
                thread.interrupt(); // only the wait for the server: a compilation is never interrupted
            }
        }
    }

    /** How many practice compilations succeeded. */
    int compilations() {
        return compiled;
    }

    /** Whether the practice is over, done or stopped. */
    boolean finished() {
        return !thread.isAlive();
    }

    /** Stops the practice and waits (up to waitMillis) for its thread to clean its scratch directory up. */
    void stopAndWait(long waitMillis) throws InterruptedException {
        stop();
        thread.join(waitMillis);
    }

    @Override
    public void close() throws InterruptedException {
        stopAndWait(10_000);
    }
}
