package io.github.lsbaws.server;

import io.github.lsbaws.http.Limits;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a server run needs, as the command-line arguments of {@link ServerMain} (the Maven goals
 * and the tests both build them through {@link #toArguments()}).
 *
 * @param app the application specification, "class:member"; null for the web application in webapp
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
 * @param standby keep a generation started and waiting for the next reload (when the code is reloaded on change)
 * @param learnedFile where the requests learned from the children are kept and replayed from; null: no learning
 * @param webapp a web application's directory (src/main/webapp), served as a Servlet application when app is null; or null
 * @param contextPath where a Servlet application is served ("" for the root)
 * @param stateDir where a Servlet application's sessions, temporary files and scan cache go (target/lsbaws); or null
 */
public record ServerOptions(String app, List<String> appClasspath, String host, int port, int backlog,
                            int maxChildren, long requestTimeoutMillis, long graceMillis, boolean watchStdin,
                            List<String> warmup, Limits limits, long idleTimeoutMillis, boolean standby,
                            String learnedFile, String webapp, String contextPath, String stateDir) {
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
        contextPath = contextPath == null ? "" : contextPath;
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
        if (limits.maxHeaderBytes() < 1024 || limits.maxBodyBytes() < 0) {
            throw new IllegalArgumentException("the header size limit must be at least 1024 bytes, the body limit not negative");
        }
    }

    /** What the server serves, as its learned requests are recorded for: the app, or the web application. */
    public String application() {
        return app != null ? app : "webapp " + webapp + " at " + (contextPath.isEmpty() ? "/" : contextPath);
    }

    /** The defaults for app loaded from appClasspath. */
    public static ServerOptions of(String app, List<String> appClasspath) {
        Builder builder = new Builder();
        builder.app = app;
        builder.appClasspath = appClasspath;
        return builder.build();
    }

    /** These options with what change sets changed: the one place that copies every field. */
    private ServerOptions with(Consumer<Builder> change) {
        Builder builder = new Builder();
        builder.app = app;
        builder.appClasspath = appClasspath;
        builder.host = host;
        builder.port = port;
        builder.backlog = backlog;
        builder.maxChildren = maxChildren;
        builder.requestTimeoutMillis = requestTimeoutMillis;
        builder.graceMillis = graceMillis;
        builder.watchStdin = watchStdin;
        builder.warmup = warmup;
        builder.limits = limits;
        builder.idleTimeoutMillis = idleTimeoutMillis;
        builder.standby = standby;
        builder.learnedFile = learnedFile;
        builder.webapp = webapp;
        builder.contextPath = contextPath;
        builder.stateDir = stateDir;
        change.accept(builder);
        return builder.build();
    }

    /** The fields of options being made, with the defaults. */
    private static final class Builder {
        private String app;
        private List<String> appClasspath = List.of();
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private int backlog = DEFAULT_BACKLOG;
        private int maxChildren = DEFAULT_MAX_CHILDREN;
        private long requestTimeoutMillis = DEFAULT_REQUEST_TIMEOUT_MILLIS;
        private long graceMillis = DEFAULT_GRACE_MILLIS;
        private boolean watchStdin;
        private List<String> warmup = List.of();
        private Limits limits = Limits.DEFAULT;
        private long idleTimeoutMillis = DEFAULT_IDLE_TIMEOUT_MILLIS;
        private boolean standby;
        private String learnedFile;
        private String webapp;
        private String contextPath = "";
        private String stateDir;

        private ServerOptions build() {
            return new ServerOptions(app, appClasspath, host, port, backlog, maxChildren, requestTimeoutMillis, graceMillis,
                    watchStdin, warmup, limits, idleTimeoutMillis, standby, learnedFile, webapp, contextPath, stateDir);
        }
    }

    public ServerOptions withAddress(String newHost, int newPort) {
        return with(b -> {
            b.host = newHost;
            b.port = newPort;
        });
    }

    public ServerOptions withLimits(int newBacklog, int newMaxChildren, long newRequestTimeoutMillis, long newGraceMillis) {
        return with(b -> {
            b.backlog = newBacklog;
            b.maxChildren = newMaxChildren;
            b.requestTimeoutMillis = newRequestTimeoutMillis;
            b.graceMillis = newGraceMillis;
        });
    }

    public ServerOptions withWatchStdin(boolean watch) {
        return with(b -> b.watchStdin = watch);
    }

    /** Where the server keeps its files: stateDir, or a directory of the user's in the temporary directory. */
    public Path stateDirectory() {
        return stateDir != null ? Path.of(stateDir)
                : Path.of(System.getProperty("java.io.tmpdir"), "lsbaws-" + System.getProperty("user.name"));
    }

    /** The project's runtime classpath roots the application is loaded from. */
    public ServerOptions withAppClasspath(List<String> classpath) {
        return with(b -> b.appClasspath = classpath);
    }

    /** Keeping a generation started and waiting for the next reload, or not. */
    public ServerOptions withStandby(boolean keepOne) {
        return with(b -> b.standby = keepOne);
    }

    /** Learning what the children serve, kept in file (null: not learning). */
    public ServerOptions withLearnedFile(String file) {
        return with(b -> b.learnedFile = file);
    }

    public ServerOptions withWarmup(List<String> targets) {
        return with(b -> b.warmup = targets);
    }

    /** The HTTP bounds: header section and body sizes, and the idle timeout. */
    public ServerOptions withHttpLimits(int maxHeaderBytes, long maxBodyBytes, long newIdleTimeoutMillis) {
        return with(b -> {
            b.limits = new Limits(limits.maxRequestLine(), maxHeaderBytes, limits.maxHeaderCount(), maxBodyBytes);
            b.idleTimeoutMillis = newIdleTimeoutMillis;
        });
    }

    /**
     * A Servlet application: its webapp directory (or null), context path and state directory
     * (or null: a directory of the temporary directory).
     */
    public ServerOptions withWebApp(String newWebapp, String newContextPath, String newStateDir) {
        return with(b -> {
            b.webapp = newWebapp;
            b.contextPath = newContextPath;
            b.stateDir = newStateDir;
        });
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
        if (standby) {
            args.add("--standby");
        }
        for (String target : warmup) {
            args.add("--warmup");
            args.add(target);
        }
        addIfSet(args, "--learned", learnedFile);
        addIfSet(args, "--webapp", webapp);
        addIfSet(args, "--context-path", contextPath.isEmpty() ? null : contextPath);
        addIfSet(args, "--state-dir", stateDir);
        return args;
    }

    private static void addIfSet(List<String> args, String name, String value) {
        if (value != null) {
            args.add(name);
            args.add(value);
        }
    }

    public static ServerOptions parse(String[] args) {
        Builder b = new Builder();
        List<String> warmup = new ArrayList<>();
        int maxHeaderBytes = Limits.DEFAULT.maxHeaderBytes();
        long maxBodyBytes = Limits.DEFAULT.maxBodyBytes();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--watch-stdin")) {
                b.watchStdin = true;
                continue;
            }
            if (name.equals("--standby")) {
                b.standby = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + name + " needs a value");
            }
            String value = args[++i];
            switch (name) {
                case "--app" -> b.app = value.isEmpty() ? null : value;
                case "--app-classpath" -> b.appClasspath = value.isEmpty() ? List.of() : Arrays.asList(value.split(File.pathSeparator));
                case "--host" -> b.host = value;
                case "--port" -> b.port = number(name, value);
                case "--backlog" -> b.backlog = number(name, value);
                case "--max-children" -> b.maxChildren = number(name, value);
                case "--request-timeout-ms" -> b.requestTimeoutMillis = longNumber(name, value);
                case "--grace-ms" -> b.graceMillis = longNumber(name, value);
                case "--warmup" -> warmup.add(value);
                case "--max-header-bytes" -> maxHeaderBytes = number(name, value);
                case "--max-body-bytes" -> maxBodyBytes = longNumber(name, value);
                case "--idle-timeout-ms" -> b.idleTimeoutMillis = longNumber(name, value);
                case "--learned" -> b.learnedFile = value;
                case "--webapp" -> b.webapp = value;
                case "--context-path" -> b.contextPath = value;
                case "--state-dir" -> b.stateDir = value;
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        b.warmup = warmup;
        b.limits = new Limits(Limits.DEFAULT.maxRequestLine(), maxHeaderBytes, Limits.DEFAULT.maxHeaderCount(), maxBodyBytes);
        return b.build();
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
