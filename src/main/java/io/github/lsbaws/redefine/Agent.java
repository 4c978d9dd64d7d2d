package io.github.lsbaws.redefine;

import java.lang.instrument.Instrumentation;

/**
 * The Java agent of a server JVM started to reload ({@code -javaagent:} a jar of {@link AgentJar}):
 * it only keeps the {@link Instrumentation} the JVM hands it before {@code main}, so that a
 * generation's parent can redefine classes between forks. It starts no thread and registers no
 * transformer: loading classes and the fork-safety flags stay as they are.
 */
public final class Agent {
    private static volatile Instrumentation instrumentation;

    private Agent() {}

    /** Called by the JVM before main (the jar's Premain-Class). */
    public static void premain(String arguments, Instrumentation given) {
        instrumentation = given;
    }

    /** The JVM's instrumentation, or null when the server JVM was started without the agent. */
    public static Instrumentation instrumentation() {
        return instrumentation;
    }
}
