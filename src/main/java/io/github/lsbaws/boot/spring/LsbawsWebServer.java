package io.github.lsbaws.boot.spring;

import io.github.lsbaws.servlet.EmbeddedApplication;
import jakarta.servlet.ServletException;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.WebServerException;

/**
 * Boot's handle on lsbaws: start() initialises the filters and servlets, once (Boot calls it when
 * every bean exists, as Tomcat's deferred load-on-startup); the forking server accepts once the
 * generation is prepared, after main has returned.
 */
final class LsbawsWebServer implements WebServer {
    private final EmbeddedApplication application;
    private final int port;
    private volatile boolean started;

    LsbawsWebServer(EmbeddedApplication application, int port) {
        this.application = application;
        this.port = port;
    }

    EmbeddedApplication application() {
        return application;
    }

    boolean isStarted() {
        return started;
    }

    @Override
    public void start() {
        try {
            application.start();
            started = true;
        } catch (ServletException e) {
            throw new WebServerException("lsbaws could not start the web application: " + e.getMessage(), e);
        }
    }

    /**
     * Nothing: Boot stops its web server's lifecycle before a checkpoint (here, before the forks)
     * and starts it again after a restore (in each child); the forking server goes on serving
     * the one application started in the parent. The context's close destroys it.
     */
    @Override
    public void stop() {
    }

    @Override
    public void destroy() {
        started = false;
        application.stop();
    }

    @Override
    public int getPort() {
        return port;
    }
}
