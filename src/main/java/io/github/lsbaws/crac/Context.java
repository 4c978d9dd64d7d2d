package io.github.lsbaws.crac;

/** Resources notified together; itself a resource, so that contexts nest. */
public abstract class Context<R extends Resource> implements Resource {
    protected Context() {}

    @Override
    public abstract void beforeCheckpoint(Context<? extends Resource> context) throws CheckpointException;

    @Override
    public abstract void afterRestore(Context<? extends Resource> context) throws RestoreException;

    public abstract void register(R resource);
}
