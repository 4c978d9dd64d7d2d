package io.github.lsbaws.boot;

import io.github.lsbaws.gateway.Gateway;
import io.github.lsbaws.servlet.Deployment;
import java.lang.reflect.Method;

/**
 * Runs a Spring Boot application's own main with lsbaws as its web server. Implemented by
 * io.github.lsbaws.boot.spring, which is compiled against Boot and loaded only for a Boot
 * application, by {@link BootClassLoader}.
 */
public interface BootLauncher {
    /**
     * Runs main in this thread; returns once it has returned, Boot's context refreshed and its web server started.
     *
     * @param port the port the server listens on, which Boot's WebServer reports
     * @param deployment the application's classes, files and state directory, for the Servlet container
     */
    Gateway launch(Method main, String[] args, int port, Deployment.Settings deployment) throws Exception;
}
