package io.github.lsbaws.boot;

import java.io.IOException;
import java.io.InputStream;

/**
 * Loads lsbaws's Boot-facing classes (package io.github.lsbaws.boot.spring) as if they were on
 * the application's classpath, so that they link against the application's own Spring Boot;
 * everything else it asks the application's loader for. Only a Boot application gets one, so
 * no other application sees those classes.
 */
final class BootClassLoader extends ClassLoader {
    static final String PACKAGE = "io.github.lsbaws.boot.spring.";

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader server = BootClassLoader.class.getClassLoader();

    BootClassLoader(ClassLoader application) {
        super("lsbaws-boot", application);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith(PACKAGE)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> type = findLoadedClass(name);
            if (type == null) {
                type = define(name);
            }
            if (resolve) {
                resolveClass(type);
            }
            return type;
        }
    }

    private Class<?> define(String name) throws ClassNotFoundException {
        String resource = name.replace('.', '/') + ".class";
        try (InputStream in = server.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ClassNotFoundException(name + " (" + resource + " is not in lsbaws's jar)");
            }
            byte[] bytes = in.readAllBytes();
            return defineClass(name, bytes, 0, bytes.length, BootClassLoader.class.getProtectionDomain());
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
    }
}
