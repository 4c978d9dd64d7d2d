package io.github.lsbaws.boot.spring;

import java.lang.reflect.Field;
import java.util.concurrent.CyclicBarrier;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.AbstractApplicationContext;

/**
 * Spring 7's lifecycle processor, told afterRestore, restarts the lifecycle beans and then waits
 * at a barrier for the "prevent-shutdown" thread it started before the checkpoint. A forked child
 * has no such thread and would wait there forever; so the barrier it waits at after the restart
 * is made one the restoring thread passes alone. Spring 6.2 has no such barrier: nothing changes.
 */
final class RestoreBarrier {
    private RestoreBarrier() {}

    static void passableAlone(ConfigurableApplicationContext context) {
        try {
            Object processor = context.getBean(AbstractApplicationContext.LIFECYCLE_PROCESSOR_BEAN_NAME);
            Object adapter = field(processor.getClass(), "cracResource").get(processor);
            if (adapter != null) {
                Field barrier = field(adapter.getClass(), "afterRestoreBarrier");
                if (barrier.get(adapter) instanceof CyclicBarrier) {
                    barrier.set(adapter, new CyclicBarrier(1));
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // another lifecycle processor, or a Spring without that barrier: nothing waits for a thread
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> t = type; t != null; t = t.getSuperclass()) {
            try {
                Field field = t.getDeclaredField(name);
                field.setAccessible(true);
                return field;
            } catch (NoSuchFieldException e) {
                // the superclass may declare it
            }
        }
        throw new NoSuchFieldException(name);
    }
}
