package io.github.lsbaws.server;

import io.github.lsbaws.natives.Posix;
import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.ObjectName;
import jdk.test.whitebox.WhiteBox;

/**
 * Retires the JIT of a server JVM started with it ({@code ServerJvm.JIT_AT_DEPLOYMENT}) before
 * its first fork, so that its children are as safe as interpreted ones: a forked child has no
 * compiler thread, and no VM thread to run the handshake that deoptimising compiled code needs.
 *
 * <p>Through HotSpot's WhiteBox interface: a compiler directive excludes every method (a compile
 * request, in the parent or a child, is then refused where it is made: nothing is queued), the
 * compilations queued or under way before it end, every compiled method is deoptimised (marked, made not
 * entrant, the frames on every stack deoptimised: a handshake, here in the parent), and the code
 * cache is swept (JDK 17; later JDKs: collected) until no compiled Java method is left in it.
 * With none left, no compiled method has a dependency, so a class a child loads, or a call site
 * it relinks, finds nothing to deoptimise and never asks for a handshake. What is left in the
 * code cache are the native-method wrappers and method-handle intrinsics, which have no
 * dependencies.
 */
public final class JitRetirement {
    /** Every method of every class, excluded from compilation at every level. */
    static final String EXCLUDE_EVERYTHING = "[{match: \"*.*\", Exclude: true}]";
    /** How long the compilations queued or under way before the directive get to end. */
    static final long COMPILING_MILLIS = 10_000;
    /** Rounds of deoptimisation, sweep and collection until no compiled Java method is left. */
    private static final int PURGE_ROUNDS = 8;
    /**
     * Rounds in a row that free nothing before the purge ends: a method leaves the code cache a
     * round or two after its last frame (made a zombie, then flushed), never while a parked
     * thread's stack holds one.
     */
    private static final int STILL_ROUNDS = 2;
    /** The states of Compiler.codelist's third column that mean "still entered": in use. */
    private static final int IN_USE = 0;
    private static boolean retired;

    private JitRetirement() {}

    /** Whether this JVM runs with a JIT (not -Xint) that has not been retired. */
    public static boolean jitRunning() {
        return !retired && System.getProperty("java.vm.info", "").contains("mixed mode");
    }

    /**
     * Retires the JIT, if this JVM has one: afterwards it runs interpreted and compiles nothing.
     * Call it before the first fork, with no other thread of the application running.
     *
     * @throws IllegalStateException if compiled code is still in use afterwards: forking would not be safe
     */
    public static void retire() {
        if (!jitRunning()) {
            return;
        }
        long start = System.nanoTime();
        WhiteBox whiteBox = whiteBox();
        int compiled = CodeCache.read().javaMethods;
        if (whiteBox.addCompilerDirective(EXCLUDE_EVERYTHING) != 1) {
            throw new IllegalStateException("the JVM refused the compiler directive " + EXCLUDE_EVERYTHING);
        }
        int compiling = awaitCompilationsEnded(whiteBox);
        if (compiling > 0) {
            throw new IllegalStateException("the JIT could not be retired: " + compiling + " compilation(s) still queued or under way"
                    + " after " + COMPILING_MILLIS / 1000 + " s; run interpreted: -Dlsbaws.jvmArgs=-Dlsbaws.jit=off");
        }
        CodeCache left = null;
        int roundsFreeingNothing = 0;
        for (int round = 0; round < PURGE_ROUNDS; round++) {
            int before = left == null ? Integer.MAX_VALUE : left.javaMethods;
            whiteBox.deoptimizeAll(); // again each round: cheap, and no compiled method is missed whatever was installed since
            boolean swept = sweep(whiteBox);
            if (round == 0 && swept) {
                continue; // a first sweep only makes methods zombies: the list, thousands of lines parsed interpreted, would say nothing
            }
            left = CodeCache.read();
            roundsFreeingNothing = left.javaMethods < before ? 0 : roundsFreeingNothing + 1;
            if (left.javaMethods == 0 || roundsFreeingNothing == STILL_ROUNDS) {
                break; // what is left is on the stack of a thread that does not move (a parked one): it stays there
            }
        }
        if (left.entrant > 0) {
            throw new IllegalStateException("the JIT could not be retired: " + left.entrant
                    + " compiled method(s) still in use after deoptimising everything; run interpreted:"
                    + " -Dlsbaws.jvmArgs=-Dlsbaws.jit=off");
        }
        retired = true;
        ServerLog.info("JIT retired before the first fork in " + (System.nanoTime() - start) / 1_000_000 + " ms: "
                + compiled + " compiled method(s) deoptimised, " + (left.javaMethods == 0 ? "no compiled method left"
                : left.javaMethods + " deoptimised method(s) still on a thread's stack")
                + "; from now on this process runs interpreted and compiles nothing");
    }

