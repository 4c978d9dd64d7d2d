package io.github.lsbaws.server.checkpoint;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;

/**
 * The barriers the application's CRaC resources hold, found in the parent at the checkpoint.
 *
 * <p>A resource that parks a thread of its own at one of its barriers (Spring's lifecycle
 * processor parks its prevent-shutdown thread from beforeCheckpoint, and meets it at two barriers
 * in afterRestore) would wait at them in a child for a thread that is not there. So in a child,
 * before the restore, each barrier of such a resource is replaced by a barrier of one party with
 * the same action ({@link #meetAloneInChild}): the restoring thread passes as that thread would
 * have let it pass, with no wait to end.
 *
 * <p>Every barrier is also known by the condition its waiters park on ({@code
 * LockSupport.getBlocker}): the child's watcher ({@link StrandedRestore}) then tells a wait for a
 * resource's barrier from any other wait by one identity look-up, without a thread dump. Both
 * need java.util.concurrent open to the server (ServerJvm opens it); where it is not, no barrier
 * is known, none is replaced, and every wait is judged as an unknown one.
 */
final class RestoreBarriers {
    private static final Field BARRIER_CONDITION = barrierField("trip");
    private static final Field BARRIER_ACTION = barrierField("barrierCommand");

    private final Map<Object, String> byCondition = new IdentityHashMap<>();
    /** The barriers to meet alone in a child: those of resources that parked a thread at one. */
    private final List<Owned> parkedAt = new ArrayList<>();

    /** A resource's barrier field, and the action of the barrier it held at the checkpoint. */
    private record Owned(Object resource, Field field, Runnable action) {}

    /** A resource's barriers, each named by its field and the resource's class. */
    void collect(Collection<?> resources) {
        for (Object resource : resources) {
            List<Owned> owned = new ArrayList<>();
            boolean threadParked = false;
            for (Class<?> type = resource.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
                for (Field field : type.getDeclaredFields()) {
                    if (CyclicBarrier.class.isAssignableFrom(field.getType()) && !Modifier.isStatic(field.getModifiers())) {
                        Object barrier = read(field, resource);
                        Object condition = conditionOf(barrier);
                        if (condition != null) {
                            add(condition, "CyclicBarrier " + field.getName() + " of " + type.getName());
                            owned.add(new Owned(resource, field, (Runnable) read(BARRIER_ACTION, barrier)));
                            threadParked |= ((CyclicBarrier) barrier).getNumberWaiting() > 0;
                        }
                    }
                }
            }
            if (threadParked) {
                parkedAt.addAll(owned);
            }
        }
    }

    /**
     * In a child, before its restore: each barrier of a resource that parked a thread at one
     * becomes a barrier of one party, the restoring thread. Returns how many were replaced.
     */
    int meetAloneInChild() {
        int replaced = 0;
        for (Owned owned : parkedAt) {
            try {
                owned.field().set(owned.resource(), new CyclicBarrier(1, owned.action()));
                replaced++;
            } catch (IllegalAccessException | RuntimeException e) {
                // left as it is: the watcher ends a wait at it
            }
        }
        return replaced;
    }

    /** A condition a resource's barrier parks its waiters on, by the name a log gives it. */
    void add(Object condition, String name) {
        byCondition.put(condition, name);
    }

    /** What a waiting thread's blocker belongs to: a resource's barrier, or null if unknown. */
    String barrier(Object blocker) {
        return blocker == null ? null : byCondition.get(blocker);
    }

    /** A blocker as a log names it: the resource's barrier it belongs to, or its class. */
    String describe(Object blocker) {
        String barrier = barrier(blocker);
        if (barrier != null) {
            return barrier;
        }
        return blocker == null ? "no blocker (Object.wait, Thread.join or a park without one)" : blocker.getClass().getName();
    }

    private static Object read(Field field, Object target) {
        if (field == null) {
            return null;
        }
        try {
            field.setAccessible(true);
            return field.get(target);
        } catch (RuntimeException | IllegalAccessException e) { // not open to the server: not known
            return null;
        }
    }

    /** The condition a barrier's waiters park on (its field "trip"). */
    private static Object conditionOf(Object barrier) {
        return barrier instanceof CyclicBarrier ? read(BARRIER_CONDITION, barrier) : null;
    }

    /** A field of CyclicBarrier, or null if it has no such field. */
    private static Field barrierField(String name) {
        try {
            return CyclicBarrier.class.getDeclaredField(name);
        } catch (NoSuchFieldException e) {
            return null;
        }
    }
}
