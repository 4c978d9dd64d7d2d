package io.github.lsbaws.server;

import io.github.lsbaws.gateway.AppLoadException;
import io.github.lsbaws.gateway.AppLoader;
import io.github.lsbaws.natives.ErrnoException;
import io.github.lsbaws.natives.Linux;
import io.github.lsbaws.natives.Posix;
import io.github.lsbaws.servlet.ServletApps;
import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;

/**
 * Entry point of the server JVM (started by the Maven goals with {@link ServerJvm}'s flags):
 * load the application, bind, prepare the process for forking, print the banner, serve.
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
        ServerOptions options;
        try {
            options = ServerOptions.parse(args);
        } catch (IllegalArgumentException e) {
            fail(EXIT_USAGE, e.getMessage());
            return;
        }
        try {
            ProcessSetup.prepareForForking();
            ForkGuard guard = new ForkGuard();
            ClassLoader appLoader = appClassLoader(options.appClasspath());
            Thread.currentThread().setContextClassLoader(appLoader);
            AppLoader.LoadedApp app = options.app() == null && options.webapp() != null
                    ? ServletApps.webApplication(options, appLoader) // deployed here, in the parent, before any fork
                    : AppLoader.load(options.app(), appLoader, options.appClasspath(),
                            servlet -> ServletApps.singleServlet(servlet, options, appLoader));
            ConnectionHandler handler = new ConnectionHandler(app.gateway(), options.limits());
            ForkingServer server = new ForkingServer(options, handler, guard);
            int port = open(server);
            Zygote.prepare(server, port, handler, options, appLoader);
            List<String> appThreads = guard.extraThreads();
            if (!appThreads.isEmpty()) {
                throw new IllegalStateException("loading or warming up " + app.name() + " started the thread(s) " + appThreads
                        + ". A forked child has none of the parent's threads and may inherit their locks held:"
                        + " start threads inside a request, or not at all, in an application served by lsbaws.");
            }
            server.rehearseLoop(); // the first fork, after the check above: an application thread is reported as such
            guard.collect();
            StablePages.moveToHugePages(); // while the other threads are asleep, as collect() left them
            guard.collect(); // what reading /proc for it left in eden
            String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
            ServerLog.info("Serving " + app.name() + " on http://" + host + ":" + port + options.contextPath() + "/ (parent pid "
                    + Posix.pid() + ")");
            server.serve();
            app.gateway().destroy(); // every child reaped: the application's own shutdown, in the parent
        } catch (AppLoadException e) {
            fail(EXIT_APP, e.getMessage());
        } catch (IOException | IllegalStateException e) {
            fail(EXIT_START, e.getMessage());
        } catch (RuntimeException | Error e) {
            ServerLog.error("lsbaws: the server failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    /** Opens the server's socket and loop; a port in use gets the way to choose another. */
    private static int open(ForkingServer server) throws IOException {
        try {
            return server.open();
        } catch (ErrnoException e) {
            if (e.errno() != Linux.EADDRINUSE) {
                throw e;
            }
            throw new IOException(e.getMessage() + "; serve on another with -Dlsbaws.port=N (0: any free port)", e);
        }
    }

    private static ClassLoader appClassLoader(List<String> classpath) throws MalformedURLException {
        URL[] urls = new URL[classpath.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = new File(classpath.get(i)).toURI().toURL();
        }
        return new URLClassLoader("app", urls, ServerMain.class.getClassLoader());
    }

    private static void fail(int status, String message) {
        ServerLog.error("lsbaws: " + message);
        System.exit(status);
    }
}
