package io.github.lsbaws.jvm;

import io.github.lsbaws.boot.BootContainer;
import io.github.lsbaws.gateway.AppLoadException;
import io.github.lsbaws.gateway.ServletContainer;
import io.github.lsbaws.protocol.GenerationRole;
import io.github.lsbaws.server.Debuggee;
import io.github.lsbaws.server.Generation;
import io.github.lsbaws.server.ProcessSetup;
import io.github.lsbaws.server.ServerLog;
import io.github.lsbaws.server.ServerOptions;
import io.github.lsbaws.servlet.ServletApps;
import io.github.lsbaws.supervisor.Supervisor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Entry point of the server JVM (started by the Maven goals with {@link ServerJvm}'s flags). Run
 * as the goals start it, it is the {@link Supervisor}: it binds the socket and starts generations,
 * each this same command line with a {@link GenerationRole} added, which load the application and
 * serve ({@link Generation}). Here the Servlet container is plugged into the server runtime,
 * which knows it only as a {@link io.github.lsbaws.gateway.ServletContainer}.
 *
 * <p>Exit status: 0 after a clean shutdown, 2 for bad arguments, 3 when the application cannot
 * be loaded, 4 when the server cannot start (address in use, wrong JVM flags), 1 otherwise.
 */
public final class ServerMain {
    static final int EXIT_USAGE = 2;
    static final int EXIT_APP = 3;
    static final int EXIT_START = 4;

    private ServerMain() {}

    /** Whether a server JVM's exit status says it stopped before serving (bad arguments, application, start-up). */
    public static boolean failedToStart(int status) {
        return status == EXIT_USAGE || status == EXIT_APP || status == EXIT_START;
    }

    public static void main(String[] args) {
        if (Debuggee.isDebuggee(args)) {
            debuggee(args);
            return;
        }
        GenerationRole role;
        ServerOptions options;
        try {
            List<String> others = new ArrayList<>();
            role = GenerationRole.parse(args, others);
            options = ServerOptions.parse(others.toArray(new String[0]));
        } catch (IllegalArgumentException e) {
            fail(EXIT_USAGE, e.getMessage());
            return;
        }
        int status = 0;
        try {
            ProcessSetup.prepareForForking();
            if (role == null) {
                status = Supervisor.supervise(options);
            } else {
                Generation.serve(options, role, container());
            }
        } catch (AppLoadException e) {
            fail(EXIT_APP, e.getMessage());
        } catch (IOException | IllegalStateException e) {
            fail(EXIT_START, e.getMessage());
        } catch (RuntimeException | Error e) {
            ServerLog.error("lsbaws: the server failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(status);
    }

    /** A JVM started to serve one connection, or the application's start-up, under a debugger. */
    private static void debuggee(String[] args) {
        try {
            Debuggee.run(args, container());
        } catch (IllegalArgumentException e) {
            fail(EXIT_USAGE, e.getMessage());
        } catch (AppLoadException e) {
            fail(EXIT_APP, "the debuggee could not load the application: " + e.getMessage());
        } catch (IOException e) {
            fail(EXIT_START, "the debuggee failed: " + e.getMessage());
        }
        System.exit(0);
    }

    /** The Servlet container, with Spring Boot applications, that the runtime deploys web applications with. */
    private static ServletContainer container() {
        return new BootContainer(new ServletApps());
    }

    private static void fail(int status, String message) {
        ServerLog.error("lsbaws: " + message);
        System.exit(status);
    }
}
