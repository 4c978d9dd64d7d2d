package io.github.lsbaws.boot.spring;

import io.github.lsbaws.servlet.EmbeddedApplication;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.boot.web.servlet.server.AbstractServletWebServerFactory;

/**
 * lsbaws as Spring Boot 3's servlet web server (compiled against Boot 3 in an execution of its
 * own). Boot's customizers set it from server.*; server.port is the supervisor's.
 */
public final class Boot3ServletWebServerFactory extends AbstractServletWebServerFactory {
    private final WebServers servers;

    public Boot3ServletWebServerFactory(WebServers servers) {
        this.servers = servers;
    }

    @Override
    public WebServer getWebServer(ServletContextInitializer... initializers) {
        List<EmbeddedApplication.ErrorPage> pages = getErrorPages().stream()
                .map(page -> WebServers.errorPage(page.isGlobal(), page.getExceptionName(), page.getStatusCode(), page.getPath()))
                .toList();
        return servers.create(new EmbeddedApplication.Settings(getContextPath(), getDisplayName(), getInitParameters(),
                        WebServers.mimeTypes(getMimeMappings()),
                        WebServers.minutes(getSession().getTimeout()), pages),
                Arrays.asList(mergeInitializers(initializers)));
    }
}
