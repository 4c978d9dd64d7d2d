package io.github.lsbaws.server;

import jdk.test.whitebox.WhiteBox;

/**
 * Keeps what the JIT compiled while a generation deployed and replayed its learned requests, for
 * its children to run ({@code ServerJvm.JIT_IN_CHILDREN}, opt-in): before the first fork every
 * further compilation is refused where it is asked for (the compiler directive {@link
 * JitRetirement} uses), the compilations queued or under way end, and the compiled code stays.
 * A child then asks for nothing a compiler thread would do, and its compiler threads' locks were
 * free at the fork (they wait on an empty queue, asleep: {@link ThreadStates}).
 *
 * <p>What stays unsafe: a child that loads or links a class breaking a dependency of the kept
 * code (a method with one implementation, a class with no subclass), or sets a call site's
 * target, deoptimises it with a handshake, which no VM thread in the child runs: the child hangs
 * until the watchdog kills it (docs/performance.md, "Compiled code in children").
 */
public final class CompiledChildren {
    /** The value of lsbaws.jit that asks for it. */
    public static final String MODE = "children";
    private CompiledChildren() {}

    /** Whether this JVM was started to keep its compiled code for its children. */
    public static boolean wanted() {
        return MODE.equals(System.getProperty("lsbaws.jit")) && JitRetirement.jitRunning();
    }

    /**
     * Before a generation's first fork: keeps the compiled code and stops the JIT if wanted,
     * else retires it ({@link JitRetirement#retire}, which does nothing in an interpreted JVM).
     *
     * @throws IllegalStateException if a compilation is still under way after the wait: forking would not be safe
     */
    public static void beforeFirstFork() {
        if (!wanted()) {
            JitRetirement.retire();
            return;
        }
        long start = System.nanoTime();
        WhiteBox whiteBox = JitRetirement.whiteBox();
        if (whiteBox.addCompilerDirective(JitRetirement.EXCLUDE_EVERYTHING) != 1) {
            throw new IllegalStateException("the JVM refused the compiler directive " + JitRetirement.EXCLUDE_EVERYTHING);
        }
        int compiling = JitRetirement.awaitCompilationsEnded(whiteBox);
        if (compiling > 0) {
            throw new IllegalStateException("the JIT could not be stopped: " + compiling + " compilation(s) still queued or under"
                    + " way after " + JitRetirement.COMPILING_MILLIS / 1000 + " s; run without -Dlsbaws.jit=" + MODE + " in lsbaws.jvmArgs");
        }
        JitRetirement.CodeCache kept = JitRetirement.CodeCache.read();
        ServerLog.info("JIT stopped before the first fork in " + (System.nanoTime() - start) / 1_000_000 + " ms: "
                + kept.entrant() + " compiled method(s) kept for the children; from now on nothing is compiled");
    }
}
