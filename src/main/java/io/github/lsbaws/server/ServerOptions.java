package io.github.lsbaws.server;

import io.github.lsbaws.http.Limits;
import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a server run needs, as the command-line arguments of {@link ServerMain} (the Maven goals
 * and the tests both build them through {@link #toArguments()}).
 *
 * @param app the application specification, "class:member"
 * @param appClasspath the project's runtime classpath roots, where the application is loaded from
 * @param host the address to bind
 * @param port the port to bind, 0 for any free one
 * @param backlog the listen(2) backlog: connections the kernel queues while every child slot is busy
 * @param maxChildren the most connections served at once; at the limit the server stops accepting
 * @param requestTimeoutMillis how long one connection may take, from accept to the last byte
 * @param graceMillis how long a shutdown waits for connections in flight before killing them
 * @param watchStdin stop when standard input reaches end of file (the launching build went away)
 * @param warmup request targets ("/", "/hello?name=x") the parent serves itself, once, before forking
 * @param limits what a client may send (sizes of the request line, headers and body)
 * @param idleTimeoutMillis how long a child waits for the next request on a persistent connection, and for each read
 * @param webapp a web application's directory (src/main/webapp), served as a Servlet application when app is null; or null
 * @param contextPath where a Servlet application is served ("" for the root)
 * @param stateDir where a Servlet application's sessions, temporary files and scan cache go (target/lsbaws); or null
 */
public record ServerOptions(String app, List<String> appClasspath, String host, int port, int backlog,
                            int maxChildren, long requestTimeoutMillis, long graceMillis, boolean watchStdin,
                            List<String> warmup, Limits limits, long idleTimeoutMillis, String webapp, String contextPath,
                            String stateDir) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8888;
    public static final int DEFAULT_BACKLOG = 1024;
    public static final int DEFAULT_MAX_CHILDREN = 256;
    public static final long DEFAULT_REQUEST_TIMEOUT_MILLIS = 30_000;
    public static final long DEFAULT_GRACE_MILLIS = 10_000;
    public static final long DEFAULT_IDLE_TIMEOUT_MILLIS = 5_000;

    public ServerOptions {
        appClasspath = List.copyOf(appClasspath);
        warmup = List.copyOf(warmup);
        for (String target : warmup) {
            if (!target.startsWith("/") || target.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
                throw new IllegalArgumentException("warm-up target '" + target + "' is not a path like /hello?x=1");
            }
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not between 0 and 65535");
        }
        if (backlog < 1 || maxChildren < 1 || requestTimeoutMillis < 1 || graceMillis < 0 || idleTimeoutMillis < 1) {
            throw new IllegalArgumentException(
                    "backlog, maxChildren, requestTimeout and idleTimeout must be positive, grace not negative");
        }
        contextPath = contextPath == null ? "" : contextPath;
        if (limits.maxHeaderBytes() < 1024 || limits.maxBodyBytes() < 0) {
            throw new IllegalArgumentException("the header size limit must be at least 1024 bytes, the body limit not negative");
        }
    }

    public static ServerOptions of(String app, List<String> appClasspath) {
        return new ServerOptions(app, appClasspath, DEFAULT_HOST, DEFAULT_PORT, DEFAULT_BACKLOG,
                DEFAULT_MAX_CHILDREN, DEFAULT_REQUEST_TIMEOUT_MILLIS, DEFAULT_GRACE_MILLIS, false, List.of(),
                Limits.DEFAULT, DEFAULT_IDLE_TIMEOUT_MILLIS, null, "", null);
    }

    public ServerOptions withAddress(String newHost, int newPort) {
        return new ServerOptions(app, appClasspath, newHost, newPort, backlog, maxChildren, requestTimeoutMillis,
                graceMillis, watchStdin, warmup, limits, idleTimeoutMillis, webapp, contextPath, stateDir);
    }

    public ServerOptions withLimits(int newBacklog, int newMaxChildren, long newRequestTimeoutMillis, long newGraceMillis) {
        return new ServerOptions(app, appClasspath, host, port, newBacklog, newMaxChildren, newRequestTimeoutMillis,
                newGraceMillis, watchStdin, warmup, limits, idleTimeoutMillis, webapp, contextPath, stateDir);
    }

    public ServerOptions withWatchStdin(boolean watch) {
        return new ServerOptions(app, appClasspath, host, port, backlog, maxChildren, requestTimeoutMillis,
                graceMillis, watch, warmup, limits, idleTimeoutMillis, webapp, contextPath, stateDir);
    }

    public ServerOptions withWarmup(List<String> targets) {
        return new ServerOptions(app, appClasspath, host, port, backlog, maxChildren, requestTimeoutMillis,
                graceMillis, watchStdin, targets, limits, idleTimeoutMillis, webapp, contextPath, stateDir);
    }

    /** The HTTP bounds: header section and body sizes, and the idle timeout. */
    public ServerOptions withHttpLimits(int maxHeaderBytes, long maxBodyBytes, long newIdleTimeoutMillis) {
        return new ServerOptions(app, appClasspath, host, port, backlog, maxChildren, requestTimeoutMillis, graceMillis,
                watchStdin, warmup, new Limits(limits.maxRequestLine(), maxHeaderBytes, limits.maxHeaderCount(), maxBodyBytes),
                newIdleTimeoutMillis, webapp, contextPath, stateDir);
    }

    /**
     * A Servlet application: its webapp directory (or null), context path and state directory
     * (or null: a directory of the temporary directory).
     */
    public ServerOptions withWebApp(String newWebapp, String newContextPath, String newStateDir) {
        return new ServerOptions(app, appClasspath, host, port, backlog, maxChildren, requestTimeoutMillis, graceMillis,
                watchStdin, warmup, limits, idleTimeoutMillis, newWebapp, newContextPath, newStateDir);
    }

    /** The project's runtime classpath roots the application is loaded from. */
    public ServerOptions withAppClasspath(List<String> classpath) {
        return new ServerOptions(app, classpath, host, port, backlog, maxChildren, requestTimeoutMillis, graceMillis,
                watchStdin, warmup, limits, idleTimeoutMillis, webapp, contextPath, stateDir);
    }

    public List<String> toArguments() {
        List<String> args = new ArrayList<>(List.of(
                "--app", app == null ? "" : app,
                "--app-classpath", String.join(File.pathSeparator, appClasspath),
                "--host", host,
                "--port", Integer.toString(port),
                "--backlog", Integer.toString(backlog),
                "--max-children", Integer.toString(maxChildren),
                "--request-timeout-ms", Long.toString(requestTimeoutMillis),
                "--grace-ms", Long.toString(graceMillis),
                "--max-header-bytes", Integer.toString(limits.maxHeaderBytes()),
                "--max-body-bytes", Long.toString(limits.maxBodyBytes()),
                "--idle-timeout-ms", Long.toString(idleTimeoutMillis)));
        if (watchStdin) {
            args.add("--watch-stdin");
        }
        for (String target : warmup) {
            args.add("--warmup");
            args.add(target);
        }
        if (webapp != null) {
            args.add("--webapp");
            args.add(webapp);
        }
        if (!contextPath.isEmpty()) {
            args.add("--context-path");
            args.add(contextPath);
        }
        if (stateDir != null) {
            args.add("--state-dir");
            args.add(stateDir);
        }
        return args;
    }

    public static ServerOptions parse(String[] args) {
        ServerOptions options = of(null, List.of());
        String app = null;
        List<String> classpath = List.of();
        String host = options.host;
        int port = options.port;
        int backlog = options.backlog;
        int maxChildren = options.maxChildren;
        long timeout = options.requestTimeoutMillis;
        long grace = options.graceMillis;
        boolean watchStdin = false;
        List<String> warmup = new ArrayList<>();
        int maxHeaderBytes = Limits.DEFAULT.maxHeaderBytes();
        long maxBodyBytes = Limits.DEFAULT.maxBodyBytes();
        long idle = DEFAULT_IDLE_TIMEOUT_MILLIS;
        String webapp = null;
        String contextPath = "";
        String stateDir = null;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--watch-stdin")) {
                watchStdin = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + name + " needs a value");
            }
            String value = args[++i];
            switch (name) {
                case "--app" -> app = value;
                case "--app-classpath" -> classpath = value.isEmpty() ? List.of()
                        : Arrays.asList(value.split(File.pathSeparator));
                case "--host" -> host = value;
                case "--port" -> port = number(name, value);
                case "--backlog" -> backlog = number(name, value);
                case "--max-children" -> maxChildren = number(name, value);
                case "--request-timeout-ms" -> timeout = number(name, value);
                case "--grace-ms" -> grace = number(name, value);
                case "--warmup" -> warmup.add(value);
                case "--max-header-bytes" -> maxHeaderBytes = number(name, value);
                case "--max-body-bytes" -> maxBodyBytes = longNumber(name, value);
                case "--idle-timeout-ms" -> idle = longNumber(name, value);
                case "--webapp" -> webapp = value;
                case "--context-path" -> contextPath = value;
                case "--state-dir" -> stateDir = value;
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        Limits limits = new Limits(Limits.DEFAULT.maxRequestLine(), maxHeaderBytes, Limits.DEFAULT.maxHeaderCount(), maxBodyBytes);
        return new ServerOptions(app == null || app.isEmpty() ? null : app, classpath, host, port, backlog, maxChildren,
                timeout, grace, watchStdin, warmup, limits, idle, webapp, contextPath, stateDir);
    }

    private static long longNumber(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a number, not '" + value + "'");
        }
    }

    private static int number(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a number, not '" + value + "'");
        }
    }
}
