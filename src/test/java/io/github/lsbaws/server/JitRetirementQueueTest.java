package io.github.lsbaws.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How the JIT's retirement reads the compilations under way from HotSpot's Compiler.queue output. */
class JitRetirementQueueTest {
    @Test
    void countsTheCompilerThreadsAtWorkAndNotTheQueuedTasks() {
        String busy = """
                Current compiles:\s
                C1 CompilerThread0    6412       1       java.lang.String::hashCode (60 bytes)
                C1 CompilerThread1    6413       1       java.util.HashMap::putVal (300 bytes)

                C1 compile queue:
                6414       1       java.util.HashMap::get (23 bytes)

                """;
        assertEquals(2, JitRetirement.currentCompiles(busy));
    }

    @Test
    void noneWhenTheListIsEmpty() {
        assertEquals(0, JitRetirement.currentCompiles("Current compiles: \n\nC1 compile queue:\nEmpty\n\n"));
    }
}
