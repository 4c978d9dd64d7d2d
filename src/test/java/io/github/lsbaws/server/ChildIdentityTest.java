package io.github.lsbaws.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The handle a child puts in place of its parent's: the JDK's own class, the same as ProcessHandle.of would give. */
class ChildIdentityTest {
    @Test
    void theHandleOfThisProcessIsTheJdksOwn() throws Exception {
        ProcessHandle own = ChildIdentity.handleOf((int) ProcessHandle.current().pid());
        assertEquals(ProcessHandle.current().getClass(), own.getClass());
        assertEquals(ProcessHandle.current().pid(), own.pid());
        assertEquals(ProcessHandle.current(), own);
        assertTrue(own.isAlive());
        // info() answers only when the start time is the one the JDK computes
        assertTrue(own.info().command().isPresent(), "info() of the handle: " + own.info());
        assertEquals(ProcessHandle.current().info().command(), own.info().command());
        assertEquals(ProcessHandle.current().info().startInstant(), own.info().startInstant());
    }

    @Test
    void theHandleOfAnotherProcessEqualsProcessHandleOf() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            ProcessHandle made = ChildIdentity.handleOf((int) sleeper.pid());
            ProcessHandle jdks = ProcessHandle.of(sleeper.pid()).orElseThrow();
            assertEquals(jdks, made);
            assertEquals(jdks.info().startInstant(), made.info().startInstant());
            assertTrue(made.info().command().orElseThrow().endsWith("sleep"));
        } finally {
            sleeper.destroyForcibly();
            assertTrue(sleeper.waitFor(10, TimeUnit.SECONDS));
        }
    }
}
