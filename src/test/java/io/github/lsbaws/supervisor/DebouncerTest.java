package io.github.lsbaws.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DebouncerTest {
    private static final long MS = 1_000_000;
    private final Debouncer debouncer = new Debouncer(60, 1000);

    @Test
    void nothingIsDueWithoutAnEvent() {
        assertFalse(debouncer.due(0));
        assertEquals(-1, debouncer.millisUntilDue(0));
    }

    @Test
    void aBurstIsDueOnceItHasBeenQuiet() {
        debouncer.event(0);
        debouncer.event(40 * MS); // an editor writing a backup, then the file
        assertFalse(debouncer.due(90 * MS), "the second event restarted the quiet period");
        assertEquals(10, debouncer.millisUntilDue(90 * MS));
        assertTrue(debouncer.due(100 * MS));
        assertFalse(debouncer.due(200 * MS), "due once per burst");
    }

    @Test
    void aBurstThatNeverPausesIsDueAfterTheLongestWait() {
        for (long t = 0; t < 1000; t += 50) {
            debouncer.event(t * MS);
            assertFalse(debouncer.due(t * MS + 10 * MS));
        }
        debouncer.event(1000 * MS);
        assertTrue(debouncer.due(1000 * MS));
    }

    @Test
    void theNextEventStartsANewBurst() {
        debouncer.event(0);
        assertTrue(debouncer.due(60 * MS));
        debouncer.event(2000 * MS);
        assertFalse(debouncer.due(2030 * MS));
        assertTrue(debouncer.due(2060 * MS));
    }
}
