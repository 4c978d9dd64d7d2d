package io.github.lsbaws.server.checkpoint;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;

/**
 * The barriers the application's CRaC resources hold, found in the parent at the checkpoint, by
 * the condition a thread waiting at one parks on ({@code LockSupport.getBlocker}): a child's
 * watcher then tells a wait for a resource's barrier (Spring's lifecycle processor meets its
 * prevent-shutdown thread at two of them around a restore) from any other wait by one identity
 * look-up, without a thread dump. Reading a barrier's condition needs java.util.concurrent open
 * to the server (ServerJvm opens it); where it is not, no barrier is known and every wait is
 * judged as an unknown one.
 */
final class RestoreBarriers {
    private final Map<Object, String> byCondition = new IdentityHashMap<>();

    /** A resource's barriers, each named by its field and the resource's class. */
    void collect(Collection<?> resources) {
        for (Object resource : resources) {
            for (Class<?> type = resource.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
                for (Field field : type.getDeclaredFields()) {
                    if (CyclicBarrier.class.isAssignableFrom(field.getType()) && !Modifier.isStatic(field.getModifiers())) {
                        Object condition = conditionOf(read(field, resource));
                        if (condition != null) {
                            add(condition, "CyclicBarrier " + field.getName() + " of " + type.getName());
                        }
                    }
                }
            }
        }
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
        try {
            field.setAccessible(true);
            return field.get(target);
        } catch (RuntimeException | IllegalAccessException e) { // not open to the server: not known
            return null;
        }
    }

    /** The condition a barrier's waiters park on (its field "trip"). */
    private static Object conditionOf(Object barrier) {
        if (!(barrier instanceof CyclicBarrier)) {
            return null;
        }
        try {
            Field trip = CyclicBarrier.class.getDeclaredField("trip");
            return read(trip, barrier);
        } catch (NoSuchFieldException e) {
            return null;
        }
    }
}
