package io.github.lsbaws.servlet;

import io.github.lsbaws.gateway.AppLoadException;
import io.github.lsbaws.gateway.AppLoader;
import io.github.lsbaws.gateway.Gateway;
import io.github.lsbaws.server.ServerOptions;
import jakarta.servlet.Servlet;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** How the server's options become a deployed Servlet application, and its failures an AppLoadException. */
public final class ServletApps {
    private ServletApps() {}

    /** The web application of options.webapp(), at options.contextPath(). */
    public static AppLoader.LoadedApp webApplication(ServerOptions options, ClassLoader loader) throws AppLoadException {
        Deployment.Settings settings = settings(options, loader);
        try {
            ServletGateway gateway = Deployment.webApplication(settings);
            return new AppLoader.LoadedApp("webapp:" + (settings.contextPath().isEmpty() ? "/" : settings.contextPath()), gateway);
        } catch (Exception | LinkageError e) {
            throw failed("deploying the web application in " + options.webapp(), e);
        }
    }

    /** One servlet class at /* (-Dapp=com.example.MyServlet). */
    public static Gateway singleServlet(Class<?> type, ServerOptions options, ClassLoader loader) throws AppLoadException {
        try {
            return Deployment.singleServlet(type.asSubclass(Servlet.class), settings(options, loader));
        } catch (Exception | LinkageError e) {
            throw failed("deploying servlet " + type.getName(), e);
        }
    }

    /** Where the application of options is: its webapp directory, context path, state directory, classpath and loader. */
    public static Deployment.Settings settings(ServerOptions options, ClassLoader loader) {
        List<Path> classpath = new ArrayList<>();
        for (String root : options.appClasspath()) {
            classpath.add(Path.of(root));
        }
        Path state = options.stateDir() != null ? Path.of(options.stateDir())
                : Path.of(System.getProperty("java.io.tmpdir"), "lsbaws-" + System.getProperty("user.name"));
        return new Deployment.Settings(options.webapp() == null ? null : Path.of(options.webapp()), options.contextPath(),
                state.toAbsolutePath(), classpath, loader);
    }

    private static AppLoadException failed(String what, Throwable e) {
        Throwable cause = e instanceof jakarta.servlet.ServletException se && se.getRootCause() != null ? se.getRootCause() : e;
        StringWriter trace = new StringWriter();
        cause.printStackTrace(new PrintWriter(trace));
        String message = e instanceof IOException ? e.getMessage() : trace.toString().strip();
        return new AppLoadException(what + " failed: " + (e == cause ? "" : e.getMessage() + "\n") + message);
    }
}
