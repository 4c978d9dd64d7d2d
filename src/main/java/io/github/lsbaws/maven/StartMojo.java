package io.github.lsbaws.maven;

import io.github.lsbaws.launcher.ServerProcess;
import io.github.lsbaws.launcher.ServerStartException;
import io.github.lsbaws.launcher.ServerStartTimeoutException;
import io.github.lsbaws.server.ServerOptions;
import java.io.IOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Starts the forking server in the background, typically before the integration tests, and
 * returns once it answers. The actual port and base URL are published as the project
 * properties {@code lsbaws.port} and {@code lsbaws.url} (the latest start), and
 * {@code lsbaws.<name>.port} and {@code lsbaws.<name>.url}, for maven-failsafe-plugin's
 * {@code systemPropertyVariables}. The server stops at {@code lsbaws:stop}, or when Maven exits.
 */
@Mojo(name = "start", defaultPhase = LifecyclePhase.PRE_INTEGRATION_TEST,
        requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME, threadSafe = true)
public class StartMojo extends AbstractServerMojo {
    /**
     * Port to listen on; 0 (the default) picks a free one. A -Dlsbaws.port on the command line
     * sets it too; the port published by another start in the same build does not.
     */
    @Parameter(defaultValue = "0")
    int port;

    /** Names this server: its state file, log file and published properties. Defaults to the execution id. */
    @Parameter(property = "lsbaws.name", defaultValue = "${mojoExecution.executionId}")
    String name;

    /** Seconds to wait for the server to answer before the build fails. */
    @Parameter(property = "lsbaws.startTimeout", defaultValue = "30")
    int startTimeout;

    /** Where the server's output goes (it is also copied to the build log unless logToBuild is false). */
    @Parameter(property = "lsbaws.logFile", defaultValue = "${project.build.directory}/lsbaws/${mojoExecution.executionId}.log")
    String logFile;

    /** Copy the server's output (banner, access log, errors) to the build log too. */
    @Parameter(property = "lsbaws.logToBuild", defaultValue = "true")
    boolean logToBuild;

    /**
     * Reload on change, as lsbaws:serve does by default: changed sources are compiled and a new
     * generation takes over. Off by default here: a build's integration tests run against the
     * code they were built with.
     */
    @Parameter(property = "lsbaws.reload", defaultValue = "false")
    boolean reload;

