package io.github.lsbaws.redefine;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassDefinition;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;

/**
 * Redefines, in a generation's parent, the application's loaded classes with their class files
 * as they are now on its class path. It runs between forks (a redefinition is a VM operation:
 * safe in the parent, whose JVM threads are all there; never in a child). Children forked
 * afterwards run the new bodies; a class the parent has not loaded is loaded from the new file
 * by whoever needs it, so it needs nothing here. The JVM redefines all the classes or none.
 */
public final class ClassRedefiner {
    /** What came of a redefinition: how many classes, how long; or why the JVM refused it (null on success). */
    public record Outcome(int classes, long millis, String refusal) {}

    private final Instrumentation instrumentation;
    private final ClassLoader applicationLoader;

    /** Null when the JVM was started without the agent ({@link AgentJar}). */
    public static ClassRedefiner forApplication(ClassLoader applicationLoader) {
        Instrumentation instrumentation = Agent.instrumentation();
        return instrumentation == null || !instrumentation.isRedefineClassesSupported() ? null
                : new ClassRedefiner(instrumentation, applicationLoader);
    }

    private ClassRedefiner(Instrumentation instrumentation, ClassLoader applicationLoader) {
        this.instrumentation = instrumentation;
        this.applicationLoader = applicationLoader;
    }

    /** Redefines the loaded classes of these names (binary names) that the application's loaders defined. */
    public Outcome redefine(List<String> classNames) {
        long start = System.nanoTime();
        List<ClassDefinition> definitions = new ArrayList<>();
        try {
            for (String name : classNames) {
                // looked up by name, not among every loaded class: a parent runs interpreted, and each class
                // touched would be a page written in memory its children share. One not loaded yet is loaded
                // now, from the new file, and redefined with the same bytes.
                Class<?> loaded = Class.forName(name, false, applicationLoader);
                if (definedByApplication(loaded)) {
                    definitions.add(new ClassDefinition(loaded, classFile(loaded)));
                }
            }
            instrumentation.redefineClasses(definitions.toArray(new ClassDefinition[0]));
        } catch (Exception | LinkageError e) {
            // UnsupportedOperationException (a change of shape), ClassFormatError, VerifyError...
            String message = e.getMessage() == null ? "" : ": " + e.getMessage().replace('\n', ' ');
            return new Outcome(0, millisSince(start), e.getClass().getSimpleName() + message);
        }
        return new Outcome(classNames.size(), millisSince(start), null);
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Whether the application's loader, or one below it (a web application's), defined the class. */
    private boolean definedByApplication(Class<?> loaded) {
        for (ClassLoader loader = loaded.getClassLoader(); loader != null; loader = loader.getParent()) {
            if (loader == applicationLoader) {
                return true;
            }
        }
        return false;
    }

    /** The class file its loader finds now: the one a child would load. */
    private static byte[] classFile(Class<?> loaded) throws IOException {
        String resource = loaded.getName().replace('.', '/') + ".class";
        try (InputStream in = loaded.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("the class file " + resource + " is gone");
            }
            return in.readAllBytes();
        }
    }
}
