package io.github.lsbaws.server;

import io.github.lsbaws.http.HttpDate;
import io.github.lsbaws.natives.Epoll;
import io.github.lsbaws.natives.ErrnoException;
import io.github.lsbaws.natives.ExitStatus;
import io.github.lsbaws.natives.Linux;
import io.github.lsbaws.natives.Posix;
import io.github.lsbaws.protocol.GenerationRole;
import io.github.lsbaws.protocol.LineReader;
import io.github.lsbaws.protocol.Signals;
import io.github.lsbaws.server.debug.DebugSessions;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The seeds' part 3 on the JVM, in one generation of the server: one thread waits on epoll for a
 * connection or a signal; each connection is accepted and handed to a forked child that serves it
 * and leaves through _exit. SIGCHLD arrives through a signalfd, and every exited child is reaped
 * with waitpid(-1, WNOHANG) in this same loop, so no zombie outlives its exit by more than one
 * loop turn and no Java code runs in a signal handler.
 *
 * <p>Each child announces itself through a birth pipe as soon as it runs; until then the parent
 * keeps its copy of the connection, and a child that never announces itself (hung at the fork
 * on a lock some JVM thread held) is killed and its client answered 503. A child still running
 * after the request timeout is killed with SIGKILL; at maxChildren the
 * loop stops accepting so new connections wait in the kernel's backlog. SIGTERM or SIGINT (sent
 * on by the supervisor) start a graceful shutdown: stop accepting, wait up to the grace period
 * for children in flight, kill the rest, reap them all. A second SIGINT (Ctrl-C pressed again)
 * kills the children at once. The listening socket is the supervisor's, shared by the
 * generations: this one starts accepting on it when the supervisor says so ({@link Signals#ACCEPT}),
 * and stops, quietly, when a newer one takes over ({@link Signals#RETIRE}); closing its copy leaves the
 * socket open for the others.
 *
 * <p>An application whose children restore has its next child forked ahead of the connection
 * ({@link #forkAheadOfConnections}): the connection is then passed to a child that is ready.
 *
 * <p>This is the parent's side only: what a child runs after the fork is {@link ChildLife}, and
 * what the parent plays of a child's part before forking is {@link Rehearsal}.
 */
public final class ForkingServer {
    private static final int LISTENER = -1;
    private static final int SIGNALS = -2;
    private static final int BIRTHS = -3;
    private static final int COMMANDS = -4;
    /** A healthy child announces itself within microseconds; one that has not after this hung at the fork. */
    private static final long BIRTH_TIMEOUT_NANOS = 5_000_000_000L;
    /** Connections accepted per wake-up before signals get a turn again. */
    private static final int ACCEPT_BATCH = 16;
    /**
     * How long a ready child waits for a connection before the parent lets it go: it is made for
     * the next requests of a burst (a page's styles, scripts and images), not to sit through
     * quiet minutes with its restored application.
     */
    private static final long READY_IDLE_NANOS = 5_000_000_000L;

    private final ServerOptions options;
    /** The application's handler, from {@link #serveApplication} on. */
    private ConnectionHandler handler;
    private final ForkGuard guard;
    /** The supervisor's listening socket, shared with the other generations; accepted on once told to. */
    private final int sharedListenFd;
    private final SupervisorChannel supervisor;
    private final int parentPid = Posix.pid();
    /** Live children, pid to deadline (nanoTime), in fork order: the first is always the next to expire. */
    private final LinkedHashMap<Integer, Long> children = new LinkedHashMap<>();
    private final Set<Integer> killedByServer = new HashSet<>();
    /** The access log of the children, made here in the parent. */
    private final Consumer<String> accessLog = new ChildLife.AccessLog("", ServerLog.STDOUT);
    /**
     * Children not yet announced through the birth pipe, in fork order, with the connection the
     * parent keeps open for them until then: if the child hung at the fork, the parent answers 503.
     */
    private final LinkedHashMap<Integer, Unborn> unborn = new LinkedHashMap<>();
    /*
     * The maps' views, taken once: a view asked for again runs another branch of the map's code
     * (JDK 21's LinkedHashMap casts its cached view), whose first run, in a parent sharing its
     * pages with a child, writes the JDK's class data (see rehearseLoop).
     */
    private final Set<Map.Entry<Integer, Long>> childDeadlines = children.entrySet();
    private final Set<Map.Entry<Integer, Unborn>> unbornEntries = unborn.entrySet();
    private final Collection<Unborn> unbornConnections = unborn.values();
    private int[] birthPipe = {-1, -1};
    /** What takeBirths reads into, allocated once: each page of garbage the parent leaves is copied into every child. */
    private final byte[] births = new byte[4096];
    private int listenFd = -1;
    private int port;
    private InetSocketAddress listenAddress;
    private int signalFd = -1;
    private Epoll epoll;
    /** What every child inherits and closes, made once: a child evaluates as little as it can for the first time. */
    private ChildLife.Inherited childInherits;
    /** What a forked child runs, from {@link #open} on. */
    private ChildLife child;
    private Rehearsal rehearsal;
    private boolean accepting;
    /** A connection accepted while the application deployed ({@link #acceptWaiting}), forked for first; -1: none. */
    private int waitingConnection = -1;
    private long shutdownDeadline;
    private boolean stopping;
    /** Stopping because a newer generation took over (SIGHUP from the supervisor): nothing to tell the user. */
    private boolean retired;
    private boolean forcedStop;
    private long served;
    /** Serving chosen connections under a debugger (-Dlsbaws.debug), or null. */
    private DebugSessions debug;
    /** What a child forked ahead of its connection runs to make itself ready, or null: no child is forked ahead. */
    private BooleanSupplier readying;
    /** The ready child, forked ahead of the next connection, or 0; its channel (the parent's end), and since when it waits. */
    private int readyPid;
    private int readyChannel = -1;
    private long readySince;
    /** The children forked ahead of their connection, until reaped. */
    private final Set<Integer> forkedAhead = new HashSet<>();
    /** The supervisor's command pipe and what runs its lines, or null. */
    private LineReader commands;
    private Consumer<String> commandHandler;

    /** A child not yet announced, the connection the parent keeps for it, and when it is deemed hung. */
    record Unborn(int connection, long deadline) {}

    ForkingServer(ServerOptions options, ForkGuard guard, GenerationRole role, SupervisorChannel supervisor) {
        this.supervisor = supervisor;
        this.options = options;
        this.guard = guard;
        this.sharedListenFd = role.listenFd();
    }

    /**
     * Opens what the loop waits on: the birth pipe, the signalfd (the signals are blocked since
     * the supervisor's re-execution), the epoll set; the shared listening socket is added only
     * by {@link #startAccepting}. Returns the port the socket is bound to.
     */
    int open() throws IOException {
        listenAddress = Posix.localAddress(sharedListenFd);
        port = listenAddress.getPort();
        birthPipe = Posix.nonBlockingPipe();
        signalFd = Posix.signalFd(Signals.HANDLED);
        epoll = new Epoll(ACCEPT_BATCH + 8);
        epoll.add(signalFd, SIGNALS);
        epoll.add(birthPipe[0], BIRTHS);
        debug = DebugSessions.fromSystemProperties(GenerationRole.OPTION);
        child = new ChildLife(options, listenAddress, birthPipe[1], debug);
        rehearsal = new Rehearsal(this, child, loopbackHost(), port);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (Posix.pid() != parentPid && handler != null) {
                handler.applicationExited(Posix.pid());
            }
        }, "lsbaws-child-exit"));
        return port;
    }

    /** Where the parent plays a child's part before forking (warm-ups, replays, rehearsals). */
    Rehearsal rehearsal() {
        return rehearsal;
    }

    DebugSessions debugSessions() {
        return debug;
    }

    /**
     * From now on a child is forked ahead of the next connection and runs readying (the
     * application's restore) at once, while it waits: the next connection is passed to it
     * (SCM_RIGHTS) instead of being forked for, so its client waits for neither the fork nor the
     * restore. It is still one child for one connection, forked from the parent as it stands
     * between connections; a command (a redefinition) or a shutdown lets the waiting child go
     * first, and so does a wait longer than {@value #READY_IDLE_NANOS} ns. Not while debugging.
     */
    void forkAheadOfConnections(BooleanSupplier readying) {
        this.readying = debug == null ? readying : null;
    }

    /**
     * Accepts a connection a client made while the application deployed, if one waits on the
     * shared socket, and reads its request head: the first generation's only, before any other
     * generation accepts there. Unless the parent answers it ({@link #answerWaiting}), it is
     * served first once the supervisor says to accept.
     */
    WaitingConnection acceptWaiting() throws ErrnoException {
        WaitingConnection waiting = WaitingConnection.accept(sharedListenFd, options.limits());
        if (waiting != null) {
            waitingConnection = waiting.connection();
        }
        return waiting;
    }

    /**
     * Answers the connection accepted while the application deployed here, in the parent, with
     * the application's handler ({@link ChildLife#answerInParent}): no child is forked for it.
     * Returns the response's status, 0 if none was sent.
     */
    int answerWaiting(WaitingConnection waiting, Consumer<String> accessLog) {
        waitingConnection = -1;
        return child.answerInParent(waiting.connection(), handler, accessLog);
    }

    /** The application's handler, which every child from now on serves with. */
    void serveApplication(ConnectionHandler applicationHandler) {
        handler = applicationHandler;
    }

    /**
     * Runs the loop for one connection of the parent's own, which its child finds closed at once
     * and ends without a word: the parent's side of a connection (accept, fork, birth, SIGCHLD,
     * reap) then runs for the first time before any real fork. A first run links call sites, and
     * linking the JDK's own classes writes their metadata in the class data archive: after a
     * fork, with a child sharing the page, that write would split a huge page of {@link
     * StablePages} for good (docs/performance.md).
     */
    void rehearseLoop() throws IOException {
        child.guardParentSockets(waitingConnection); // a client's, not the application's
        if (applicationHasJars()) {
            SharedJars jars = SharedJars.find();
            jars.reopen(); // harmless in the parent, and the children's call sites are linked here once
            child.reopenJars(jars);
        }
        int listener = Posix.listen(loopbackHost(), 0, 1); // not the shared socket: another generation may accept there
        listenOn(listener);
        guard.deferCollections(true); // the start-up's collection comes after the rehearsal
        int client = -1;
        try {
            client = Posix.connect(Posix.localAddress(listener));
            Posix.shutdownOutput(client);
            long deadline = System.nanoTime() + BIRTH_TIMEOUT_NANOS;
            while (served == 0 || !children.isEmpty()) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new IOException("the rehearsal of the loop on a connection of the parent's own did not end in "
                            + BIRTH_TIMEOUT_NANOS / 1_000_000 + " ms");
                }
                int next = millisToNextDeadline(); // -1: nothing due
                turn((int) (next < 0 ? left : Math.min(left, next)));
            }
        } finally {
            Posix.close(client);
            if (listenFd == listener) { // else a shutdown closed it
                epoll.remove(listener);
                Posix.close(listener);
                listenFd = -1;
            }
            accepting = false;
            guard.deferCollections(false);
        }
        served = 0;
    }

    private void listenOn(int fd) throws ErrnoException {
        listenFd = fd;
        childInherits = new ChildLife.Inherited(fd, signalFd, birthPipe[0], birthPipe[1], epoll, unbornConnections, parentPid,
                Linux.SIGKILL);
        epoll.add(fd, LISTENER);
        accepting = true;
    }

    /** Whether the application's classpath has jars, which its children may load classes and resources from. */
    private boolean applicationHasJars() {
        for (String root : options.appClasspath()) {
            if (root.endsWith(".jar")) {
                return true;
            }
        }
        return false;
    }

    /** The loopback address of the listening socket's family. */
    private String loopbackHost() {
        return listenAddress.getAddress() instanceof Inet6Address ? "::1" : "127.0.0.1";
    }

    /**
     * Reads the supervisor's commands from fd in the loop: each line runs in this thread, between
     * two forks, where a VM operation (a class redefinition) is safe.
     */
    void listenForCommands(int fd, Consumer<String> handler) throws ErrnoException {
        commands = new LineReader(fd);
        commandHandler = handler;
        epoll.add(fd, COMMANDS);
    }

    /**
     * Runs the commands that arrived, if any. Called before each fork of a batch too: a parent
     * that forks without pause under load would otherwise leave a command waiting for a whole
     * batch. The pipe blocks, so it is read only when epoll says it has input now (the loop's
     * other events, level-triggered, are reported again by its next wait).
     */
    private void takeCommands() throws IOException {
        if (commands == null || !commandsWaiting()) {
            return;
        }
        letReadyChildGo(); // forked before the command, it would serve as things were
        for (String line : commands.read()) {
            commandHandler.accept(line);
        }
        if (commands.ended()) { // the supervisor is gone; its death signal follows
            epoll.remove(commands.fd());
            commands = null;
        }
    }

    private boolean commandsWaiting() throws ErrnoException {
        int ready = epoll.wait(0);
        for (int i = 0; i < ready; i++) {
            if (epoll.token(i) == COMMANDS) {
                return true;
            }
        }
        return false;
    }

    /** Runs until shut down; returns once every child is reaped. */
    void serve() throws IOException {
        try {
            while (!stopping || !children.isEmpty()) {
                turn(millisToNextDeadline());
            }
        } finally {
            epoll.close();
            Posix.close(signalFd);
            Posix.close(listenFd);
            Posix.close(birthPipe[0]);
            Posix.close(birthPipe[1]);
        }
        if (!retired) {
            ServerLog.info("Stopped after " + served + " connections; every child reaped.");
        }
    }

    /** One turn of the loop: wait for what is ready (up to waitMillis, -1: no limit), handle it, kill what expired. */
    private void turn(int waitMillis) throws IOException {
        int ready = epoll.wait(waitMillis);
        int[] tokens = new int[ready]; // copied: taking commands between forks waits on the same epoll
        for (int i = 0; i < ready; i++) {
            tokens[i] = epoll.token(i);
        }
        for (int token : tokens) {
            if (token == LISTENER) {
                acceptConnections();
            } else if (token == SIGNALS) {
                takeSignals();
            } else if (token == BIRTHS) {
                takeBirths();
            } else if (token == COMMANDS) {
                takeCommands();
            }
        }
        killExpired();
    }

    /** The connection accepted while the application deployed, if any: its client has waited longest. */
    private void serveWaitingConnection() throws IOException {
        if (waitingConnection >= 0) {
            int connection = waitingConnection;
            waitingConnection = -1;
            forkChild(connection);
        }
    }

    private void acceptConnections() throws IOException {
        for (int i = 0; i < ACCEPT_BATCH && accepting; i++) {
            takeCommands();
            int connection;
            try {
                connection = Posix.accept(listenFd);
            } catch (ErrnoException e) { // ECONNABORTED, EMFILE...: this connection is lost, the server is not
                ServerLog.error(e.getMessage());
                return;
            }
            if (connection < 0) {
                return;
            }
            forkChild(connection);
        }
    }

    private void forkChild(int connection) throws IOException {
        if (readyPid == 0 || !handToReadyChild(connection)) {
            forkFor(connection);
        }
        forkReadyChild();
    }

    /** Forks a child that serves connection. */
    private void forkFor(int connection) throws IOException {
        HttpDate.now(); // the current second's Date text, formatted here once rather than in every child
        String unsafe = guard.checkBeforeFork();
        if (unsafe != null) {
            ServerLog.error("refusing to fork: " + unsafe);
            refuse(connection);
            return;
        }
        if (debug != null) {
            debug.lookForDebugger();
        }
        int pid;
        try {
            pid = Posix.fork();
        } catch (ErrnoException e) {
            ServerLog.error(e.getMessage());
            refuse(connection);
            return;
        }
        if (pid == 0) { // the child: it never returns, whatever the application does
            Posix.exitImmediately(child.live(connection, childInherits, handler, accessLog));
        }
        serving(pid, connection);
    }

    /** A child now serving connection: it has the request timeout, and the birth timeout to announce itself. */
    private void serving(int pid, int connection) throws ErrnoException {
        served++;
        long now = System.nanoTime();
        children.put(pid, now + options.requestTimeoutMillis() * 1_000_000);
        unborn.put(pid, new Unborn(connection, now + BIRTH_TIMEOUT_NANOS));
        if (children.size() >= options.maxChildren()) {
            setAccepting(false);
        }
    }

    /**
     * Forks the ready child, if children are forked ahead and none waits: it gets the next
     * connection. Only when the guard finds the parent safe to fork at once; else the next
     * connection is forked for as usual.
     */
    private void forkReadyChild() throws IOException {
        if (readying == null || readyPid != 0 || !accepting || stopping || guard.checkBeforeForkAhead() != null) {
            return;
        }
        int[] channel = Posix.socketPair();
        child.readyChannel(channel[0]);
        int pid;
        try {
            pid = Posix.fork();
        } catch (ErrnoException e) {
            ServerLog.error(e.getMessage());
            child.readyChannel(-1);
            Posix.close(channel[0]);
            Posix.close(channel[1]);
            return;
        }
        if (pid == 0) {
            Posix.exitImmediately(child.liveAhead(channel[1], childInherits, handler, accessLog, readying));
        }
        Posix.close(channel[1]);
        forkedAhead.add(pid);
        readyPid = pid;
        readyChannel = channel[0];
        readySince = System.nanoTime();
    }

    /**
     * Passes connection to the ready child, which serves it; false if it could not be passed (the
     * child is gone), and the connection is to be forked for.
     */
    private boolean handToReadyChild(int connection) throws ErrnoException {
        try {
            Posix.sendDescriptor(readyChannel, connection);
        } catch (ErrnoException e) { // it died: its exit is reaped as any child's
            letReadyChildGo();
            return false;
        }
        int pid = readyPid;
        forgetReadyChild();
        serving(pid, connection);
        return true;
    }

    /** Lets the ready child go, if there is one: it ends when it finds its channel closed, and is reaped as any child. */
    private void letReadyChildGo() {
        if (readyPid != 0) {
            int pid = readyPid;
            forgetReadyChild();
            children.put(pid, System.nanoTime() + options.requestTimeoutMillis() * 1_000_000);
        }
    }

    /** No child waits ahead any more: the parent's end of its channel is closed. */
    private void forgetReadyChild() {
        Posix.close(readyChannel);
        readyPid = 0;
        readyChannel = -1;
        child.readyChannel(-1);
    }

    /**
     * Answers 503 from the parent itself (a few bytes into an empty socket buffer never block) and
     * closes. The request is read first: closing over unread input sends a reset, which can
     * destroy the answer before the client reads it.
     */
    private static void refuse(int connection) {
        Posix.discardArrived(connection);
        byte[] answer = ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 20\r\n"
                + "Connection: close\r\n\r\nService Unavailable\n").getBytes(StandardCharsets.US_ASCII);
        try {
            Posix.writeFully(connection, answer, 0, answer.length);
        } catch (IOException e) {
            // The client is gone too.
        }
        Posix.close(connection);
    }

    /**
     * Children that announced themselves: the parent's copy of their connection can go. A child
     * already announced is starting another request: its request timeout restarts.
     */
    void takeBirths() throws IOException {
        int n;
        while ((n = Posix.readAvailable(birthPipe[0], births, 0, births.length)) > 0) {
            ByteBuffer view = ByteBuffer.wrap(births, 0, n).order(ByteOrder.nativeOrder());
            while (view.remaining() >= Integer.BYTES) {
                int pid = view.getInt();
                Unborn child = unborn.remove(pid);
                if (child != null) {
                    Posix.close(child.connection());
                } else if (children.containsKey(pid) && !killedByServer.contains(pid)) {
                    children.remove(pid);
                    children.put(pid, System.nanoTime() + options.requestTimeoutMillis() * 1_000_000);
                }
            }
        }
    }

    private void takeSignals() throws IOException {
        int signal;
        while ((signal = Posix.takeSignal(signalFd)) != 0) {
            if (signal == Linux.SIGCHLD) {
                reapChildren();
            } else if (stopping && signal == Linux.SIGINT) { // a second Ctrl-C: stop waiting
                ServerLog.info("Interrupted again: killing " + children.size() + " children now.");
                killAll();
            } else if (signal == Signals.ACCEPT) {
                if (!stopping && listenFd < 0) {
                    listenOn(sharedListenFd);
                    serveWaitingConnection();
                }
            } else if (signal == Signals.RETIRE) {
                retired = !stopping;
                beginShutdown(null);
                supervisor.stoppedAccepting();
            } else {
                beginShutdown("signal " + signal);
            }
        }
    }

    private void reapChildren() throws IOException {
        takeBirths(); // a child's birth is written before its exit: read it before judging the exit
        ExitStatus exit;
        while ((exit = Posix.reapOne()) != null) {
            children.remove(exit.pid());
            if (exit.pid() == readyPid) { // it died while it waited: the next connection is forked for
                forgetReadyChild();
            }
            if (debug != null) {
                debug.reaped(exit.pid());
            }
            if (unborn.containsKey(exit.pid())) {
                takeBirths(); // it may have announced itself after the drain above, then exited
            }
            Unborn stillborn = unborn.remove(exit.pid());
            boolean notReady = forkedAhead.remove(exit.pid()) && exit.exited() && exit.exitCode() == ChildLife.NOT_READY;
            if (stillborn != null && notReady) { // its restore failed ahead of the connection: a child forked now restores for it
                forkFor(stillborn.connection());
            } else if (stillborn != null) {
                ServerLog.error("child " + exit.pid() + " died before it started serving (" + exit.describe() + "): answered 503");
                refuse(stillborn.connection());
            }
            boolean killed = killedByServer.remove(exit.pid());
            if (!exit.normal() && !killed && !notReady) {
                ServerLog.error("child " + exit.pid() + " ended abnormally: " + exit.describe());
            }
        }
        if (!accepting && !stopping && listenFd >= 0 && children.size() < options.maxChildren()) {
            setAccepting(true);
        }
    }

    /** Stops accepting and gives the connections in flight the grace period; reason null: retiring, quietly. */
    private void beginShutdown(String reason) throws ErrnoException {
        if (stopping) {
            return;
        }
        stopping = true;
        letReadyChildGo();
        shutdownDeadline = System.nanoTime() + options.graceMillis() * 1_000_000;
        if (listenFd >= 0) {
            epoll.remove(listenFd);
            Posix.close(listenFd); // this generation's copy: the socket stays open in the supervisor
            listenFd = -1;
        }
        accepting = false;
        if (reason != null) {
            ServerLog.info("Shutting down (" + reason + "): waiting up to " + options.graceMillis() + " ms for "
                    + children.size() + " connection(s) in flight.");
        }
    }

    private void setAccepting(boolean on) throws ErrnoException {
        accepting = on;
        epoll.setWatching(listenFd, LISTENER, on);
    }

    /** How long the loop may sleep: until the oldest child's deadline, the end of the grace period or the ready child's wait. */
    private int millisToNextDeadline() {
        long next = Long.MAX_VALUE;
        if (!children.isEmpty()) {
            next = childDeadlines.iterator().next().getValue();
        }
        if (!unborn.isEmpty()) {
            next = Math.min(next, unbornConnections.iterator().next().deadline());
        }
        if (stopping && !forcedStop) {
            next = Math.min(next, shutdownDeadline);
        }
        if (readyPid != 0) {
            next = Math.min(next, readySince + READY_IDLE_NANOS);
        }
        if (next == Long.MAX_VALUE) {
            return -1;
        }
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, (next - System.nanoTime()) / 1_000_000 + 1));
    }

    private void killExpired() {
        long now = System.nanoTime();
        if (stopping && !forcedStop && now - shutdownDeadline >= 0) {
            killAll();
            return;
        }
        if (readyPid != 0 && now - readySince - READY_IDLE_NANOS >= 0) {
            letReadyChildGo();
        }
        while (!unborn.isEmpty()) {
            Map.Entry<Integer, Unborn> oldest = unbornEntries.iterator().next();
            if (now - oldest.getValue().deadline() < 0) {
                break;
            }
            unborn.remove(oldest.getKey());
            ServerLog.error("child " + oldest.getKey() + " did not start within " + BIRTH_TIMEOUT_NANOS / 1_000_000
                    + " ms (hung at the fork): killed (SIGKILL), answered 503; it was " + StuckChild.describe(oldest.getKey()));
            kill(oldest.getKey());
            refuse(oldest.getValue().connection());
        }
        while (!children.isEmpty()) {
            Map.Entry<Integer, Long> oldest = childDeadlines.iterator().next();
            if (oldest.getValue() == Long.MAX_VALUE || now - oldest.getValue() < 0) {
                return;
            }
            int pid = oldest.getKey();
            if (debug != null && debug.spares(pid)) {
                children.remove(pid);
                children.put(pid, now + options.requestTimeoutMillis() * 1_000_000);
                continue;
            }
            ServerLog.error("child " + pid + " exceeded the request timeout of " + options.requestTimeoutMillis()
                    + " ms: killed (SIGKILL); it was " + StuckChild.describe(pid));
            kill(pid);
        }
    }

    private void killAll() {
        forcedStop = true;
        for (int pid : children.keySet().toArray(new Integer[0])) {
            kill(pid);
        }
    }

    /** SIGKILL; the child stays listed (last, without deadline) until its SIGCHLD is reaped. */
    private void kill(int pid) {
        if (killedByServer.add(pid)) {
            Posix.kill(pid, Linux.SIGKILL);
        }
        children.remove(pid);
        children.put(pid, Long.MAX_VALUE);
    }
}
