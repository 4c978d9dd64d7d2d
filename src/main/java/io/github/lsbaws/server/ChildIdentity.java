package io.github.lsbaws.server;

import io.github.lsbaws.natives.Posix;
import java.lang.reflect.Field;
import sun.misc.Unsafe;

/**
 * What a forked child must not keep of its parent's identity: the JDK's handle of the current
 * process, which java.lang.ProcessHandleImpl caches in a static final field the first time
 * ProcessHandle.current() is called. Once the parent has called it (while loading the
 * application, or serving a warm-up or a learned request), every child would answer the
 * parent's pid; so a child replaces the cached handle with one of its own pid.
 */
final class ChildIdentity {
    private static final Unsafe UNSAFE;
    private static final Object BASE;
    private static final long OFFSET;

    static {
        try {
            Field theUnsafe = Unsafe.class.getDeclaredField("theUnsafe");
            theUnsafe.setAccessible(true);
            UNSAFE = (Unsafe) theUnsafe.get(null);
            Field current = Class.forName("java.lang.ProcessHandleImpl", false, null).getDeclaredField("current");
            BASE = UNSAFE.staticFieldBase(current);
            OFFSET = UNSAFE.staticFieldOffset(current);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError("the JDK's ProcessHandleImpl has no field 'current' to reset in children: " + e);
        }
    }

    private ChildIdentity() {}

    /** In a child: ProcessHandle.current() names this process from now on, if the parent had cached its own. */
    @SuppressWarnings("deprecation") // sun.misc.Unsafe's static field access: no supported way to reach a static final field
    static void takeOwn() {
        if (UNSAFE.getObject(BASE, OFFSET) != null) {
            UNSAFE.putObject(BASE, OFFSET, ProcessHandle.of(Posix.pid()).orElseThrow());
        }
    }
}
