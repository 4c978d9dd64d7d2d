package io.github.lsbaws.boot.spring;

import io.github.lsbaws.servlet.EmbeddedApplication;
import java.util.List;
import org.springframework.boot.web.server.AbstractConfigurableWebServerFactory;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.servlet.ConfigurableServletWebServerFactory;
import org.springframework.boot.web.server.servlet.ServletContextInitializers;
import org.springframework.boot.web.server.servlet.ServletWebServerSettings;
import org.springframework.boot.web.servlet.ServletContextInitializer;

/**
 * lsbaws as Spring Boot 4's servlet web server. Boot's customizers set it from server.* (the
 * context path, error pages, session timeout, init parameters, MIME types); server.port is the
 * supervisor's, since it binds the socket before Boot runs.
 */
public final class Boot4ServletWebServerFactory extends AbstractConfigurableWebServerFactory
        implements ConfigurableServletWebServerFactory {
    private final WebServers servers;
    private final ServletWebServerSettings settings = new ServletWebServerSettings();

    public Boot4ServletWebServerFactory(WebServers servers) {
        this.servers = servers;
    }

    @Override
    public ServletWebServerSettings getSettings() {
        return settings;
    }

    @Override
    public WebServer getWebServer(ServletContextInitializer... initializers) {
        List<EmbeddedApplication.ErrorPage> pages = getErrorPages().stream()
                .map(page -> WebServers.errorPage(page.isGlobal(), page.getExceptionName(), page.getStatusCode(), page.getPath()))
                .toList();
        return servers.create(new EmbeddedApplication.Settings(settings.getContextPath().toString(), settings.getDisplayName(),
                        settings.getInitParameters(), WebServers.mimeTypes(settings.getMimeMappings()),
                        WebServers.minutes(settings.getSession().getTimeout()), pages),
                ServletContextInitializers.from(settings, initializers));
    }
}
