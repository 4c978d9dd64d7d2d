package io.github.lsbaws.boot.spring;

import io.github.lsbaws.servlet.Deployment;
import io.github.lsbaws.servlet.EmbeddedApplication;
import jakarta.servlet.ServletException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.web.server.MimeMappings;
import org.springframework.boot.web.servlet.ServletContextInitializer;

/** What the factories of both Boot lines share: the server's port and deployment, and the web servers made. */
final class WebServers {
    private final int port;
    private final Deployment.Settings deployment;
    private final List<LsbawsWebServer> made = new ArrayList<>();

    WebServers(int port, Deployment.Settings deployment) {
        this.port = port;
        this.deployment = deployment;
    }

    /** Deploys the application Boot's settings and initializers describe (Boot's getWebServer). */
    LsbawsWebServer create(EmbeddedApplication.Settings settings, Iterable<? extends ServletContextInitializer> initializers) {
        List<EmbeddedApplication.Initializer> calls = new ArrayList<>();
        for (ServletContextInitializer initializer : initializers) {
            calls.add(initializer::onStartup);
        }
        try {
            LsbawsWebServer server = new LsbawsWebServer(EmbeddedApplication.deploy(deployment, settings, calls), port);
            made.add(server);
            return server;
        } catch (ServletException e) {
            throw new IllegalStateException("deploying the Spring Boot web application failed: " + e.getMessage(), e);
        }
    }

    boolean created() {
        return !made.isEmpty();
    }

    /** The web server Boot started (a child context's, such as the management one on a port of its own, is not served). */
    LsbawsWebServer started() {
        for (LsbawsWebServer server : made) {
            if (server.isStarted()) {
                return server;
            }
        }
        return null;
    }

    /** One of Boot's error pages: the global one, by exception type, or by status. */
    static EmbeddedApplication.ErrorPage errorPage(boolean global, String exceptionType, int status, String path) {
        return new EmbeddedApplication.ErrorPage(global || exceptionType != null ? 0 : status, global ? null : exceptionType, path);
    }

    /** Boot's MIME mappings (the same class in Boot 3 and 4) as extension to type. */
    static Map<String, String> mimeTypes(MimeMappings mappings) {
        Map<String, String> types = new LinkedHashMap<>();
        for (MimeMappings.Mapping mapping : mappings) {
            types.put(mapping.getExtension(), mapping.getMimeType());
        }
        return types;
    }

    static Integer minutes(Duration timeout) {
        return timeout == null ? null : (int) Math.max(1, (timeout.toSeconds() + 59) / 60);
    }
}
