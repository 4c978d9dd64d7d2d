package io.github.lsbaws.gateway;

import java.nio.file.Path;
import java.util.List;

/**
 * Deploys the applications that are not a class:member shape: a web application's directory,
 * or a jakarta.servlet.Servlet class named alone. The server runtime knows only this interface;
 * the server JVM's entry point plugs the Servlet container in, so that the runtime does not
 * depend on the container built on it.
 */
public interface ServletContainer {
    /**
     * @param webapp the web application's directory, or null (one servlet)
     * @param contextPath where it is served ("" for the root)
     * @param stateDirectory where its sessions, temporary files and scan cache go
     * @param classpath the application's classpath roots
     * @param loader the loader of that classpath
     */
    record Settings(Path webapp, String contextPath, Path stateDirectory, List<Path> classpath, ClassLoader loader) {}

    /** The web application of settings.webapp(). */
    AppLoader.LoadedApp webApplication(Settings settings) throws AppLoadException;

    /** One servlet class at /* (-Dapp=com.example.MyServlet). */
    Gateway singleServlet(Class<?> servletClass, Settings settings) throws AppLoadException;

    /**
     * An application that embeds its web server, as a Spring Boot application does (app names its
     * class, no member), run in this process with this container as that server; null when app
     * names no such application.
     *
     * @param port the port the server listens on, which the application's framework reports
     */
    default AppLoader.LoadedApp embeddedApplication(String app, int port, Settings settings) throws AppLoadException {
        return null;
    }
}
