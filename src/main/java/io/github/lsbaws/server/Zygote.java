package io.github.lsbaws.server;

import io.github.lsbaws.gateway.Gateway;
import io.github.lsbaws.gateway.WarmUpApps;
import io.github.lsbaws.http.Limits;
import io.github.lsbaws.learning.LearnedRequest;
import io.github.lsbaws.learning.LearnedRequests;
import io.github.lsbaws.natives.Posix;
import io.github.lsbaws.protocol.Report;
import io.github.lsbaws.server.checkpoint.ForkCheckpoint;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

/**
 * Readies the parent to be forked many times: a child starts from the parent's memory, runs
 * interpreted with no compiler or GC thread, and must never need class loading from a shared
 * jar descriptor or a garbage collection. So before the first fork the parent loads and links
 * the server's classes and the application's compiled classes, plays a child's whole part on
 * loopback connections with stand-in applications ({@link Rehearsal#child}), and
 * serves the warm-up targets the user named to the application itself ({@link
 * Rehearsal#warmUp}): the call sites on those paths are then linked once for all children.
 * Then the garbage is collected so that every child starts with an empty eden ({@link
 * ForkGuard#collect}).
 */
final class Zygote {
    private static final String[] SERVER_PACKAGES = {"io/github/lsbaws/server/", "io/github/lsbaws/http/",
            "io/github/lsbaws/gateway/", "io/github/lsbaws/natives/", "io/github/lsbaws/learning/", "io/github/lsbaws/protocol/"};
    /** The Servlet container: loaded only when a Servlet application is served. */
    private static final String[] SERVLET_PACKAGES = {"io/github/lsbaws/servlet/"};
    /**
     * Header fields as clients send them (a Host with a port takes its own branch): the parent
     * links the code for them once, not each child.
     */
    private static final String CLIENT_FIELDS = "Host: 127.0.0.1:%d\r\nUser-Agent: lsbaws-warm-up\r\nAccept: */*\r\n";
    /** Two pipelined requests: the keep-alive path runs too. */
    private static final String SAMPLE_REQUEST = "POST /warm/%%7Eup?x=1 HTTP/1.1\r\n" + CLIENT_FIELDS
            + "Content-Type: text/plain\r\nContent-Length: 4\r\n\r\nbody"
            + "GET /warm HTTP/1.1\r\n" + CLIENT_FIELDS + "Connection: close\r\n\r\n";

    /** -Dlsbaws.prelink=none (in lsbaws.jvmArgs) leaves the JDK's common first uses to the children, to compare. */
    private static final String PRELINK = "lsbaws.prelink";

    private Zygote() {}

    /**
     * What does not depend on the application: the server's classes, the JDK's code that request
     * handlers commonly run first ({@link JdkFirstUses}), and a child's whole part played with
     * stand-in applications of every shape. A standby generation does it before it
     * knows which classes it will serve.
     */
    static void prepareServer(ForkingServer server, int port) throws IOException {
        loadClasses(serverRoot(), Zygote.class.getClassLoader(), true, SERVER_PACKAGES);
        if (!"none".equals(System.getProperty(PRELINK))) {
            JdkFirstUses.run();
        }
        rehearse(server, port, WarmUpApps.all());
    }

    private static void rehearse(ForkingServer server, int port, List<Gateway> gateways) throws IOException {
        for (Gateway gateway : gateways) {
            String response = server.rehearsal().child(new ConnectionHandler(gateway, Limits.DEFAULT, 0, Learner.rehearsal()),
                    String.format(SAMPLE_REQUEST, port, port).getBytes(StandardCharsets.US_ASCII));
            if (!response.startsWith("HTTP/1.1 200 OK\r\n")) {
                throw new IOException("a rehearsal of the child's work in the parent failed: " + response);
            }
        }
    }