    /**
     * The WhiteBox natives, bound when its class is initialised: the JVM prints a warning for
     * each native it has that the class does not declare (most of them), which no one should read.
     */
    static WhiteBox whiteBox() {
        System.out.flush();
        WhiteBox[] bound = new WhiteBox[1];
        try {
            Posix.discardingOutput(1, () -> bound[0] = WhiteBox.get());
            bound[0].getCompileQueueSize(WhiteBox.ALL_LEVELS); // fails here if the class was not the boot loader's
        } catch (UnsatisfiedLinkError | java.io.IOException e) {
            throw new IllegalStateException("the JIT cannot be retired (HotSpot's WhiteBox API is needed: "
                    + "-XX:+WhiteBoxAPI and its class on -Xbootclasspath/a, as ServerJvm gives them): " + e, e);
        }
        return bound[0];
    }

    /**
     * Once compilation is excluded: waits (up to {@value #COMPILING_MILLIS} ms) until the queues are
     * empty and no compiler thread is compiling, since a compilation begun before the directive
     * still installs its code when it ends (a long C2 one may take seconds on a busy machine).
     * Returns how many compilations are still queued or under way: 0 when none is.
     */
    static int awaitCompilationsEnded(WhiteBox whiteBox) {
        long deadline = System.nanoTime() + COMPILING_MILLIS * 1_000_000;
        int left;
        while ((left = whiteBox.getCompileQueueSize(WhiteBox.ALL_LEVELS) + compilationsUnderWay()) > 0
                && System.nanoTime() < deadline) {
            pause();
        }
        return left;
    }

    /** The compilations a compiler thread is running now, from the Compiler.queue diagnostic command. */
    private static int compilationsUnderWay() {
        return currentCompiles(diagnosticCommand("compilerQueue"));
    }

    /** The lines between "Current compiles:" and the next empty line: one per compiler thread at work. */
    static int currentCompiles(String queues) {
        int count = 0;
        boolean inside = false;
        for (String line : queues.split("\n")) {
            if (line.startsWith("Current compiles:")) {
                inside = true;
            } else if (inside && line.isBlank()) {
                break;
            } else if (inside) {
                count++;
            }
        }
        return count;
    }

    /**
     * Lets the JVM free the deoptimised code: JDK 17's sweeper makes a method no frame runs any
     * more a zombie, then flushes it, with no collection (a full one costs a large parent more
     * than a sweep, whatever it frees); later JDKs have no sweeper and unload it at a full
     * collection. Returns whether it swept (false: it collected).
     */
    private static boolean sweep(WhiteBox whiteBox) {
        boolean swept = true;
        try {
            whiteBox.forceNMethodSweep();
        } catch (UnsatisfiedLinkError e) {
            System.gc(); // JDK 20 and later
            swept = false;
        }
        pause();
        return swept;
    }

    static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The text a diagnostic command without arguments prints, run in this JVM (operation: its MBean name, e.g. compilerQueue). */
    static String diagnosticCommand(String operation) {
        try {
            return (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), operation,
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
        } catch (JMException e) {
            throw new IllegalStateException("cannot run the diagnostic command " + operation + ": " + e, e);
        }
    }

    /** What the code cache holds, from the Compiler.codelist diagnostic command run in this JVM. */
    record CodeCache(int javaMethods, int entrant) {
        static CodeCache read() {
            return parse(diagnosticCommand("compilerCodelist"));
        }

        /**
         * From lines "compileId level state method [addresses]": level 0 is a native-method
         * wrapper or a method-handle intrinsic; a Java method is compiled at levels 1 to 4.
         */
        static CodeCache parse(String list) {
            int java = 0;
            int entrant = 0;
            for (String line : list.split("\n")) {
                String[] fields = line.strip().split(" ", 4);
                if (fields.length < 4 || !fields[1].chars().allMatch(Character::isDigit) || fields[1].isEmpty()
                        || fields[1].equals("0")) {
                    continue;
                }
                java++;
                if (fields[2].equals(Integer.toString(IN_USE))) {
                    entrant++;
                }
            }
            return new CodeCache(java, entrant);
        }
    }
}
