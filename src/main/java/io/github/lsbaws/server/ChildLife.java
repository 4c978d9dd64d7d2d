package io.github.lsbaws.server;

import io.github.lsbaws.gateway.ConnectionInfo;
import io.github.lsbaws.natives.Epoll;
import io.github.lsbaws.natives.FdInputStream;
import io.github.lsbaws.natives.FdOutputStream;
import io.github.lsbaws.natives.Posix;
import io.github.lsbaws.server.debug.DebugSessions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.util.Collection;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A forked child's life, from the fork to its _exit, apart from the parent's loop as gunicorn
 * keeps its Worker apart from its Arbiter: close what it inherited, announce itself through the
 * birth pipe, serve the connection's requests, close the connection so that the answer
 * survives. Made once in the parent, so that a child evaluates as little as it can for the
 * first time.
 */
final class ChildLife {
    /** The parent, which plays a child's part in its rehearsals. */
    private final int parentPid = Posix.pid();
    /** Serving chosen connections under a debugger (-Dlsbaws.debug), or null. */
    private final DebugSessions debug;
    /** The exit status of a child forked ahead that could not make itself ready (EX_TEMPFAIL). */
    static final int NOT_READY = 75;
    /** How long a closing connection may take to drain what the client still sends. */
    static final long LINGER_MILLIS = 1000;
    /** How the birth pipe's pids are written: in the machine's own byte order, as the parent reads them. */
    private static final boolean NATIVE_BIG_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN;

    private final ServerOptions options;
    private final InetSocketAddress listenAddress;
    private final int port;
    private final int birthWriteFd;
    /*
     * The child's callback, made here in the parent: a method reference evaluated in a child
     * would spin its lambda class there, in every child, at the interpreter's pace.
     */
    private final Runnable requestStarted = this::tellParentQuietly;
    /** The parent's open jars, which each child reopens (see SharedJars); none unless the application has jars. */
    private SharedJars sharedJars = SharedJars.NONE;
    /** The parent's connected sockets, which no child may write (see ParentSockets); none before the first fork is near. */
    private ParentSockets parentSockets = ParentSockets.NONE;
    /** The parent's end of the channel to its ready child, which every other child closes; -1 when there is none. */
    private int readyChannel = -1;

    /**
     * The descriptors a child inherits from the loop and closes, the parent it checks is still
     * there, and the signal it asks to get when the parent dies.
     */
    record Inherited(int listenFd, int signalFd, int birthReadFd, int birthWriteFd, Epoll loop,
                     Collection<ForkingServer.Unborn> siblings, int parentPid, int deathSignal) {}

    /**
     * Access log lines, one write each; the parent's warm-ups say what they are, and its
     * rehearsals and replays write them nowhere: they run the code a child will run all the same.
     */
    record AccessLog(String prefix, int fd) implements Consumer<String> {
        static final AccessLog REHEARSAL = new AccessLog("", ServerLog.NOWHERE);

        @Override
        public void accept(String line) {
            ServerLog.write(fd, prefix + line);
        }
    }

    ChildLife(ServerOptions options, InetSocketAddress listenAddress, int birthWriteFd, DebugSessions debug) {
        this.options = options;
        this.debug = debug;
        this.listenAddress = listenAddress;
        this.port = listenAddress.getPort();
        this.birthWriteFd = birthWriteFd;
    }

    /** The parent's end of the channel to the ready child it forks next, or -1 once there is none. */
    void readyChannel(int fd) {
        readyChannel = fd;
    }

    void reopenJars(SharedJars jars) {
        sharedJars = jars;
    }

    /** Reads which sockets the parent holds connected, once the application is loaded and checkpointed. */
    void guardParentSockets(int clientConnection) throws IOException {
        parentSockets = ParentSockets.connectedNow(clientConnection);
        if (parentSockets.line() != null) {
            ServerLog.info(parentSockets.line());
        }
    }

