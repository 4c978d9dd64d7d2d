package io.github.lsbaws.maven;

import io.github.lsbaws.jvm.ServerJvm;
import io.github.lsbaws.gateway.AppLoader;
import io.github.lsbaws.launcher.ServerProcess;
import io.github.lsbaws.server.debug.DebugSettings;
import io.github.lsbaws.server.ServerOptions;
import io.github.lsbaws.servlet.jsp.JspFiles;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/** The parameters every server goal shares, and the launch of the server JVM they describe. */
abstract class AbstractServerMojo extends AbstractMojo {
    /** The application, as class:member (member defaults to "app"), e.g. com.example.App:app. Also -Dlsbaws.app. */
    @Parameter(property = "app")
    String app;

    /** Address to listen on. 127.0.0.1 keeps the server private to this machine; 0.0.0.0 opens it to the network. */
    @Parameter(property = "lsbaws.host", defaultValue = ServerOptions.DEFAULT_HOST)
    String host;

    /** Most connections the kernel queues while every child slot is busy (listen(2) backlog). */
    @Parameter(property = "lsbaws.backlog", defaultValue = "1024")
    int backlog;

    /** Most connections served at once, one child process each; at the limit new connections wait in the backlog. */
    @Parameter(property = "lsbaws.maxChildren", defaultValue = "256")
    int maxChildren;

    /** Seconds one connection may take; a child still running then is killed (SIGKILL) and logged. */
    @Parameter(property = "lsbaws.requestTimeout", defaultValue = "30")
    int requestTimeout;

    /** Seconds a shutdown waits for connections in flight before killing them. */
    @Parameter(property = "lsbaws.grace", defaultValue = "10")
    int grace;

    /** Extra JVM options for the server JVM, space-separated (after the fork-safe defaults, so they win). */
    @Parameter(property = "lsbaws.jvmArgs")
    String jvmArgs;

    /**
     * Request targets (comma-separated, e.g. "/,/hello?name=x") that the parent serves itself, once, at
     * start-up with GET, its answer discarded: code on those paths (lambdas, string concatenation) is then
     * linked once instead of in every child, which runs interpreted. Only for paths without side effects.
     */
    @Parameter(property = "lsbaws.warmup")
    String warmup;

    /**
     * Learn what the children serve (GET and HEAD answered 2xx or 3xx, without credentials) and
     * replay it once in each new server parent, so that children start with that code linked:
     * the first request to a path is cold, later ones are not, and the next run starts warm. The
     * requests are kept in target/lsbaws; replaying runs the application's code once more in the
     * parent, which is why only safe methods are learned.
     */
    @Parameter(property = "lsbaws.learn", defaultValue = "true")
    boolean learn;

    /** Largest request header section accepted, in bytes; a larger one is answered 431. */
    @Parameter(property = "lsbaws.maxHeaderSize", defaultValue = "65536")
    int maxHeaderSize;

    /** Largest request body accepted, in bytes; a larger one is answered 413. */
    @Parameter(property = "lsbaws.maxBodySize", defaultValue = "67108864")
    long maxBodySize;

    /** Seconds a persistent connection may stay idle between requests (and a read may wait) before it closes. */
    @Parameter(property = "lsbaws.idleTimeout", defaultValue = "5")
    int idleTimeout;

    /**
     * Where a Servlet web application is served: "/" (the default) or a path such as "/shop". A
     * project with war packaging, a src/main/webapp directory or a WEB-INF/web.xml is served as a
     * web application when no app is given.
     */
    @Parameter(property = "lsbaws.contextPath", defaultValue = "/")
    String contextPath;

    /** The web application's directory (static files, WEB-INF/web.xml), read in place. */
    @Parameter(property = "lsbaws.webappDirectory", defaultValue = "${basedir}/src/main/webapp")
    File webappDirectory;

    /** Where a web application's sessions, temporary files and class-scan cache are kept. */
    @Parameter(defaultValue = "${project.build.directory}/lsbaws", readonly = true)
    File serverStateDirectory;

    /** Skips the goal. */
    /**
     * Serve chosen requests under a debugger listening at this address (HOST:PORT; -Dlsbaws.debug
     * alone: localhost:5005). See the README's "Debugging".
     */
    @Parameter(property = DebugSettings.ADDRESS)
    String debug;

    /** With debug: only requests to these paths (comma-separated, * matches anything), and those with X-Debug: 1. */
    @Parameter(property = DebugSettings.PATHS)
    String debugPath;

    /** With debug: the application's start-up is loaded once under the debugger before a generation serves. */
    @Parameter(property = DebugSettings.STARTUP, defaultValue = "false")
    boolean debugStartup;

    @Parameter(property = "lsbaws.skip", defaultValue = "false")
    boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    MavenSession session;

    @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
    PluginDescriptor plugin;

    /** Whether the project is a Servlet web application: war packaging, a webapp directory or a WEB-INF/web.xml. */
    boolean isWebApplication() {
        return "war".equals(project.getPackaging()) || (webappDirectory != null && webappDirectory.isDirectory())
                || new File(project.getBasedir(), "WEB-INF/web.xml").isFile();
    }

    /** The directory served as the web application: webappDirectory, or the project's own if it holds WEB-INF/web.xml. */
    private File webappRoot() {
        if (webappDirectory != null && webappDirectory.isDirectory()) {
            return webappDirectory;
        }
        if (new File(project.getBasedir(), "WEB-INF/web.xml").isFile()) {
            return project.getBasedir();
        }
        return webappDirectory;
    }

    /** What the server serves, for messages: the app, or the web application. */
    static String describe(ServerOptions options) {
        return options.app() != null ? options.app()
                : "the web application at " + (options.contextPath().isEmpty() ? "/" : options.contextPath());
    }