    /**
     * What depends on the application: its gateway's own rehearsals (the Servlet container's,
     * loaded with the Servlet API for a Servlet application alone), its compiled classes, and
     * the warm-up targets served to it in the parent.
     */
    static void prepareApplication(ForkingServer server, int port, ConnectionHandler appHandler, ServerOptions options,
                                   ClassLoader appLoader) throws IOException {
        List<Gateway> appRehearsals;
        try {
            appRehearsals = appHandler.gateway().rehearsals();
        } catch (Exception e) {
            throw new IOException("preparing the rehearsal of " + appHandler.gateway().getClass().getSimpleName() + " failed: " + e, e);
        }
        if (!appRehearsals.isEmpty()) {
            loadClasses(serverRoot(), Zygote.class.getClassLoader(), true, SERVLET_PACKAGES);
            loadClasses(jarOf(jakarta.servlet.Servlet.class), Zygote.class.getClassLoader(), true, "jakarta/servlet/");
            rehearse(server, port, appRehearsals);
        }
        for (String root : options.appClasspath()) {
            Path path = Path.of(root);
            if (Files.isDirectory(path)) { // the project's own classes; its jars are left to the application
                loadClasses(path, appLoader, false, "");
            }
        }
        for (String target : options.warmup()) {
            byte[] request = ("GET " + target + " HTTP/1.1\r\n" + String.format(CLIENT_FIELDS, port)
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            server.rehearsal().warmUp(appHandler, request, true);
        }
    }

    /**
     * Replays the learned requests in the parent but answered (the page a waiting client's
     * request ran, or null), telling the supervisor which one runs (it kills a generation stuck
     * in one, and forgets that request). A request that is no longer answered 2xx or 3xx, or that
     * started a thread, is forgotten too. Returns how many were replayed.
     */
    static int replayLearned(ForkingServer server, int port, ConnectionHandler appHandler, LearnedRequests learned,
                             LearnedRequest answered, SupervisorChannel supervisor, ForkGuard guard) {
        int replayed = 0;
        for (LearnedRequest request : learned.all()) {
            if (answered != null && request.key().equals(answered.key())) {
                continue; // its client's own request ran that code
            }
            if (inParent(request, "replaying", "when replayed", supervisor, guard,
                    () -> server.rehearsal().warmUp(appHandler, request.toHttp("127.0.0.1:" + port), false))) {
                replayed++;
            }
        }
        return replayed;
    }

    /**
     * Answers the page a client asked for while the application deployed, here in the parent
     * ({@link ForkingServer#answerWaiting}), under a replay's rules. Returns whether it was
     * answered 2xx or 3xx.
     */
    static boolean answerWaiting(ForkingServer server, WaitingConnection waiting, SupervisorChannel supervisor,
                                 ForkGuard guard) {
        return inParent(waiting.request(), "answering", "in the parent", supervisor, guard,
                () -> server.answerWaiting(waiting, new ChildLife.AccessLog("Answered in the parent: ", ServerLog.STDOUT)));
    }

    /**
     * Serves a learned request in the parent, the supervisor told which (doing: what the parent
     * does with it; how: where it got its status). Returns whether it was answered 2xx or 3xx;
     * throws when it started a thread.
     */
    private static boolean inParent(LearnedRequest request, String doing, String how, SupervisorChannel supervisor,
                                    ForkGuard guard, IntSupplier serve) {
        supervisor.send(Report.REPLAYING, new Report.Replaying(Posix.threadId(), request.key()).text());
        Set<Thread> before = guard.threadsNow();
        int status = serve.getAsInt();
        String refused = guard.refusedSince(before, doing + " the learned request " + request.key());
        if (refused != null) {
            supervisor.send(Report.UNLEARN, request.key());
            throw new IllegalStateException(refused + " The request is forgotten and will not be replayed again.");
        }
        if (status >= 200 && status < 400) {
            return true;
        }
        supervisor.send(Report.UNLEARN, request.key());
        ServerLog.error("lsbaws: the learned request " + request.key() + " was answered " + status + " " + how
                + "; it is forgotten");
        return false;
    }

    /**
     * The rest of the {@code org.crac} facade the application registered its resources through,
     * loaded in the parent: a child would otherwise read the jar (Spring's afterRestore loads its
     * management classes) at the file position it shares with its siblings.
     */
    static void loadCheckpointFacade(ForkCheckpoint checkpoint) throws IOException {
        for (Class<?> facade : checkpoint.facadeClasses()) {
            loadClasses(jarOf(facade), facade.getClassLoader(), false, facade.getPackageName().replace('.', '/') + "/");
        }
    }

    private static Path serverRoot() throws IOException {
        return jarOf(Zygote.class);
    }

    /** The jar or directory a class was loaded from. */
    private static Path jarOf(Class<?> type) throws IOException {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }

    /**
     * Loads every class under root (a directory or a jar) whose resource name starts with one of
     * the prefixes. Server classes are also initialised; application classes only loaded, since
     * their static initialisers are the application's business.
     */
    private static void loadClasses(Path root, ClassLoader loader, boolean initialise, String... prefixes) throws IOException {
        if (Files.isDirectory(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    load(root.relativize(file).toString().replace(File.separatorChar, '/'), loader, initialise, prefixes);
                }
            }
        } else {
            try (java.util.jar.JarFile jar = new java.util.jar.JarFile(root.toFile())) {
                for (var entry : (Iterable<java.util.jar.JarEntry>) jar.stream()::iterator) {
                    load(entry.getName(), loader, initialise, prefixes);
                }
            }
        }
    }

    private static void load(String resource, ClassLoader loader, boolean initialise, String... prefixes) {
        if (!resource.endsWith(".class") || resource.endsWith("module-info.class")) {
            return;
        }
        for (String prefix : prefixes) {
            if (resource.startsWith(prefix)) {
                String name = resource.substring(0, resource.length() - ".class".length()).replace('/', '.');
                try {
                    Class.forName(name, initialise, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                    // A class that cannot load here will fail the same way when used; nothing to prepare.
                }
                return;
            }
        }
    }
}
