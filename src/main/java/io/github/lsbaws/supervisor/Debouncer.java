package io.github.lsbaws.supervisor;

/**
 * Turns a burst of events into one action: it is due once no event has come for the quiet
 * period (an editor saving several files, a build writing many classes, children reporting new
 * paths), or once the burst has lasted the longest wait, so that a steady stream still gets
 * its turn. Times are System.nanoTime() values, passed in so that the rule can be tested.
 */
public final class Debouncer {
    private final long quietNanos;
    private final long longestNanos;
    private long first = Long.MIN_VALUE;
    private long last;

    public Debouncer(long quietMillis, long longestMillis) {
        this.quietNanos = quietMillis * 1_000_000;
        this.longestNanos = longestMillis * 1_000_000;
    }

    /** An event happened at now. */
    public void event(long now) {
        if (!pending()) {
            first = now;
        }
        last = now;
    }

    public boolean pending() {
        return first != Long.MIN_VALUE;
    }

    /** Whether the burst is over at now: if so, the next event starts a new one. */
    public boolean due(long now) {
        if (!pending() || (now - last < quietNanos && now - first < longestNanos)) {
            return false;
        }
        first = Long.MIN_VALUE;
        return true;
    }

    /** Milliseconds until due could be true, for a wait; -1 when nothing is pending. */
    public long millisUntilDue(long now) {
        if (!pending()) {
            return -1;
        }
        long until = Math.min(last + quietNanos, first + longestNanos) - now;
        return Math.max(0, (until + 999_999) / 1_000_000);
    }
}