    /** Where start records the servers it started, for stop. */
    @Parameter(defaultValue = "${project.build.directory}/lsbaws", readonly = true)
    String stateDirectory;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("lsbaws:start skipped (lsbaws.skip)");
            return;
        }
        String portOnCommandLine = session.getUserProperties().getProperty("lsbaws.port");
        ServerOptions options = serverOptions(portOnCommandLine != null ? parsePort(portOnCommandLine) : port,
                name + ".learned-requests.txt").withStandby(reload);
        Path log = Path.of(logFile);
        Path stateFile = RunningServers.stateFile(Path.of(stateDirectory), name);
        forgetEndedServer(stateFile);
        ServerProcess server;
        Writer out = null;
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            out = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
            server = launch(options, logLine(out), false);
        } catch (IOException e) {
            throw new MojoExecutionException("cannot write the server log " + log + ": " + e.getMessage(), e);
        } catch (MojoExecutionException | MojoFailureException e) {
            closeQuietly(out);
            throw e;
        }
        URI url = awaitAnswering(server, options);
        RunningServers.Live live;
        try {
            live = new RunningServers.Live(server, reload ? ReloadSetup.start(project, session, server, true, getLog()) : null);
        } catch (MojoExecutionException e) {
            stopAfterFailure(server);
            throw e;
        }
        try {
            RunningServers.register(stateFile, new RunningServers.Server(name, server.serverPid(), url.getPort(),
                    url.toString(), log, Duration.ofMillis(options.graceMillis())), live);
        } catch (IOException e) {
            stopAfterFailure(live);
            throw new MojoExecutionException("cannot write " + stateFile + ": " + e.getMessage(), e);
        }
        project.getProperties().setProperty("lsbaws.port", Integer.toString(url.getPort()));
        project.getProperties().setProperty("lsbaws.url", url.toString());
        project.getProperties().setProperty("lsbaws." + name + ".port", Integer.toString(url.getPort()));
        project.getProperties().setProperty("lsbaws." + name + ".url", url.toString());
        getLog().info("lsbaws: '" + name + "' serves " + describe(options) + " at " + url + " (pid " + server.serverPid()
                + "; log " + log + ")");
    }

    /**
     * A state file left by a build that ended between start and stop (a failed check, a killed
     * Maven) names a server that ended with that build: it is removed. One still running is
     * refused, since two starts of one name would lose track of the first.
     */
    private void forgetEndedServer(Path stateFile) throws MojoExecutionException, MojoFailureException {
        if (!Files.exists(stateFile)) {
            return;
        }
        try {
            RunningServers.Server earlier = RunningServers.read(stateFile);
            if (RunningServers.running(earlier).isPresent()) {
                throw new MojoFailureException("lsbaws: a server named '" + name + "' is already started (pid " + earlier.pid()
                        + ", " + stateFile + "); run lsbaws:stop first, or give this execution another <name>");
            }
            getLog().info("lsbaws: '" + name + "' (pid " + earlier.pid() + ") of an earlier build ended without lsbaws:stop;"
                    + " starting it again");
            Files.delete(stateFile);
        } catch (IOException | RuntimeException e) {
            throw new MojoExecutionException("cannot read " + stateFile + " (left by an earlier lsbaws:start): " + e.getMessage()
                    + "; delete it if no server of this project runs", e);
        }
    }

    /** The banner, then a real TCP connection: only then is the server known to answer. */
    private URI awaitAnswering(ServerProcess server, ServerOptions options) throws MojoFailureException {
        Duration timeout = Duration.ofSeconds(startTimeout);
        try {
            URI url = server.awaitReady(timeout);
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(url.getHost(), url.getPort()), (int) timeout.toMillis());
            }
            return url;
        } catch (ServerStartTimeoutException e) {
            stopAfterFailure(server);
            throw new MojoFailureException("lsbaws: " + describe(options) + " could not be started: " + e.getMessage()
                    + "\nIt was still starting: give it longer with <startTimeout> or -Dlsbaws.startTimeout=SECONDS"
                    + " (a Spring application, its code interpreted, can take minutes to deploy)");
        } catch (ServerStartException | IOException e) {
            stopAfterFailure(server);
            throw new MojoFailureException("lsbaws: " + describe(options) + " could not be started: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopAfterFailure(server);
            throw new MojoFailureException("lsbaws: interrupted while starting " + describe(options));
        }
    }

    private static void stopAfterFailure(ServerProcess server) {
        stopAfterFailure(new RunningServers.Live(server, null));
    }

    private static void stopAfterFailure(RunningServers.Live server) {
        try {
            server.stop(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Each line of the server's output goes to the log file and, with logToBuild, to the build log. */
    private Consumer<ServerProcess.Line> logLine(Writer out) {
        return line -> {
            synchronized (out) {
                try {
                    out.write(line.text());
                    out.write('\n');
                    out.flush();
                } catch (IOException e) {
                    // The log file went away; the build log still has the line if logToBuild.
                }
            }
            if (logToBuild) {
                if (line.error()) {
                    getLog().warn("[" + name + "] " + line.text());
                } else {
                    getLog().info("[" + name + "] " + line.text());
                }
            }
        };
    }

    private static void closeQuietly(Writer out) {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // Nothing was written to it yet that could be lost.
            }
        }
    }

    private static int parsePort(String value) throws MojoFailureException {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new MojoFailureException("lsbaws: -Dlsbaws.port=" + value + " is not a port number");
        }
    }
}
