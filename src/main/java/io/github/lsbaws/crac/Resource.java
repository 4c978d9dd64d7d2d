package io.github.lsbaws.crac;

/**
 * Something the application wants told of a checkpoint and of each restore: the {@code org.crac}
 * facade registers a proxy of the application's own {@code org.crac.Resource} under this type.
 */
public interface Resource {
    void beforeCheckpoint(Context<? extends Resource> context) throws Exception;

    void afterRestore(Context<? extends Resource> context) throws Exception;
}
