package io.github.lsbaws.boot;

import io.github.lsbaws.gateway.AppLoadException;
import io.github.lsbaws.gateway.AppLoader;
import io.github.lsbaws.gateway.Gateway;
import io.github.lsbaws.gateway.ServletContainer;

/**
 * The Servlet container with Spring Boot applications besides: a class named alone that is a
 * Boot application runs its own main with the container as Boot's web server. The entry point
 * plugs this in, so that the server runtime knows neither Boot nor the container.
 */
public final class BootContainer implements ServletContainer {
    private final ServletContainer servlets;

    public BootContainer(ServletContainer servlets) {
        this.servlets = servlets;
    }

    @Override
    public AppLoader.LoadedApp webApplication(Settings settings) throws AppLoadException {
        return servlets.webApplication(settings);
    }

    @Override
    public Gateway singleServlet(Class<?> servletClass, Settings settings) throws AppLoadException {
        return servlets.singleServlet(servletClass, settings);
    }

    @Override
    public AppLoader.LoadedApp embeddedApplication(String app, int port, Settings settings) throws AppLoadException {
        Class<?> application = BootApplications.named(app, settings.loader());
        return application == null ? null : BootApplications.launch(application, port, settings);
    }
}
