package io.github.lsbaws.gateway;

import com.sun.net.httpserver.HttpHandler;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * Resolves an application specification "com.example.App:member" (member defaults to "app"),
 * like the seeds' "module:callable": a public static field, a public static no-argument method
 * returning the application, or a public static method that is itself a WSGI-style application.
 * Every failure says what was looked for and where.
 */
public final class AppLoader {
    public static final String DEFAULT_MEMBER = "app";
    public static final String USAGE =
            "Provide an application as class:member, e.g. -Dapp=com.example.App:app (the member defaults to 'app')";
    static final String SHAPES = "Supported shapes:\n"
            + "  1. WSGI-style: " + WsgiGateway.SHAPE + "\n"
            + "     (or a public static method Iterable<byte[]> member(Map<String, Object> environ,"
            + " BiConsumer<String, List<Map.Entry<String, String>>> startResponse))\n"
            + "  2. com.sun.net.httpserver.HttpHandler\n"
            + "  3. a jakarta.servlet.Servlet class, named without a member (-Dapp=com.example.MyServlet): served at /*";

    private AppLoader() {}

    /** A loaded application: what the banner calls it and how the server calls it. */
    public record LoadedApp(String name, Gateway gateway) {}

    /** Deploys a jakarta.servlet.Servlet class named without a member as a one-servlet application. */
    public interface ServletDeployer {
        Gateway deploy(Class<?> servletClass) throws AppLoadException;
    }

    public static LoadedApp load(String spec, ClassLoader loader, List<String> classpathRoots) throws AppLoadException {
        return load(spec, loader, classpathRoots, null);
    }

    /**
     * @param spec "class:member" or "class"
     * @param loader the loader of the project's runtime classpath
     * @param classpathRoots that classpath, named in the error when the class is missing
     */
    public static LoadedApp load(String spec, ClassLoader loader, List<String> classpathRoots, ServletDeployer servlets)
            throws AppLoadException {
        if (spec == null || spec.isBlank()) {
            throw new AppLoadException(USAGE + ".");
        }
        int colon = spec.indexOf(':');
        String className = (colon < 0 ? spec : spec.substring(0, colon)).strip();
        String memberName = colon < 0 ? DEFAULT_MEMBER : spec.substring(colon + 1).strip();
        if (!isQualifiedName(className) || !isQualifiedName(memberName) || memberName.contains(".")) {
            throw new AppLoadException("'" + spec + "' is not of the form class:member. " + USAGE + ".");
        }
        Class<?> type = loadClass(className, loader, classpathRoots);
        if (colon < 0 && servlets != null && isServlet(type, loader)) {
            return new LoadedApp(className, servlets.deploy(type));
        }
        String where = className + "." + memberName;
        Object app = memberValue(type, memberName, where);
        return new LoadedApp(className + ":" + memberName, adapt(app, where));
    }

