package io.github.lsbaws.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How CompiledChildren reads the compilations under way from HotSpot's Compiler.queue output. */
class CompiledChildrenQueueTest {
    @Test
    void countsTheCompilerThreadsAtWorkAndNotTheQueuedTasks() {
        String busy = """
                Current compiles:\s
                C1 CompilerThread0    6412       1       java.lang.String::hashCode (60 bytes)
                C1 CompilerThread1    6413       1       java.util.HashMap::putVal (300 bytes)

                C1 compile queue:
                6414       1       java.util.HashMap::get (23 bytes)

                """;
        assertEquals(2, CompiledChildren.currentCompiles(busy));
    }

    @Test
    void noneWhenTheListIsEmpty() {
        assertEquals(0, CompiledChildren.currentCompiles("Current compiles: \n\nC1 compile queue:\nEmpty\n\n"));
    }
}
