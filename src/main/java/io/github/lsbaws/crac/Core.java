package io.github.lsbaws.crac;

/**
 * The entry point the {@code org.crac} facade looks for in the package its system property
 * {@code org.crac.Core.Compat} names: the global context every application resource registers
 * with. The server takes the checkpoint itself, once in the parent before its first fork, and
 * restores in every child ({@code server.checkpoint.ForkCheckpoint}).
 */
public final class Core {
    private static final OrderedContext GLOBAL = new OrderedContext();

    private Core() {}

    public static Context<Resource> getGlobalContext() {
        return GLOBAL;
    }

    /** The global context as the server drives it. */
    public static OrderedContext globalContext() {
        return GLOBAL;
    }

    /**
     * An application asking for a checkpoint itself (Spring's {@code -Dspring.context.checkpoint=onRefresh})
     * gets none: the forking parent is the checkpoint, taken when the application is loaded and
     * warmed, and every child a restore of it.
     */
    public static void checkpointRestore() throws CheckpointException, RestoreException {
        CheckpointException refused = new CheckpointException("lsbaws takes the checkpoint itself");
        refused.addSuppressed(new UnsupportedOperationException("lsbaws takes the checkpoint itself, once the application"
                + " is loaded and warmed, and restores it in every forked child; a checkpoint asked for by the"
                + " application is not taken (leave out spring.context.checkpoint=onRefresh)"));
        throw refused;
    }
}