    /** Whether type implements jakarta.servlet.Servlet (when the Servlet API is there at all). */
    private static boolean isServlet(Class<?> type, ClassLoader loader) {
        try {
            return Class.forName("jakarta.servlet.Servlet", false, loader).isAssignableFrom(type);
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static Class<?> loadClass(String className, ClassLoader loader, List<String> roots) throws AppLoadException {
        try {
            return Class.forName(className, false, loader);
        } catch (ClassNotFoundException e) {
            throw new AppLoadException("Class " + className + " was not found on the project's runtime classpath."
                    + " Searched:\n" + roots.stream().map(root -> "  " + root).collect(Collectors.joining("\n"))
                    + "\nCheck the class name (package included) and that the project compiles.");
        } catch (LinkageError e) {
            throw new AppLoadException("Class " + className + " could not be loaded: " + e);
        }
    }

    private static Object memberValue(Class<?> type, String name, String where) throws AppLoadException {
        if (!Modifier.isPublic(type.getModifiers())) {
            throw new AppLoadException("Class " + type.getName() + " is not public; make it public so the server can reach " + where + ".");
        }
        try {
            Field field = findField(type, name);
            if (field != null) {
                requireStatic(field, where);
                checkDeclaredType(field.getGenericType(), where);
                return nonNull(field.get(null), where);
            }
            Method method = findMethod(type, name);
            if (method != null) {
                requireStatic(method, where);
                if (method.getParameterCount() == 2) {
                    return staticWsgiMethod(method, where);
                }
                checkDeclaredType(method.getGenericReturnType(), where + "()");
                return nonNull(method.invoke(null), where + "()");
            }
        } catch (ExceptionInInitializerError e) {
            throw new AppLoadException("Initialising class " + type.getName() + " failed: " + StackTraces.of(e.getCause()));
        } catch (InvocationTargetException e) {
            throw new AppLoadException("Calling " + where + "() failed: " + StackTraces.of(e.getCause()));
        } catch (IllegalAccessException e) {
            throw new AppLoadException(where + " is not accessible: " + e.getMessage());
        } catch (LinkageError e) {
            throw new AppLoadException("Loading " + where + " failed: " + StackTraces.of(e));
        }
        String kind = whatItIs(type);
        throw new AppLoadException(type.getName() + " has no public static field or method named '" + name + "'."
                + publicStaticMembers(type) + (kind != null ? "\n" + kind
                        : " Name one with -Dapp=" + type.getName() + ":<member>."));
    }

    /**
     * What a class named without the member it lacks is, of the things people name (a Spring Boot
     * application, a servlet, an HttpHandler, a main class), and what to do instead; null for
     * none of them.
     */
    static String whatItIs(Class<?> type) {
        String name = type.getName();
        if (hasAnnotation(type, "org.springframework.boot.autoconfigure.SpringBootApplication")) {
            return "It is a Spring Boot application (annotated @SpringBootApplication): name the class alone, -Dapp=" + name
                    + ", or give no app in its project; lsbaws then runs its main with lsbaws as Boot's web server.";
        }
        if (implementsNamed(type, "jakarta.servlet.Servlet")) {
            return "It is a jakarta.servlet.Servlet: name the class alone, -Dapp=" + name + ", to serve it at /*"
                    + " (a web application with src/main/webapp or WEB-INF/web.xml needs no app at all).";
        }
        if (HttpHandler.class.isAssignableFrom(type)) {
            return "It is a com.sun.net.httpserver.HttpHandler: lsbaws serves an instance, not the class. Add"
                    + " 'public static final HttpHandler app = new " + type.getSimpleName() + "();' to it and name that,"
                    + " -Dapp=" + name + ":app.";
        }
        if (hasMain(type)) {
            return "It has a main method, which lsbaws does not run (it serves an application object, and main would"
                    + " start a server of its own): expose the application main serves as a public static field or method"
                    + " and name that, -Dapp=" + name + ":<member>.\n" + SHAPES;
        }
        return null;
    }

    private static boolean hasMain(Class<?> type) {
        try {
            Method main = type.getMethod("main", String[].class);
            return Modifier.isStatic(main.getModifiers());
        } catch (NoSuchMethodException | LinkageError e) {
            return false;
        }
    }

    /** Annotated with annotationName, directly or through one of its annotations (a composed annotation). */
    private static boolean hasAnnotation(Class<?> type, String annotationName) {
        try {
            for (java.lang.annotation.Annotation annotation : type.getAnnotations()) {
                Class<?> annotationType = annotation.annotationType();
                if (annotationType.getName().equals(annotationName)) {
                    return true;
                }
                for (java.lang.annotation.Annotation meta : annotationType.getAnnotations()) {
                    if (meta.annotationType().getName().equals(annotationName)) {
                        return true;
                    }
                }
            }
        } catch (LinkageError | RuntimeException e) {
            // annotations that cannot be read: not one of these
        }
        return false;
    }

    private static boolean implementsNamed(Class<?> type, String interfaceName) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> implemented : c.getInterfaces()) {
                if (implemented.getName().equals(interfaceName) || implementsNamed(implemented, interfaceName)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Field findField(Class<?> type, String name) {
        return Arrays.stream(type.getFields()).filter(f -> f.getName().equals(name)).findFirst().orElse(null);
    }

    /** A no-argument method, or a two-argument one that is itself the application. */
    private static Method findMethod(Class<?> type, String name) {
        return Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equals(name) && (m.getParameterCount() == 0 || m.getParameterCount() == 2))
                .findFirst().orElse(null);
    }

    private static void requireStatic(Member member, String where) throws AppLoadException {
        if (!Modifier.isStatic(member.getModifiers())) {
            throw new AppLoadException(where + " is not static; the application must be a public static field or method"
                    + " (the server has no instance of " + member.getDeclaringClass().getName() + " to read it from).");
        }
    }

    private static Object nonNull(Object value, String where) throws AppLoadException {
        if (value == null) {
            throw new AppLoadException(where + " is null; it must hold the application.\n" + SHAPES);
        }
        return value;
    }

    /**
     * A declared type that can never hold an application is reported before anything runs;
     * a raw or wider type (Object, BiFunction) is checked on the value instead.
     */
    private static void checkDeclaredType(Type declared, String where) throws AppLoadException {
        Class<?> raw = rawClass(declared);
        if (raw == Object.class || HttpHandler.class.isAssignableFrom(raw) || raw.isAssignableFrom(HttpHandler.class)) {
            return;
        }
        if (BiFunction.class.isAssignableFrom(raw)) {
            if (raw == BiFunction.class && declared instanceof ParameterizedType parameterized
                    && !isWsgiArguments(parameterized.getActualTypeArguments())) {
                throw new AppLoadException(where + " is declared as " + declared.getTypeName()
                        + ", which is not a WSGI-style application.\n" + SHAPES);
            }
            return;
        }
        throw new AppLoadException(where + " is declared as " + declared.getTypeName() + ", which is not an application.\n" + SHAPES);
    }

    private static boolean isWsgiArguments(Type[] arguments) {
        return rawClass(arguments[0]).isAssignableFrom(Map.class)
                && rawClass(arguments[1]).isAssignableFrom(BiConsumer.class)
                && Iterable.class.isAssignableFrom(rawClass(arguments[2]));
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class; // type variables and wildcards: decided on the value
    }

    @SuppressWarnings("unchecked")
    private static Gateway adapt(Object app, String where) throws AppLoadException {
        if (app instanceof HttpHandler handler) {
            return new HttpHandlerGateway(handler);
        }
        if (app instanceof BiFunction<?, ?, ?> function) {
            return new WsgiGateway((BiFunction<Map<String, Object>, BiConsumer<String, List<Map.Entry<String, String>>>,
                    Iterable<byte[]>>) function);
        }
        throw new AppLoadException(where + " is a " + app.getClass().getName() + ", which is not an application.\n" + SHAPES);
    }

    private static Object staticWsgiMethod(Method method, String where) throws AppLoadException {
        Class<?>[] parameters = method.getParameterTypes();
        boolean fits = parameters[0].isAssignableFrom(Map.class) && parameters[1].isAssignableFrom(BiConsumer.class)
                && Iterable.class.isAssignableFrom(method.getReturnType());
        if (!fits) {
            throw new AppLoadException(where + " takes (" + parameters[0].getName() + ", " + parameters[1].getName()
                    + ") and returns " + method.getReturnType().getName() + ", which is not an application.\n" + SHAPES);
        }
        BiFunction<Object, Object, Object> call = (environ, startResponse) -> {
            try {
                return method.invoke(null, environ, startResponse);
            } catch (InvocationTargetException e) {
                throw sneaky(e.getCause());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        };
        return call;
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t; // the application's own exception reaches the server's error log unwrapped
    }

    private static String publicStaticMembers(Class<?> type) {
        TreeSet<String> names = new TreeSet<>();
        for (Field field : type.getFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                names.add(field.getName());
            }
        }
        for (Method method : type.getMethods()) {
            if (Modifier.isStatic(method.getModifiers()) && method.getDeclaringClass() == type && !method.getName().equals("main")) {
                names.add(method.getName() + "()");
            }
        }
        return names.isEmpty() ? " It has no public static members." : " Its public static members are: " + String.join(", ", names) + ".";
    }

    private static boolean isQualifiedName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (String part : name.split("\\.", -1)) {
            if (part.isEmpty() || !Character.isJavaIdentifierStart(part.charAt(0))
                    || !part.chars().allMatch(Character::isJavaIdentifierPart)) {
                return false;
            }
        }
        return true;
    }
}
