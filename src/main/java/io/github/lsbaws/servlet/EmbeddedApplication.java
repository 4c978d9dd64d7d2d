package io.github.lsbaws.servlet;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.util.List;
import java.util.Map;

/**
 * A web application that a framework embedding its server builds in code, as Spring Boot does
 * with Tomcat or Jetty: the framework's settings and its initializers give the registrations
 * (deploy), and it says later when to start (initialise the filters and servlets), once its own
 * beans are all created. Deployed in the server's parent, like every web application.
 */
public final class EmbeddedApplication {
    /** What the framework registers in code: it is called with the ServletContext during deployment. */
    public interface Initializer {
        void onStartup(ServletContext context) throws ServletException;
    }

    /** An error page: by status (exceptionType null), by exception type (status 0), or the default (both unset). */
    public record ErrorPage(int status, String exceptionType, String location) {}

    /**
     * The framework's settings of the container.
     *
     * @param contextPath "" for the root, else "/name"
     * @param displayName the application's display name, or null
     * @param sessionTimeoutMinutes the session timeout, or null for the container's
     */
    public record Settings(String contextPath, String displayName, Map<String, String> initParameters,
                           Map<String, String> mimeTypes, Integer sessionTimeoutMinutes, List<ErrorPage> errorPages) {}

    private final WebApplication app;
    private boolean started;

    private EmbeddedApplication(WebApplication app) {
        this.app = app;
    }

    /**
     * Registers what the settings and initializers declare; nothing is initialised yet.
     *
     * @param deployment where the application's classes, files and state are (its context path is replaced by the settings')
     */
    public static EmbeddedApplication deploy(Deployment.Settings deployment, Settings settings, List<Initializer> initializers)
            throws ServletException {
        WebApplication app = Deployment.newApplication(new Deployment.Settings(deployment.webapp(), settings.contextPath(),
                deployment.stateDirectory(), deployment.classpath(), deployment.loader()));
        app.setDisplayName(settings.displayName());
        settings.initParameters().forEach(app::putInitParameter);
        settings.mimeTypes().forEach(app::putMimeType);
        if (settings.sessionTimeoutMinutes() != null) {
            app.setSessionTimeout(settings.sessionTimeoutMinutes());
        }
        for (ErrorPage page : settings.errorPages()) {
            if (page.exceptionType() != null) {
                app.errorPages.addException(page.exceptionType(), page.location());
            } else if (page.status() > 0) {
                app.errorPages.addStatus(page.status(), page.location());
            } else {
                app.errorPages.setDefault(page.location());
            }
        }
        for (Initializer initializer : initializers) {
            app.withApplicationLoader(() -> initializer.onStartup(app));
        }
        return new EmbeddedApplication(app);
    }

    /** Initialises the context listeners, filters and servlets, once; the expired sessions are removed. */
    public synchronized void start() throws ServletException {
        if (!started) {
            app.start();
            app.sessions().sweep();
            started = true;
            Log.info("Started the embedded web application at " + (app.getContextPath().isEmpty() ? "/" : app.getContextPath())
                    + ": " + app.registry().servletHolders().size() + " servlet(s), " + app.registry().filterHolders().size() + " filter(s)");
        }
    }

    public String contextPath() {
        return app.getContextPath();
    }

    /** How the server serves it. */
    public ServletGateway gateway() {
        return new ServletGateway(app);
    }

    /** Its filters, servlets and context listeners destroyed, if it was started. */
    public synchronized void stop() {
        if (started) {
            started = false;
            app.destroy();
        }
    }
}