    /**
     * The project's classes and libraries: its runtime classpath, then its provided and system
     * dependencies (a web application's API jars are usually provided; the server's own Servlet
     * API is found first, since the application's loader asks the server's).
     */
    private List<String> applicationClasspath() throws DependencyResolutionRequiredException {
        Set<String> roots = new LinkedHashSet<>(project.getRuntimeClasspathElements());
        roots.addAll(project.getCompileClasspathElements());
        return new ArrayList<>(roots);
    }

    /**
     * The options of a run on port, learning into target/lsbaws/learnedFileName: the -Dapp check
     * happens here, before any JVM starts.
     */
    ServerOptions serverOptions(int port, String learnedFileName) throws MojoFailureException, MojoExecutionException {
        String spec = app != null ? app : session.getUserProperties().getProperty("lsbaws.app");
        String bootApplication = spec == null || spec.isBlank() ? bootApplicationClass() : null;
        if (bootApplication != null) {
            spec = bootApplication;
            if (port == ServerOptions.DEFAULT_PORT && session.getUserProperties().getProperty("lsbaws.port") == null
                    && BootProject.serverPort(project) > 0) {
                port = BootProject.serverPort(project); // Boot's server.port, unless lsbaws.port is given
            }
        }
        boolean webApplication = (spec == null || spec.isBlank()) && isWebApplication();
        if ((spec == null || spec.isBlank()) && !webApplication) {
            throw new MojoFailureException(AppLoader.USAGE + ", or configure <app> for lsbaws-maven-plugin in the POM"
                    + " (a project with war packaging, src/main/webapp or WEB-INF/web.xml is served as a web application"
                    + " without one, and a Spring Boot project as its @SpringBootApplication class).");
        }
        try {
            return ServerOptions.of(webApplication ? null : spec.strip(), applicationClasspath())
                    .withWebApp(webApplication ? webappRoot().getAbsolutePath() : null, normalizedContextPath(),
                            serverStateDirectory.getAbsolutePath())
                    .withAddress(host, port)
                    .withLimits(backlog, maxChildren, requestTimeout * 1000L, grace * 1000L)
                    .withWarmup(warmup == null || warmup.isBlank() ? List.of() : Arrays.asList(warmup.strip().split("\\s*,\\s*")))
                    .withHttpLimits(maxHeaderSize, maxBodySize, idleTimeout * 1000L)
                    .withLearnedFile(learn ? new File(serverStateDirectory, learnedFileName).getPath() : null)
                    .withWatchStdin(true);
        } catch (DependencyResolutionRequiredException e) {
            throw new MojoExecutionException("the project's runtime classpath is not resolved", e);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("lsbaws: " + e.getMessage());
        }
    }

    /** The Spring Boot application class of the project, or null. */
    private String bootApplicationClass() throws MojoFailureException {
        try {
            String name = BootProject.applicationClass(project);
            if (name != null) {
                getLog().info("lsbaws: serving the Spring Boot application " + name + " (lsbaws is its web server)");
            }
            return name;
        } catch (IOException e) {
            throw new MojoFailureException("lsbaws: " + e.getMessage());
        }
    }

    private String normalizedContextPath() throws MojoFailureException {
        String path = contextPath == null ? "" : contextPath.strip();
        if (path.isEmpty() || path.equals("/")) {
            return "";
        }
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (!path.matches("(/[A-Za-z0-9._~!$&'()*+,=:@-]+)+")) {
            throw new MojoFailureException("lsbaws: contextPath '" + contextPath + "' must be a plain path such as /shop");
        }
        return path;
    }

    /**
     * Starts the server JVM. Its output lines go to output, or, with inheritOutput, its
     * standard output is this JVM's and only its standard error lines go to output.
     */
    ServerProcess launch(ServerOptions options, Consumer<ServerProcess.Line> output, boolean inheritOutput)
            throws MojoExecutionException, MojoFailureException {
        List<String> command;
        try {
            List<String> extraJvmArgs = new ArrayList<>(DebugSettings.jvmOptions(debug, debugPath, debugStartup));
            extraJvmArgs.addAll(jvmArgs == null || jvmArgs.isBlank() ? List.of() : Arrays.asList(jvmArgs.strip().split("\\s+")));
            command = ServerJvm.command(Path.of(System.getProperty("java.home")), serverClasspath(options),
                    ServerJvm.withJitMode(extraJvmArgs, options.appClasspath()), options);
        } catch (IllegalArgumentException e) { // not a Java the server can run on
            throw new MojoFailureException("lsbaws: " + e.getMessage());
        }
        getLog().debug("Server command: " + String.join(" ", command));
        Path directory = project.getBasedir().toPath();
        try {
            return inheritOutput ? ServerProcess.startWithInheritedOutput(command, directory, output)
                    : ServerProcess.start(command, directory, output);
        } catch (IOException e) {
            throw new MojoExecutionException("could not start the server JVM " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    /**
     * This plugin's jar and its runtime dependencies (the libc binding, the Servlet API): what the
     * server JVM runs; the JSP engine's libraries only for a web application that has JSP.
     */
    private List<String> serverClasspath(ServerOptions options) {
        boolean jsp = options.webapp() != null && JspFiles.present(Path.of(options.webapp()));
        Set<String> entries = new LinkedHashSet<>();
        entries.add(plugin.getPluginArtifact().getFile().getAbsolutePath());
        for (Artifact artifact : plugin.getArtifacts()) {
            File file = artifact.getFile();
            if (file != null && (jsp || !JspFiles.isEngineLibrary(artifact.getGroupId()))) {
                entries.add(file.getAbsolutePath());
            }
        }
        return new ArrayList<>(entries);
    }
}
