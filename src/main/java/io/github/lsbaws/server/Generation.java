package io.github.lsbaws.server;

import io.github.lsbaws.devservices.DevDatabases;
import io.github.lsbaws.gateway.AppLoadException;
import io.github.lsbaws.gateway.AppLoader;
import io.github.lsbaws.learning.LearnedRequest;
import io.github.lsbaws.learning.LearnedRequests;
import io.github.lsbaws.gateway.ServletContainer;
import io.github.lsbaws.natives.Posix;
import io.github.lsbaws.protocol.GenerationRole;
import io.github.lsbaws.server.checkpoint.ForkCheckpoint;
import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One generation of the server: a parent that loads the application with the classes as they
 * are now, prepares itself to be forked, and serves on the supervisor's listening socket until
 * it is told to stop. Once wholly prepared it says so to the supervisor, which retires the
 * generation it replaces and then tells it to accept.
 *
 * <p>It starts as a standby: the JVM, the libc binding and the server's own request path are
 * readied before it knows which classes it will serve, then it waits on its standard input for
 * the supervisor's "go N", which makes it generation N. A supervisor that reloads keeps one
 * standby waiting, so that a reload only pays for what depends on the new code.
 */
public final class Generation {
    private Generation() {}

    /** @param servlets the Servlet container, for a web application or a servlet class named alone */
    public static void serve(ServerOptions options, GenerationRole role, ServletContainer servlets)
            throws AppLoadException, IOException {
        if (Posix.parentPid() != role.supervisorPid()) { // it died before our parent-death signal was set
            throw new IllegalStateException("the supervisor (pid " + role.supervisorPid() + ") is gone");
        }
        ForkGuard guard = new ForkGuard();
        SupervisorChannel supervisor = new SupervisorChannel(role.reportFd());
        ForkingServer server = new ForkingServer(options, guard, role, supervisor);
        int port = server.open();
        Zygote.prepareServer(server, port);

        int number = awaitActivation();
        if (number < 0) {
            return; // a standby the supervisor no longer needs
        }
        if (server.debugSessions() != null) {
            server.debugSessions().debugStartup();
        }
        DevDatabases.useUrlMap(DevDatabases.directory(options.stateDir(), options.learnedFile(), role.supervisorPid()), number);
        ForkCheckpoint checkpoint = ForkCheckpoint.install(ServerLog::error);
        ClassLoader appLoader = appClassLoader(options.appClasspath());
        AppLoader.LoadedApp app = loadApplication(options, appLoader, servlets, port); // deployed here, in the parent, before any fork
        LearnedRequests learned = options.learnedFile() == null ? null
                : LearnedRequests.load(Path.of(options.learnedFile()), options.application());
        Learner learner = new Learner(knownRequests(learned, options), learned == null ? null : supervisor);
        ConnectionHandler handler = new ConnectionHandler(checkpoint.restoringInChildren(app.gateway()), options.limits(),
                number, learner);
        server.serveApplication(handler);
        Zygote.prepareApplication(server, port, handler, options, appLoader);
        int replayed = learned == null ? 0 : Zygote.replayLearned(server, port, handler, learned, supervisor, guard);
        checkpoint.take(app.name()); // before the first fork, once the application is warm
        Zygote.loadCheckpointFacade(checkpoint);
        if (checkpoint.poolsLine() != null) {
            ServerLog.info(checkpoint.poolsLine());
        }
        CompiledChildren.beforeFirstFork(); // the deployment and warm-up ran compiled: the JIT retired or its code kept
        String leftBehind = guard.acceptThreads("loading or warming up " + app.name());
        if (leftBehind != null) {
            ServerLog.info(leftBehind);
        }
        server.rehearseLoop(); // the first fork, after the check above: an application thread is reported as such
        guard.collect();
        StablePages.moveToHugePages(); // while the other threads are asleep, as collect() left them
        guard.collect(); // what reading /proc for it left in eden
        ParentRedefinitions.listen(server, supervisor, appLoader);
        supervisor.prepared(replayed, app.name());
        server.serve(); // accepts once the supervisor says so (Signals.ACCEPT)
        app.gateway().destroy(); // every child reaped: the application's own shutdown, in the parent
    }

    /** The application the options name, loaded (a web application: deployed) with appLoader as the context loader. */
    static AppLoader.LoadedApp loadApplication(ServerOptions options, ClassLoader appLoader, ServletContainer servlets,
                                               int port) throws AppLoadException, IOException {
        Thread.currentThread().setContextClassLoader(appLoader);
        if (options.app() == null && options.webapp() != null) {
            return servlets.webApplication(containerSettings(options, appLoader));
        }
        AppLoader.LoadedApp embedded = servlets.embeddedApplication(options.app(), port, containerSettings(options, appLoader));
        return embedded != null ? embedded : AppLoader.load(options.app(), appLoader, options.appClasspath(),
                        servlet -> servlets.singleServlet(servlet, containerSettings(options, appLoader)));
    }

    private static ServletContainer.Settings containerSettings(ServerOptions options, ClassLoader loader) {
        List<Path> classpath = new ArrayList<>();
        for (String root : options.appClasspath()) {
            classpath.add(Path.of(root));
        }
        Path state = options.stateDir() != null ? Path.of(options.stateDir())
                : Path.of(System.getProperty("java.io.tmpdir"), "lsbaws-" + System.getProperty("user.name"));
        return new ServletContainer.Settings(options.webapp() == null ? null : Path.of(options.webapp()),
                options.contextPath(), state.toAbsolutePath(), classpath, loader);
    }

    /** What the parent serves itself before forking: its children need not tell of these. */
    private static Set<String> knownRequests(LearnedRequests learned, ServerOptions options) {
        Set<String> known = new HashSet<>(learned == null ? Set.of() : learned.keys());
        for (String target : options.warmup()) {
            known.add(LearnedRequest.key("GET", target));
        }
        return known;
    }

    /** Waits for "go N" on standard input; returns N, or -1 at its end. */
    private static int awaitActivation() throws IOException {
        byte[] line = new byte[64];
        int length = 0;
        while (length < line.length) {
            int n = Posix.read(0, line, length, 1);
            if (n <= 0) {
                return -1;
            }
            if (line[length] == '\n') {
                String text = new String(line, 0, length, StandardCharsets.US_ASCII);
                if (!text.startsWith(GenerationRole.GO)) {
                    throw new IllegalStateException("the supervisor said '" + text + "' instead of '" + GenerationRole.GO + "N'");
                }
                return Integer.parseInt(text.substring(GenerationRole.GO.length()).strip());
            }
            length++;
        }
        throw new IllegalStateException("the supervisor's word to start is too long");
    }

    static ClassLoader appClassLoader(List<String> classpath) throws MalformedURLException {
        URL[] urls = new URL[classpath.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = new File(classpath.get(i)).toURI().toURL();
        }
        return new URLClassLoader("app", urls, Generation.class.getClassLoader());
    }
}
