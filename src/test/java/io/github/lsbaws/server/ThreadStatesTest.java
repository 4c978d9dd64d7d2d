package io.github.lsbaws.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** An application thread that has been on a processor since the last reading is told, for judging again. */
class ThreadStatesTest {
    private volatile boolean stop;

    @Test
    void anApplicationThreadThatRanIsTold() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/proc/self/schedstat")), "the kernel keeps no scheduler statistics");
        Set<String> before = new ThreadStates(null).tasks();
        Thread parked = new Thread(() -> {
            while (!stop) {
                LockSupport.park();
            }
        }, "parked-application-thread");
        parked.setDaemon(true);
        parked.start();
        try {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (parked.getState() != Thread.State.WAITING) {
                assertTrue(System.nanoTime() < deadline, "the thread never parked");
                Thread.sleep(1);
            }
            ThreadStates states = new ThreadStates(before);
            try {
                assertFalse(states.applicationThreadsRan(), "nothing ran since the states were read");
                LockSupport.unpark(parked); // it runs, and parks again
                deadline = System.nanoTime() + 10_000_000_000L;
                while (!states.applicationThreadsRan()) {
                    assertTrue(System.nanoTime() < deadline, "the unparked thread's run was never told");
                    Thread.sleep(1);
                }
            } finally {
                states.close();
            }
        } finally {
            stop = true;
            LockSupport.unpark(parked);
            parked.join(10_000);
        }
    }
}
