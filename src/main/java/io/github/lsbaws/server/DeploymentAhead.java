package io.github.lsbaws.server;

import io.github.lsbaws.devservices.DevDatabases;
import io.github.lsbaws.gateway.AppLoader;
import io.github.lsbaws.gateway.ApplicationLoaders;
import io.github.lsbaws.gateway.ServletContainer;
import io.github.lsbaws.gateway.StackTraces;
import io.github.lsbaws.natives.Posix;
import io.github.lsbaws.server.checkpoint.ForkCheckpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A standby's rehearsal of the next reload: it deploys the application as it is now and
 * undeploys it (a Spring context closed, a web application's servlets destroyed) before it
 * waits for "go N". The library jars' loader is kept ({@link ApplicationLoaders}), so the
 * deployment that follows an edit finds the frameworks' classes loaded, initialised and, with
 * the JIT at deployment, compiled: it pays for the project's classes and the application's own
 * start, as a restart of Spring Boot DevTools does.
 *
 * <p>The supervisor maps the application's databases to scratch copies for it first, so the
 * application's initialisation touches no data of the user's. The framework's start-up log goes
 * to a file, not to the terminal, where it would read as a second application starting.
 */
final class DeploymentAhead {
    static final String LOG = "deployed-ahead.log";

    private DeploymentAhead() {}

    /** Deploys and undeploys; a failure is reported and leaves the next deployment to start as a cold one would. */
    static void run(ServerOptions options, ApplicationLoaders loaders, ServletContainer servlets, int port, Path databases)
            throws IOException {
        long started = System.nanoTime();
        Path log = options.stateDirectory().resolve(LOG);
        Files.createDirectories(log.getParent());
        Files.writeString(log, "");
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        String[] appName = {options.app() != null ? options.app() : "the application"};
        String failure = null;
        try {
            System.out.flush();
            System.err.flush();
            Posix.withOutputTo(log.toString(), new int[] {1, 2}, () -> {
                try {
                    DevDatabases.useProcessUrlMap(databases); // the scratch copies; H2 keeps the map's name for the JVM's life
                    ForkCheckpoint.install(ServerLog::error); // the application's org.crac facade finds the server's context
                    AppLoader.LoadedApp app = Generation.loadApplication(options, loaders.newProjectLoader(), servlets, port);
                    appName[0] = app.name();
                    app.gateway().destroy();
                } finally {
                    System.out.flush();
                    System.err.flush();
                }
            });
        } catch (Exception | LinkageError e) {
            failure = StackTraces.of(e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
        System.gc(); // the undeployed application's objects, and its org.crac registrations, unreachable from here on
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (failure == null) {
            ServerLog.info("lsbaws: " + appName[0] + " deployed ahead in " + millis + " ms for the next reload (standby pid "
                    + Posix.pid() + "; its output: " + log + ")");
        } else {
            ServerLog.error("lsbaws: deploying " + appName[0] + " ahead for the next reload failed after " + millis
                    + " ms; the next reload deploys it as a cold start would (standby pid " + Posix.pid() + "; its output: "
                    + log + "): " + failure);
        }
    }
}