    /**
     * A child's whole life but its exit, which the caller makes: close what it inherited, serve
     * the connection, close it; returns the exit status. The parent rehearses it (see
     * {@link Rehearsal#child}) so that every call it makes is linked before the first fork: a
     * child does not run a line of it for the first time.
     */
    int live(int connection, Inherited inherited, ConnectionHandler connectionHandler, Consumer<String> log) {
        int status = 70; // EX_SOFTWARE, unless the connection was served
        boolean consumedAll = false;
        try {
            if (leaveParent(inherited, connection)) {
                consumedAll = serveConnection(connection, connectionHandler, log);
                status = 0;
            }
        } catch (Throwable t) {
            ServerLog.error("child " + Posix.pid() + " failed: " + t);
        } finally {
            endConnection(connection, consumedAll);
            Posix.close(inherited.birthWriteFd());
        }
        return status;
    }

    /**
     * The life of a child forked ahead of its connection (see {@link ForkingServer}'s ready
     * child): it leaves the parent as any child does and makes itself ready (its restore), then
     * waits for the parent to pass it a connection over channel, and serves it as any child
     * does. It ends quietly when the parent closes the channel instead. One that could not make
     * itself ready ends with {@link #NOT_READY}, without a word and without touching a connection
     * passed meanwhile: the parent forks a child for that connection, which restores then.
     */
    int liveAhead(int channel, Inherited inherited, ConnectionHandler connectionHandler, Consumer<String> log,
                  BooleanSupplier ready) {
        int status = 70; // EX_SOFTWARE, unless it served or was let go
        int connection = -1;
        boolean consumedAll = false;
        try {
            if (leaveParent(inherited, -1)) {
                if (!ready.getAsBoolean()) {
                    return NOT_READY;
                }
                connection = Posix.receiveDescriptor(channel);
                if (connection >= 0) {
                    consumedAll = serveConnection(connection, connectionHandler, log);
                }
                status = 0;
            }
        } catch (Throwable t) {
            ServerLog.error("child " + Posix.pid() + " failed: " + t);
        } finally {
            if (connection >= 0) {
                endConnection(connection, consumedAll);
            }
            Posix.close(inherited.birthWriteFd());
        }
        return status;
    }

    /**
     * Closes what the child inherited from the parent's loop and takes its own identity; returns
     * whether the parent is still there (else the child is to end at once).
     */
    private boolean leaveParent(Inherited inherited, int connection) throws IOException {
        Posix.close(inherited.listenFd());
        Posix.close(inherited.signalFd());
        Posix.close(inherited.birthReadFd());
        if (Posix.pid() != parentPid) { // a rehearsal in the parent leaves the parent's own end alone
            Posix.close(readyChannel); // the parent's end of the ready child's channel, if there is one
        }
        inherited.loop().close();
        for (ForkingServer.Unborn sibling : inherited.siblings()) { // connections of children forked just before this one
            Posix.close(sibling.connection());
        }
        // the parent's rehearsals link the call with none: their sockets stay the parent's own
        (Posix.pid() != parentPid ? parentSockets : ParentSockets.NONE).disconnect(connection);
        sharedJars.reopen();
        ChildIdentity.takeOwn();
        Posix.signalOnParentDeath(inherited.deathSignal());
        return Posix.parentPid() == inherited.parentPid(); // else the parent died before the line above took effect
    }

    /**
     * A child's work once it runs: announce itself, then serve the connection's requests.
     * Returns whether everything the client sent was read.
     */
    private boolean serveConnection(int connection, ConnectionHandler connectionHandler, Consumer<String> log)
            throws IOException, InterruptedException {
        tellParent();
        ConnectionInfo info = readyToServe(connection);
        if (debug != null && debug.servedUnderDebugger(connection, options.idleTimeoutMillis(), Posix.pid() == parentPid)) {
            return true;
        }
        return connectionHandler.serve(new FdInputStream(connection), new FdOutputStream(connection), info, Posix.pid(),
                requestStarted, log);
    }

