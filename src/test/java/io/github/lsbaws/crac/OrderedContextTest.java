package io.github.lsbaws.crac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CRaC notification order and the collection of what the resources threw. */
class OrderedContextTest {
    private final List<String> told = new ArrayList<>();

    /** Records what it is told; throws the given exception when told that. */
    private final class Recording implements Resource {
        private final String name;
        private final Exception beforeFails;
        private final Exception afterFails;

        Recording(String name, Exception beforeFails, Exception afterFails) {
            this.name = name;
            this.beforeFails = beforeFails;
            this.afterFails = afterFails;
        }

        @Override
        public void beforeCheckpoint(Context<? extends Resource> context) throws Exception {
            told.add("before " + name);
            if (beforeFails != null) {
                throw beforeFails;
            }
        }

        @Override
        public void afterRestore(Context<? extends Resource> context) throws Exception {
            told.add("after " + name);
            if (afterFails != null) {
                throw afterFails;
            }
        }
    }

    @Test
    void beforeCheckpointInReverseRegistrationOrderAfterRestoreInRegistrationOrder() throws Exception {
        OrderedContext context = new OrderedContext();
        List<Resource> kept = List.of(new Recording("a", null, null), new Recording("b", null, null), new Recording("c", null, null));
        kept.forEach(context::register);
        context.beforeCheckpoint(context);
        context.afterRestore(context);
        context.afterRestore(context); // a second child restores the same resources
        assertEquals(List.of("before c", "before b", "before a", "after a", "after b", "after c", "after a", "after b", "after c"), told);
    }

    @Test
    void everyResourceIsToldAndWhatTheyThrewIsCollected() {
        OrderedContext context = new OrderedContext();
        IllegalStateException first = new IllegalStateException("pool");
        Exception second = new Exception("timer");
        List<Resource> kept = List.of(new Recording("a", first, second), new Recording("b", null, null),
                new Recording("c", second, first));
        kept.forEach(context::register);
        CheckpointException checkpoint = assertThrows(CheckpointException.class, () -> context.beforeCheckpoint(context));
        assertEquals(List.of("before c", "before b", "before a"), told);
        assertEquals("beforeCheckpoint failed in " + Recording.class.getName() + ", " + Recording.class.getName(),
                checkpoint.getMessage());
        assertSame(second, checkpoint.getSuppressed()[0]); // c's, told first
        assertSame(first, checkpoint.getSuppressed()[1]);
        RestoreException restore = assertThrows(RestoreException.class, () -> context.afterRestore(context));
        assertEquals(List.of("before c", "before b", "before a", "after a", "after b", "after c"), told);
        assertEquals(List.of(second, first), List.of(restore.getSuppressed()));
    }

    @Test
    void aResourceRegisteredAfterTheCheckpointIsNotRestored() throws Exception {
        OrderedContext context = new OrderedContext();
        Resource early = new Recording("early", null, null);
        context.register(early);
        context.beforeCheckpoint(context);
        Resource late = new Recording("late", null, null);
        context.register(late);
        context.afterRestore(context);
        assertEquals(List.of("before early", "after early"), told);
        assertEquals(List.of(early, late), context.resources());
    }

    @Test
    void nullIsRefused() {
        assertThrows(NullPointerException.class, () -> new OrderedContext().register(null));
    }
}
