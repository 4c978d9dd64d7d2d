package io.github.lsbaws.server.checkpoint.pools;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * What the application's threads work for, read by reflection: a pool library that keeps no
 * registry of its pools is found through the task its housekeeping thread is scheduled to run
 * (a thread's task, its executor's queue, a scheduled task's runnable). The server JVM opens
 * {@code java.lang} and {@code java.util.concurrent} for it (jvm.ServerJvm); where a field is not
 * there (another JDK's layout), nothing is found.
 */
final class ThreadTasks {
    private ThreadTasks() {}

    /** The tasks queued in the executors the live threads work for, JDK pools only. */
    static List<Object> queuedTasks() {
        List<Object> tasks = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            Object executor = executorOf(taskOf(thread));
            if (executor instanceof ThreadPoolExecutor pool) {
                for (Runnable queued : pool.getQueue().toArray(new Runnable[0])) {
                    tasks.add(unwrap(queued));
                }
            }
        }
        return tasks;
    }

    /** The Runnable a thread was started with: JDK 17 keeps it in Thread.target, JDK 19+ in its holder's task. */
    static Object taskOf(Thread thread) {
        Object target = field(thread, Thread.class, "target");
        if (target != null) {
            return target;
        }
        Object holder = field(thread, Thread.class, "holder");
        return holder == null ? null : field(holder, holder.getClass(), "task");
    }

    /** The ThreadPoolExecutor a worker belongs to (the worker is its inner class). */
    static Object executorOf(Object task) {
        if (task == null || !task.getClass().getName().equals("java.util.concurrent.ThreadPoolExecutor$Worker")) {
            return null;
        }
        return field(task, task.getClass(), "this$0");
    }

    /** The application's runnable inside a scheduled or submitted task (FutureTask's callable, Executors' adapter). */
    private static Object unwrap(Runnable queued) {
        if (!(queued instanceof FutureTask<?>)) {
            return queued;
        }
        Object callable = field(queued, FutureTask.class, "callable");
        if (callable != null && callable.getClass().getName().equals("java.util.concurrent.Executors$RunnableAdapter")) {
            return field(callable, callable.getClass(), "task");
        }
        return callable;
    }

    /** An inner class instance's enclosing instance ({@code this$0}), or null. */
    static Object outer(Object inner) {
        return field(inner, inner.getClass(), "this$0");
    }

    /** A declared field's value, or null when there is no such field or it cannot be read. */
    static Object field(Object target, Class<?> declaring, String name) {
        try {
            Field field = declaring.getDeclaredField(name);
            field.setAccessible(true);
            return field.get(target);
        } catch (ReflectiveOperationException | RuntimeException e) { // InaccessibleObjectException: not opened
            return null;
        }
    }
}
