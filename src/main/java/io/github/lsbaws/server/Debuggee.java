package io.github.lsbaws.server;

import io.github.lsbaws.gateway.AppLoadException;
import io.github.lsbaws.gateway.AppLoader;
import io.github.lsbaws.gateway.ConnectionInfo;
import io.github.lsbaws.gateway.ServletContainer;
import io.github.lsbaws.natives.FdInputStream;
import io.github.lsbaws.natives.FdOutputStream;
import io.github.lsbaws.natives.Posix;
import io.github.lsbaws.server.debug.DebugSessions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * A debuggee ({@link DebugSessions}): a JVM with the JDWP agent, started by the child that
 * accepted a chosen connection, or by a generation to debug the application's start-up. It loads
 * the application afresh, as a generation does, and serves that one connection (or nothing:
 * start-up debugging); the entry point then exits, which ends the debug session.
 *
 * <p>Arguments: the server options, then {@code --debuggee CONNECTION_FD,STARTED_FD} or
 * {@code --debug-startup}.
 */
public final class Debuggee {
    private Debuggee() {}

    /** Whether a server JVM's arguments make it a debuggee. */
    public static boolean isDebuggee(String[] args) {
        String last = args.length == 0 ? "" : args[args.length - 1];
        return last.equals(DebugSessions.STARTUP_OPTION)
                || args.length >= 2 && args[args.length - 2].equals(DebugSessions.DEBUGGEE_OPTION);
    }

    /** Loads the application with servlets as its Servlet container and serves the connection the arguments name. */
    public static void run(String[] args, ServletContainer servlets) throws AppLoadException, IOException {
        String role = args[args.length - 1];
        boolean startup = role.equals(DebugSessions.STARTUP_OPTION);
        ServerOptions options = ServerOptions.parse(Arrays.copyOf(args, startup ? args.length - 1 : args.length - 2));
        AppLoader.LoadedApp app = Generation.loadApplication(options, Generation.appClassLoader(options.appClasspath()), servlets,
                0); // the port Boot reports: the debuggee listens on none
        if (!startup) {
            String[] fds = role.split(",");
            serve(options, app, Integer.parseInt(fds[0]), Integer.parseInt(fds[1]));
        }
        app.gateway().destroy();
    }
    /** Serves the connection's requests, once the child that waits is told that this JVM serves it. */
    private static void serve(ServerOptions options, AppLoader.LoadedApp app, int connection, int started) throws IOException {
        Posix.writeFully(started, new byte[] {DebugSessions.STARTED}, 0, 1);
        Posix.close(started);
        InetSocketAddress local = Posix.localAddress(connection);
        ConnectionInfo info = new ConnectionInfo(Posix.peerAddress(connection), local, local.getPort());
        new ConnectionHandler(app.gateway(), options.limits(), 0, Learner.rehearsal()).serve(new FdInputStream(connection),
                new FdOutputStream(connection), info, Posix.pid(), () -> { }, line -> ServerLog.info("Debugged: " + line));
        System.out.flush();
        Posix.close(connection); // the waiting child closes the connection for good
    }
}
