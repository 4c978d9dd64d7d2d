package io.github.lsbaws.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lsbaws.natives.Posix;
import io.github.lsbaws.protocol.Report;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** When the supervisor takes a replaying generation for stuck: its own time, not its waits for a processor. */
class ReplayWatchTest {
    private static final long S = 1_000_000_000L;
    private final Map<Integer, Long> waited = new HashMap<>();
    private final Learning learning = Learning.of(null, "app", (pid, tid) -> waited.getOrDefault(tid, 0L));

    @Test
    void aReplayThatRunsOrSleepsForTheLimitIsStuck() {
        waited.put(11, 2 * S);
        learning.replaying(100, 11, "GET /hang", 0);
        assertEquals(List.of(), learning.stuck(9 * S));
        assertEquals(10 * S, learning.nextDeadline(9 * S));
        List<Learning.Replay> stuck = learning.stuck(10 * S);
        assertEquals(1, stuck.size());
        assertEquals("GET /hang", stuck.get(0).key());
        assertEquals(List.of(), learning.stuck(20 * S), "reported once");
    }

    @Test
    void timeSpentWaitingForAProcessorDoesNotCount() {
        learning.replaying(100, 11, "GET /slow", 0);
        waited.put(11, 25 * S); // processors busy with other work: the thread had 5 s of its own in 30 s
        assertEquals(List.of(), learning.stuck(30 * S));
        assertEquals(35 * S, learning.nextDeadline(30 * S));
        assertEquals(1, learning.stuck(35 * S).size());
    }

    @Test
    void theReplayingMessageCarriesTheThreadAndTheKey() {
        Report.Replaying replaying = Report.Replaying.parse(new Report.Replaying(4242, "GET /a b").text());
        assertEquals(4242, replaying.tid());
        assertEquals("GET /a b", replaying.key());
        assertEquals(new Report.Replaying(0, "GET /old"), Report.Replaying.parse("GET /old"));
    }

    @Test
    void aThreadsWaitForAProcessorIsReadFromTheKernel() throws Exception {
        int pid = Posix.pid();
        AtomicBoolean measuring = new AtomicBoolean(true);
        int[] tid = new int[1];
        long[] waits = new long[2];
        // One busy thread more than there are processors: the measured one has to wait for its turn.
        List<Thread> busy = new ArrayList<>();
        for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
            Thread spinning = new Thread(() -> {
                while (measuring.get()) {
                    Thread.onSpinWait();
                }
            });
            spinning.setDaemon(true);
            spinning.start();
            busy.add(spinning);
        }
        Thread measured = new Thread(() -> {
            tid[0] = Posix.threadId();
            waits[0] = ProcessorWait.nanos(pid, tid[0]);
            long until = System.nanoTime() + S / 2;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            waits[1] = ProcessorWait.nanos(pid, tid[0]);
        });
        measured.start();
        measured.join();
        measuring.set(false);
        for (Thread thread : busy) {
            thread.join();
        }
        assertTrue(waits[1] > waits[0], "the thread's wait for a processor grew: " + waits[0] + " -> " + waits[1]);
        assertEquals(0, ProcessorWait.nanos(pid, 0), "no thread id: not known");
        assertEquals(0, ProcessorWait.nanos(pid, Integer.MAX_VALUE), "no such thread: not known");
    }
}