    /**
     * Serves the first request of a connection here, in the parent, and closes it: a client
     * that waited while the first generation deployed ({@link WaitingConnection}). One request,
     * whose response asks the client to close, so that its next ones go to children. Returns the
     * response's status, 0 if none was sent.
     */
    int answerInParent(int connection, ConnectionHandler connectionHandler, Consumer<String> log) {
        boolean consumedAll = false;
        StatusLine status = new StatusLine(new FdOutputStream(connection));
        try {
            consumedAll = connectionHandler.serveOnly(new FdInputStream(connection), status, readyToServe(connection),
                    Posix.pid(), log);
        } catch (IOException e) {
            ServerLog.error("the connection that waited for the first generation failed: " + e.getMessage());
        } finally {
            endConnection(connection, consumedAll);
        }
        return status.code();
    }

    /** Sets the connection's timeouts and tells where it comes from and arrived. */
    private ConnectionInfo readyToServe(int connection) throws IOException {
        Posix.setTimeouts(connection, Math.min(options.idleTimeoutMillis(), options.requestTimeoutMillis()));
        // A connection arrives at the listening address, unless that is the wildcard (0.0.0.0, ::).
        InetSocketAddress local = listenAddress.getAddress().isAnyLocalAddress() ? Posix.localAddress(connection) : listenAddress;
        return new ConnectionInfo(Posix.peerAddress(connection), local, port);
    }

    /**
     * Closes the connection once what the application printed is out. At once when everything
     * the client sent was read and nothing more waits in the socket; else lingering, so that
     * unread input does not turn the close into a reset that destroys the response.
     */
    private static void endConnection(int connection, boolean consumedAll) {
        System.out.flush(); // what the application printed, before _exit discards it
        System.err.flush();
        if (consumedAll && !Posix.hasUnreadBytes(connection)) {
            Posix.close(connection);
        } else {
            lingeringClose(connection);
        }
    }

    /**
     * Closes so that the answer survives: closing a socket with unread input resets it, and a
     * reset can destroy the response before the client reads it (a 431 to a client still sending
     * its headers, say). So: half-close, read what the client still sends for up to a second, close.
     */
    private static void lingeringClose(int connection) {
        Posix.shutdownOutput(connection);
        try {
            Posix.setTimeouts(connection, LINGER_MILLIS);
            byte[] discard = new byte[4 * 1024]; // usually nothing arrives: one page, not four
            long deadline = System.nanoTime() + LINGER_MILLIS * 1_000_000;
            while (Posix.read(connection, discard, 0, discard.length) > 0 && System.nanoTime() < deadline) {
                // discarded
            }
        } catch (IOException e) {
            // Timed out or reset: either way the connection is done.
        }
        Posix.close(connection);
    }

    /**
     * Writes this child's pid to the birth pipe (4 bytes, so the write is atomic): once when it
     * starts, and again when it starts each further request on its connection, which restarts
     * the parent's request timeout. The pipe is full only if the parent is thousands of messages
     * behind: then wait for it.
     */
    private void tellParent() throws IOException, InterruptedException {
        int self = Posix.pid();
        byte[] pid = new byte[Integer.BYTES];
        for (int i = 0; i < pid.length; i++) {
            pid[i] = (byte) (self >>> (NATIVE_BIG_ENDIAN ? 24 - 8 * i : 8 * i));
        }
        while (true) {
            try {
                Posix.writeFully(birthWriteFd, pid, 0, pid.length);
                return;
            } catch (java.net.SocketTimeoutException full) {
                Thread.sleep(1);
            }
        }
    }

    private void tellParentQuietly() {
        try {
            tellParent();
        } catch (IOException | InterruptedException e) {
            ServerLog.error("child " + Posix.pid() + " could not reach the parent: " + e);
        }
    }
}
