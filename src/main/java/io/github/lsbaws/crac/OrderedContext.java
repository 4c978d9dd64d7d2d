package io.github.lsbaws.crac;

import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The CRaC notification order: {@code beforeCheckpoint} in reverse registration order,
 * {@code afterRestore} in registration order, every resource told even when one before it
 * threw; the exceptions are collected into one {@link CheckpointException} or
 * {@link RestoreException} whose message names the resources that threw. Resources are held
 * weakly, as the JDK's context holds them (the facade keeps its proxy alive as long as the
 * application keeps its resource); those notified of the checkpoint are held strongly until
 * they are restored. A resource registered after the checkpoint is not restored.
 */
public final class OrderedContext extends Context<Resource> {
    private final List<WeakReference<Resource>> registered = new ArrayList<>();
    private List<Resource> checkpointed = List.of();

    @Override
    public synchronized void register(Resource resource) {
        registered.add(new WeakReference<>(Objects.requireNonNull(resource, "resource")));
    }

    /** The resources registered and still alive, in registration order. */
    public synchronized List<Resource> resources() {
        List<Resource> alive = new ArrayList<>();
        for (WeakReference<Resource> reference : registered) {
            Resource resource = reference.get();
            if (resource != null) {
                alive.add(resource);
            }
        }
        return alive;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) throws CheckpointException {
        List<Resource> resources = resources();
        synchronized (this) {
            checkpointed = resources;
        }
        List<String> failed = new ArrayList<>();
        List<Exception> thrown = new ArrayList<>();
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).beforeCheckpoint(this);
            } catch (Exception e) {
                failed.add(name(resources.get(i)));
                thrown.add(e);
            }
        }
        if (!failed.isEmpty()) {
            CheckpointException exception = new CheckpointException("beforeCheckpoint failed in " + String.join(", ", failed));
            thrown.forEach(exception::addSuppressed);
            throw exception;
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) throws RestoreException {
        List<Resource> resources;
        synchronized (this) {
            resources = checkpointed;
        }
        List<String> failed = new ArrayList<>();
        List<Exception> thrown = new ArrayList<>();
        for (Resource resource : resources) {
            try {
                resource.afterRestore(this);
            } catch (Exception e) {
                failed.add(name(resource));
                thrown.add(e);
            }
        }
        if (!failed.isEmpty()) {
            RestoreException exception = new RestoreException("afterRestore failed in " + String.join(", ", failed));
            thrown.forEach(exception::addSuppressed);
            throw exception;
        }
    }

    /**
     * The class of the application's resource: the facade registers a proxy whose handler holds
     * the application's resource by a weak reference.
     */
    public static String name(Resource resource) {
        return applicationResource(resource).getClass().getName();
    }

    /** The application's resource: the one the facade's proxy holds, or this one. */
    public static Object applicationResource(Resource resource) {
        if (Proxy.isProxyClass(resource.getClass())
                && Proxy.getInvocationHandler(resource) instanceof Reference<?> reference) {
            Object held = reference.get();
            if (held != null) {
                return held;
            }
        }
        return resource;
    }
}
