package io.github.lsbaws.servlet;

import io.github.lsbaws.gateway.AppLoadException;
import io.github.lsbaws.gateway.AppLoader;
import io.github.lsbaws.gateway.Gateway;
import io.github.lsbaws.gateway.ServletContainer;
import io.github.lsbaws.gateway.StackTraces;
import jakarta.servlet.Servlet;
import java.io.IOException;

/** The Servlet container as the server deploys it, and its failures as an AppLoadException. */
public final class ServletApps implements ServletContainer {
    @Override
    public AppLoader.LoadedApp webApplication(Settings settings) throws AppLoadException {
        Deployment.Settings deployment = deployment(settings);
        try {
            ServletGateway gateway = Deployment.webApplication(deployment);
            return new AppLoader.LoadedApp("webapp:" + (deployment.contextPath().isEmpty() ? "/" : deployment.contextPath()), gateway);
        } catch (Exception | LinkageError e) {
            throw failed("deploying the web application in " + settings.webapp(), e);
        }
    }

    @Override
    public Gateway singleServlet(Class<?> type, Settings settings) throws AppLoadException {
        try {
            return Deployment.singleServlet(type.asSubclass(Servlet.class), deployment(settings));
        } catch (Exception | LinkageError e) {
            throw failed("deploying servlet " + type.getName(), e);
        }
    }

    /** The Servlet container's deployment settings for the runtime's. */
    public static Deployment.Settings deployment(Settings settings) {
        return new Deployment.Settings(settings.webapp(), settings.contextPath(), settings.stateDirectory(),
                settings.classpath(), settings.loader());
    }

    private static AppLoadException failed(String what, Throwable e) {
        Throwable cause = e instanceof jakarta.servlet.ServletException se && se.getRootCause() != null ? se.getRootCause() : e;
        String message = e instanceof IOException ? e.getMessage() : StackTraces.of(cause);
        return new AppLoadException(what + " failed: " + (e == cause ? "" : e.getMessage() + "\n") + message);
    }
}
