package io.github.lsbaws.supervisor;

import io.github.lsbaws.learning.LearnedRequest;
import io.github.lsbaws.learning.LearnedRequests;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The supervisor's side of learning: the record of learned requests, kept as children report
 * new ones; when a generation that replays them is due (once they stop coming for a while);
 * which learned request each starting generation replays, so that one stuck in it can be
 * killed and the request forgotten; how many each replayed, for the log.
 */
final class Learning {
    /** New requests are learned in bursts (a page and its assets): a replaying generation waits for a pause. */
    private static final long QUIET_MILLIS = 1_000;
    private static final long LONGEST_MILLIS = 5_000;
    /**
     * The longest a learned request may take when replayed before the generation is taken for
     * stuck in it: its thread's own time, running or asleep, not the time it waited for a
     * processor, so that other processes keeping the processors busy slow a replay down without killing it.
     */
    static final long REPLAY_TIMEOUT_MILLIS = 10_000;

    /** How long a generation's thread has waited for a processor, in nanoseconds (0 if unknown). */
    @FunctionalInterface
    interface ProcessorWaits {
        long nanos(int pid, int tid);
    }

    /**
     * A learned request being replayed by a generation's thread tid, since when (nanoTime), and
     * how long that thread had waited for a processor then.
     */
    record Replay(int pid, int tid, String key, long sinceNanos, long waitedNanos) {
        /** When it is taken for stuck, given how long the thread has waited for a processor by now. */
        long deadline(long waitedNowNanos) {
            return sinceNanos + REPLAY_TIMEOUT_MILLIS * 1_000_000 + Math.max(0, waitedNowNanos - waitedNanos);
        }
    }

    private final LearnedRequests learned;
    private final ProcessorWaits waits;
    private final Debouncer newlyLearned = new Debouncer(QUIET_MILLIS, LONGEST_MILLIS);
    private final Map<Integer, Replay> replays = new HashMap<>();
    /** Generations that forgot a learned request while starting: if they fail, another starts without it. */
    private final Set<Integer> forgetful = new HashSet<>();
    private final Map<Integer, Integer> replayed = new HashMap<>();

    private Learning(LearnedRequests learned, ProcessorWaits waits) {
        this.learned = learned;
        this.waits = waits;
    }

    /** Learning into file (null: not learning) for application; waits tells a replaying thread's waits for a processor. */
    static Learning of(String file, String application, ProcessorWaits waits) {
        return new Learning(file == null ? null : LearnedRequests.load(Path.of(file), application), waits);
    }

    /** A request a child served that no generation replays yet: kept; a generation that does is due after a pause. */
    void learn(String encoded, long now) throws IOException {
        if (seed(encoded)) {
            newlyLearned.event(now);
        }
    }

    /**
     * A request a generation took as learned without a child having served it: kept, and no new
     * generation is due for it. Returns whether it was new.
     */
    boolean seed(String encoded) throws IOException {
        LearnedRequest request = learned == null ? null : LearnedRequest.decode(encoded);
        if (request == null || !learned.add(request)) {
            return false;
        }
        learned.save();
        return true;
    }

    /** Generation pid's thread tid replays the learned request of key now. */
    void replaying(int pid, int tid, String key, long now) {
        replays.put(pid, new Replay(pid, tid, key, now, waits.nanos(pid, tid)));
    }

    /** Generation pid forgets the learned request of key (it failed); pid's failure, if it follows, is retried. */
    void forget(int pid, String key) throws IOException {
        forgetful.add(pid);
        if (learned != null && learned.remove(key)) {
            learned.save();
        }
    }

    /** Generation pid is prepared, having replayed count learned requests. */
    void prepared(int pid, int count) {
        replays.remove(pid);
        replayed.put(pid, count);
    }

    int replayedBy(int pid) {
        return replayed.getOrDefault(pid, 0);
    }

    /** Generation pid ended; returns whether a generation in its place should start without what it forgot. */
    boolean ended(int pid) {
        replays.remove(pid);
        replayed.remove(pid);
        return forgetful.remove(pid);
    }

    /** Whether a generation that replays what was learned is due now (once per burst). */
    boolean due(long now) {
        return newlyLearned.due(now);
    }

    /** The replays that have taken REPLAY_TIMEOUT_MILLIS of their own time at now, no longer watched. */
    List<Replay> stuck(long now) {
        List<Replay> stuck = replays.values().stream()
                .filter(replay -> now >= replay.deadline(waits.nanos(replay.pid(), replay.tid()))).toList();
        stuck.forEach(replay -> replays.remove(replay.pid()));
        return stuck;
    }

    /** The next moment something here is due (nanoTime), or Long.MAX_VALUE. */
    long nextDeadline(long now) {
        long next = Long.MAX_VALUE;
        for (Replay replay : replays.values()) {
            next = Math.min(next, replay.deadline(waits.nanos(replay.pid(), replay.tid())));
        }
        long burst = newlyLearned.millisUntilDue(now);
        return burst < 0 ? next : Math.min(next, now + burst * 1_000_000);
    }
}
