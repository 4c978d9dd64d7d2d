package io.github.lsbaws.reload;

/**
 * Turns a burst of file events into one reload: it is due once no event has come for the quiet
 * period (an editor saving several files, a build writing many classes), or once the burst has
 * lasted the longest wait, so that a file written without pause still gets served. Times are
 * System.nanoTime() values, passed in so that the rule can be tested.
 */
final class Debouncer {
    private final long quietNanos;
    private final long longestNanos;
    private long first = Long.MIN_VALUE;
    private long last;

    Debouncer(long quietMillis, long longestMillis) {
        this.quietNanos = quietMillis * 1_000_000;
        this.longestNanos = longestMillis * 1_000_000;
    }

    /** An event happened at now. */
    void event(long now) {
        if (!pending()) {
            first = now;
        }
        last = now;
    }

    boolean pending() {
        return first != Long.MIN_VALUE;
    }

    /** Whether the burst is over at now: if so, the next event starts a new one. */
    boolean due(long now) {
        if (!pending() || (now - last < quietNanos && now - first < longestNanos)) {
            return false;
        }
        first = Long.MIN_VALUE;
        return true;
    }

    /** Milliseconds until due could be true, for a wait; -1 when nothing is pending. */
    long millisUntilDue(long now) {
        if (!pending()) {
            return -1;
        }
        long until = Math.min(last + quietNanos, first + longestNanos) - now;
        return Math.max(0, (until + 999_999) / 1_000_000);
    }
}
