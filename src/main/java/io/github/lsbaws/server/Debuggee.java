package io.github.lsbaws.server;

import io.github.lsbaws.gateway.AppLoadException;
import io.github.lsbaws.gateway.AppLoader;
import io.github.lsbaws.gateway.ConnectionInfo;
import io.github.lsbaws.natives.FdInputStream;
import io.github.lsbaws.natives.FdOutputStream;
import io.github.lsbaws.natives.Posix;
import io.github.lsbaws.server.debug.DebugSessions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * Entry point of a debuggee ({@link DebugSessions}): a JVM with the JDWP agent, started by the
 * child that accepted a chosen connection, or by a generation to debug the application's
 * start-up. It loads the application afresh, as a generation does, and serves that one
 * connection (or nothing: start-up debugging), then exits, which ends the debug session.
 *
 * <p>Arguments: the server options, then {@code --debuggee CONNECTION_FD,STARTED_FD} or
 * {@code --debug-startup}. Exit status as {@link ServerMain}'s.
 */
public final class Debuggee {
    private Debuggee() {}

    public static void main(String[] args) {
        String role = args.length == 0 ? "" : args[args.length - 1];
        boolean startup = role.equals(DebugSessions.STARTUP_OPTION);
        int optionsEnd = startup ? args.length - 1 : args.length - 2;
        if (optionsEnd < 0 || !startup && !args[optionsEnd].equals(DebugSessions.DEBUGGEE_OPTION)) {
            ServerLog.error("lsbaws: a debuggee needs " + DebugSessions.DEBUGGEE_OPTION + " CONNECTION,STARTED or "
                    + DebugSessions.STARTUP_OPTION + " last");
            System.exit(ServerMain.EXIT_USAGE);
        }
        ServerOptions options = ServerOptions.parse(Arrays.copyOf(args, optionsEnd));
        try {
            AppLoader.LoadedApp app = Generation.loadApplication(options, Generation.appClassLoader(options.appClasspath()));
            if (!startup) {
                String[] fds = role.split(",");
                serve(options, app, Integer.parseInt(fds[0]), Integer.parseInt(fds[1]));
            }
            app.gateway().destroy();
        } catch (AppLoadException e) {
            ServerLog.error("lsbaws: the debuggee could not load the application: " + e.getMessage());
            System.exit(ServerMain.EXIT_APP);
        } catch (IOException e) {
            ServerLog.error("lsbaws: the debuggee failed: " + e.getMessage());
            System.exit(ServerMain.EXIT_START);
        }
        System.exit(0);
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
