package io.github.lsbaws.testapps;

import java.util.concurrent.locks.LockSupport;

/**
 * {@link JitApps} with a thread of the application that stays parked inside compiled code: its
 * loop, compiled on stack with Square.area inlined (a class-hierarchy dependency), parks at a
 * call site the loop ran thousands of times, so the frame stays compiled while it waits.
 * Deoptimising everything cannot free that code while the frame is there, so a compiled method
 * with a dependency may outlive the JIT's retirement; a "/circle" child breaks the dependency.
 */
public class JitParkedApps {
    static {
        Thread parked = new Thread(Spinner::spinThenPark, "jit-parked"); // not this class: its initialisation is under way
        parked.setDaemon(true);
        parked.start();
        while (!Spinner.forGood || parked.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait();
        }
    }

    private static final class Spinner {
        private static volatile long sink;
        private static volatile boolean forGood;

        private static void spinThenPark() {
            JitApps.Shape[] squares = {new JitApps.Square(1), new JitApps.Square(2)};
            long end = System.nanoTime() + 1_000_000_000L;
            long total = 0;
            for (long i = 1; ; i++) {
                total += squares[(int) i & 1].area();
                if ((i & 0x3FFF) == 0) {
                    sink = total;
                    forGood = System.nanoTime() > end;
                    LockSupport.parkNanos(forGood ? Long.MAX_VALUE : 1);
                }
            }
        }
    }

    public static final ServerApps.App app = JitApps.app;
}
