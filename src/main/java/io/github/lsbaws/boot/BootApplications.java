package io.github.lsbaws.boot;

import io.github.lsbaws.gateway.AppLoadException;
import io.github.lsbaws.gateway.AppLoader;
import io.github.lsbaws.gateway.Gateway;
import io.github.lsbaws.gateway.ServletContainer;
import io.github.lsbaws.gateway.StackTraces;
import io.github.lsbaws.servlet.ServletApps;
import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Set;

/**
 * Spring Boot applications: recognising one (a class annotated, directly or through a
 * meta-annotation, {@code @SpringBootApplication} or {@code @EnableAutoConfiguration}, with a
 * {@code main}) and running its main in the server's parent with lsbaws as Boot's web server.
 */
public final class BootApplications {
    static final String BOOT_APPLICATION = "org.springframework.boot.autoconfigure.SpringBootApplication";
    static final String AUTO_CONFIGURATION = "org.springframework.boot.autoconfigure.EnableAutoConfiguration";
    private static final String LAUNCHER = BootClassLoader.PACKAGE + "SpringBootLauncher";

    /**
     * Boot features that start threads of their own in the parent, switched off as Boot lets one
     * (a child has none of the parent's threads): devtools' restarter and LiveReload server
     * (lsbaws reloads itself) and the background pre-initializer (the parent initialises in its
     * main thread).
     */
    static final String[][] THREADLESS = {
        {"spring.devtools.restart.enabled", "false"},
        {"spring.devtools.livereload.enabled", "false"},
        {"spring.backgroundpreinitializer.ignore", "true"},
    };

    private BootApplications() {}

    /** The Boot application class spec names (a class name, no member), or null when it is not one. */
    public static Class<?> named(String spec, ClassLoader loader) {
        if (spec == null || spec.indexOf(':') >= 0) {
            return null;
        }
        try {
            Class<?> type = Class.forName(spec.strip(), false, loader);
            return isBootApplication(type) ? type : null;
        } catch (ClassNotFoundException | LinkageError e) {
            return null; // AppLoader says what is missing
        }
    }

    /** Whether type is annotated as a Boot application and has a public static void main(String[]). */
    public static boolean isBootApplication(Class<?> type) {
        return hasAnnotation(type.getAnnotations(), new HashSet<>()) && mainOf(type) != null;
    }

    private static boolean hasAnnotation(Annotation[] annotations, Set<Class<?>> seen) {
        for (Annotation annotation : annotations) {
            Class<?> kind = annotation.annotationType();
            if (kind.getName().equals(BOOT_APPLICATION) || kind.getName().equals(AUTO_CONFIGURATION)) {
                return true;
            }
            if (!kind.getName().startsWith("java.lang.") && seen.add(kind) && hasAnnotation(kind.getAnnotations(), seen)) {
                return true;
            }
        }
        return false;
    }

    private static Method mainOf(Class<?> type) {
        try {
            Method main = type.getMethod("main", String[].class);
            return Modifier.isStatic(main.getModifiers()) && main.getReturnType() == void.class ? main : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /**
     * Runs the application's main in this thread (the generation's parent) and returns the
     * deployed web application it built, once Boot has started it.
     *
     * @param port the port the server listens on
     */
    public static AppLoader.LoadedApp launch(Class<?> application, int port, ServletContainer.Settings settings)
            throws AppLoadException {
        ClassLoader loader = settings.loader();
        for (String[] property : THREADLESS) {
            if (System.getProperty(property[0]) == null) {
                System.setProperty(property[0], property[1]);
            }
        }
        BootLauncher launcher;
        try {
            launcher = (BootLauncher) Class.forName(LAUNCHER, true, new BootClassLoader(loader))
                    .getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new AppLoadException(application.getName() + " is a Spring Boot application, but lsbaws's Boot support"
                    + " cannot link against the Spring Boot on its classpath (Boot 3.x and 4.x are supported): " + e);
        }
        try {
            Gateway gateway = launcher.launch(mainOf(application), new String[0], port, ServletApps.deployment(settings));
            return new AppLoader.LoadedApp(application.getName(), gateway); // one word in the banner, as every app name
        } catch (Exception | LinkageError e) {
            Throwable cause = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
            throw new AppLoadException("running " + application.getName() + ".main failed: " + StackTraces.of(cause));
        }
    }
}
