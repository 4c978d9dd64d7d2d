package io.github.lsbaws.server;

import io.github.lsbaws.devservices.DevDatabases;
import io.github.lsbaws.gateway.AppLoadException;
import io.github.lsbaws.gateway.AppLoader;
import io.github.lsbaws.gateway.ApplicationLoaders;
import io.github.lsbaws.gateway.Gateway;
import io.github.lsbaws.learning.LearnedRequest;
import io.github.lsbaws.learning.LearnedRequests;
import io.github.lsbaws.gateway.ServletContainer;
import io.github.lsbaws.natives.Posix;
import io.github.lsbaws.protocol.GenerationRole;
import io.github.lsbaws.protocol.Report;
import io.github.lsbaws.server.checkpoint.ForkCheckpoint;
import java.io.IOException;
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
 * standby waiting, so that a reload only pays for what depends on the new code. A standby told
 * "ahead" first deploys the application as it is and undeploys it ({@link DeploymentAhead}), so
 * that the deployment after "go N" finds the libraries' classes loaded, initialised and compiled.
 */
public final class Generation {
    /** -Dlsbaws.readyChild=false (in lsbaws.jvmArgs): no child is forked ahead of its connection, to compare. */
    private static final String READY_CHILD = "lsbaws.readyChild";

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

        ApplicationLoaders loaders = ApplicationLoaders.of(options.appClasspath(), Generation.class.getClassLoader());
        Path databases = DevDatabases.directory(options.stateDir(), options.learnedFile(), role.supervisorPid());
        String word;
        while ((word = awaitWord()) != null && word.equals(GenerationRole.AHEAD)) {
            DeploymentAhead.run(options, loaders, servlets, port, databases);
        }
        if (word == null) {
            return; // a standby the supervisor no longer needs
        }
        int number = GenerationRole.number(word);
        if (server.debugSessions() != null) {
            server.debugSessions().debugStartup();
        }
        DevDatabases.useUrlMap(databases);
        ForkCheckpoint checkpoint = ForkCheckpoint.install(ServerLog::error);
        ClassLoader appLoader = loaders.newProjectLoader();
        // a learned warm-up deploys the code the serving generation runs: its start-up log, the framework's and
        // the server's, would read as a second application starting; it is printed only if the deployment fails
        Posix.CapturedOutput quiet = GenerationRole.quiet(word) ? Posix.captureOutput(1, 2) : null;
        boolean deployed = false;
        AppLoader.LoadedApp app;
        int replayed;
        try {
            app = loadApplication(options, appLoader, servlets, port); // deployed here, in the parent, before any fork
            LearnedRequests learned = options.learnedFile() == null ? null
                    : LearnedRequests.load(Path.of(options.learnedFile()), options.application());
            WaitingConnection waiting = number == 1 ? server.acceptWaiting() : null; // no other generation accepts yet
            seedFirstPage(learned, options, app.gateway(), supervisor, waiting == null ? null : waiting.request());
            Learner learner = new Learner(knownRequests(learned, options), learned == null ? null : supervisor);
            ConnectionHandler handler = new ConnectionHandler(checkpoint.restoringInChildren(app.gateway()),
                    options.limits(), number, learner);
            server.serveApplication(handler);
            LearnedRequest answered = null;
            replayed = 0;
            if (waiting != null && waiting.request() != null && learned != null && server.debugSessions() == null) {
                answered = waiting.request(); // its client has waited the whole deployment: answered first, by the parent
                replayed += Zygote.answerWaiting(server, waiting, supervisor, guard) ? 1 : 0;
            }
            Zygote.prepareApplication(server, port, handler, options, appLoader);
            replayed += learned == null ? 0 : Zygote.replayLearned(server, port, handler, learned, answered, supervisor, guard);
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
            checkpoint.findBarriers(); // the threads asleep now, at their barriers
            deployed = true;
        } finally {
            if (quiet != null) {
                byte[] printed = quiet.end(); // before the first fork: the children write to the server's output
                if (!deployed) {
                    Posix.writeFully(2, printed, 0, printed.length); // where the failure is told next
                }
            }
        }
        server.rehearseLoop(); // the first fork, after the check above: an application thread is reported as such
        guard.awaitOthersAsleep();
        StablePages.moveToHugePages(); // while the other threads are asleep
        guard.collect(); // one full collection for the start-up and for what reading /proc left
        ParentRedefinitions.listen(server, supervisor, appLoader);
        if (checkpoint.restoresInChildren() && !"false".equals(System.getProperty(READY_CHILD))) {
            server.forkAheadOfConnections(checkpoint::restoreAhead); // a child's restore, off its client's clock
        }
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
        Path state = options.stateDirectory();
        return new ServletContainer.Settings(options.webapp() == null ? null : Path.of(options.webapp()),
                options.contextPath(), state.toAbsolutePath(), classpath, loader);
    }

    /**
     * The page a client already waits for, if the first generation found one ({@link
     * WaitingConnection}), is taken as learned; else an application nothing was learned of, and
     * no warm-up named for, has its first page (its root) taken so. A framework's first request
     * (its dispatcher's caches, the templates' engine) then runs once in the parent instead of in
     * each child of the first generation, and the waiting client's child finds its page's code
     * run. It is replayed, kept and forgotten like any learned request.
     */
    private static void seedFirstPage(LearnedRequests learned, ServerOptions options, Gateway gateway,
                                      SupervisorChannel supervisor, LearnedRequest waiting) {
        if (learned == null) {
            return;
        }
        LearnedRequest page = waiting;
        if (page == null && learned.fresh() && options.warmup().isEmpty()) {
            page = LearnedRequest.page(gateway.root());
        }
        if (page != null && learned.add(page)) {
            supervisor.send(Report.SEEDED, page.encode());
        }
    }

    /** What the parent serves itself before forking: its children need not tell of these. */
    private static Set<String> knownRequests(LearnedRequests learned, ServerOptions options) {
        Set<String> known = new HashSet<>(learned == null ? Set.of() : learned.keys());
        for (String target : options.warmup()) {
            known.add(LearnedRequest.key("GET", target));
        }
        return known;
    }

    /** Waits for the supervisor's next word on standard input ("go N", "ahead"); null at its end. */
    private static String awaitWord() throws IOException {
        byte[] line = new byte[64];
        int length = 0;
        while (length < line.length) {
            int n = Posix.read(0, line, length, 1);
            if (n <= 0) {
                return null;
            }
            if (line[length] == '\n') {
                return new String(line, 0, length, StandardCharsets.US_ASCII);
            }
            length++;
        }
        throw new IllegalStateException("the supervisor's word to start is too long");
    }

    /** A loader of the whole classpath, for a JVM that deploys the application once. */
    static ClassLoader appClassLoader(List<String> classpath) {
        return ApplicationLoaders.of(classpath, Generation.class.getClassLoader()).newProjectLoader();
    }
}
