package io.github.lsbaws.maven;

import io.github.lsbaws.jvm.ServerMain;
import io.github.lsbaws.launcher.ServerProcess;
import io.github.lsbaws.reload.DevLoop;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import io.github.lsbaws.server.ServerOptions;
import java.time.Duration;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Execute;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Compiles the project and serves its application through the forking server until Ctrl-C:
 * one child process per connection, a log line per request; saving a file reloads the
 * application (reload).
 */
@Mojo(name = "serve", requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME, threadSafe = true)
@Execute(phase = LifecyclePhase.PROCESS_CLASSES)
public class ServeMojo extends AbstractServerMojo {
    /** Port to listen on; 0 picks a free one (printed in the banner). */
    @Parameter(property = "lsbaws.port", defaultValue = "" + ServerOptions.DEFAULT_PORT)
    int port;

    /**
     * Reload on save: changed sources are compiled, changed resources copied, and a new generation
     * of the server with the new classes takes over from the old one without losing a connection.
     * Enter in the terminal reloads at once.
     */
    @Parameter(property = "lsbaws.reload", defaultValue = "true")
    boolean reload;

    /**
     * With reload, compile saved sources here; false leaves compiling to the IDE or to
     * `mvn compile`, and reloads when their classes change.
     */
    @Parameter(property = "lsbaws.compileOnSave", defaultValue = "true")
    boolean compileOnSave;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("lsbaws:serve skipped (lsbaws.skip)");
            return;
        }
        ServerOptions options = serverOptions(port, "learned-requests.txt").withStandby(reload);
        // The server's banner and access log go straight to the console; its errors come through here.
        ServerProcess server = launch(options, line -> System.err.println(line.text()), true);
        // Ctrl-C reaches the server too and starts its graceful shutdown; Maven must wait for it to finish.
        Thread stopOnExit = new Thread(() -> {
            try {
                server.stop(Duration.ofMillis(options.graceMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "lsbaws-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        DevLoop devLoop = null;
        try {
            if (reload) {
                devLoop = ReloadSetup.start(project, session, server, compileOnSave, getLog());
                reloadOnEnter(devLoop);
            }
            int status = server.waitFor();
            if (ServerMain.failedToStart(status)) {
                throw new MojoFailureException("lsbaws: " + describe(options) + " could not be served: the server exited with status "
                        + status + " before serving:\n" + server.errorOutput());
            }
            if (status != 0) {
                throw new MojoFailureException("lsbaws: the server exited with status " + status + ":\n" + server.errorOutput());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("interrupted while serving", e);
        } finally {
            closeQuietly(devLoop);
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException e) {
                // Maven is exiting: the hook is running and stops the server.
            }
            stopQuietly(server, options);
        }
    }

    /** Each line typed in the terminal (Enter) asks for a reload. */
    private static void reloadOnEnter(DevLoop devLoop) {
        Thread keys = new Thread(() -> {
            try (BufferedReader terminal = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                while (terminal.readLine() != null) {
                    devLoop.reloadNow();
                }
            } catch (IOException e) {
                // no terminal: nothing to read
            }
        }, "lsbaws-enter");
        keys.setDaemon(true);
        keys.start();
    }

    private static void closeQuietly(DevLoop devLoop) {
        if (devLoop == null) {
            return;
        }
        try {
            devLoop.close();
        } catch (IOException e) {
            // the watch service was closing anyway
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void stopQuietly(ServerProcess server, ServerOptions options) {
        try {
            server.stop(Duration.ofMillis(options.graceMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
