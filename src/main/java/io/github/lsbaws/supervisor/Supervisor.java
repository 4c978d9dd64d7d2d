package io.github.lsbaws.supervisor;

import io.github.lsbaws.devservices.DevDatabases;
import io.github.lsbaws.natives.Epoll;
import io.github.lsbaws.natives.ErrnoException;
import io.github.lsbaws.natives.ExitStatus;
import io.github.lsbaws.natives.Linux;
import io.github.lsbaws.natives.Posix;
import io.github.lsbaws.protocol.GenerationRole;
import io.github.lsbaws.protocol.LineReader;
import io.github.lsbaws.protocol.Redefinition;
import io.github.lsbaws.protocol.Report;
import io.github.lsbaws.protocol.ServingLine;
import io.github.lsbaws.protocol.Signals;
import io.github.lsbaws.server.ForkGuard;
import io.github.lsbaws.server.JitRetirement;
import io.github.lsbaws.server.ServerLog;
import io.github.lsbaws.server.ServerOptions;
import io.github.lsbaws.server.debug.DebugSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The process Maven starts and talks to, whichever generation serves: it binds the listening
 * socket and keeps it for its whole life, starts generations (server parents that load the
 * application and fork a child per connection) that inherit the socket, and hands over from
 * one to the next when the code changes, as Unicorn's re-exec and nginx's binary upgrade do,
 * but with a parent that stays: its pid, its standard input (the build's pipe: a line "reload",
 * or its end) and its signals (SIGHUP: reload; SIGTERM, SIGINT: stop) are what the Maven goals
 * and the user see. Generations get a process group of their own, so a terminal's Ctrl-C
 * reaches them only through here, and die with the supervisor (PR_SET_PDEATHSIG), whose
 * decisions {@link HandOver} makes.
 *
 * <p>Like a generation it waits in one epoll loop, for signals through a signalfd, standard
 * input, and the generations' report pipes ({@link Report}).
 */
public final class Supervisor {
    private static final int SIGNALS = -1;
    private static final int STDIN = -2;
    /** How long past its grace period a stopping generation may take before it is killed. */
    private static final long STOP_MARGIN_MILLIS = 5_000;

    private final ServerOptions options;
    private final HandOver handOver = new HandOver();
    /** Each live generation's report pipe, by pid. */
    private final Map<Integer, LineReader> reports = new HashMap<>();
    /** Stopping generations and when they are to be killed (nanoTime), by pid. */
    private final Map<Integer, Long> stopDeadlines = new LinkedHashMap<>();
    /** What made each reload, by generation number. */
    private final Map<Integer, ReloadRequest> reloads = new HashMap<>();
    /**
     * Each live generation's command pipe (the write end of its standard input, which carried
     * "go N"), by pid: redefinitions go through it.
     */
    private final Map<Integer, Integer> commandPipes = new HashMap<>();
    /** The edit the serving generation is redefining, until it answers. */
    private ReloadRequest redefinition;
    /** How long the last redefinition took in the generation, as it reported. */
    private long redefineMillis;
    /** When the serving generation was asked to redefine (epoch milliseconds). */
    private long redefineAskedMillis;
    /**
     * Whether a standby deploys the application ahead, against scratch databases, so that the
     * next reload's deployment is a warm one ({@code -Dlsbaws.deployAhead=false} in
     * {@code lsbaws.jvmArgs}: off).
     */
    private static final boolean DEPLOY_AHEAD = !"false".equals(System.getProperty("lsbaws.deployAhead"));
    /** A server JVM started ahead, waiting to become the next generation, or null. */
    private Standby standby;
    private final Learning learning;
    private final List<byte[]> commandLine;
    private final ForkGuard guard;
    private final DeployPriority priority = DeployPriority.fromSystemProperties();
    private DevDatabases databases;
    private int listenFd = -1;
    private String url;
    private int signalFd = -1;
    private Epoll epoll;
    private LineReader stdin;
    private ReloadRequest nextReload;
    /** The application's name, as the first generation to load it reported. */
    private String appName;
    private Integer exitStatus;

    /** A server JVM waiting for its number, and the pipe to send it through. */
    private record Standby(int pid, int activation) {}

    private Supervisor(ServerOptions options) throws IOException {
        this.options = options;
        this.commandLine = GenerationRole.generationCommand(Posix.commandLine());
        this.guard = new ForkGuard();
        this.learning = Learning.of(options.learnedFile(), options.application(), ProcessorWait::nanos);
    }

    /** Binds, serves through generations until stopped; returns the exit status. */
    public static int supervise(ServerOptions options) throws IOException {
        return new Supervisor(options).run();
    }

    private int run() throws IOException {
        listenFd = listen();
        InetSocketAddress bound = Posix.localAddress(listenFd);
        String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
        url = "http://" + host + ":" + bound.getPort() + options.contextPath() + "/";
        DebugSettings debug = DebugSettings.fromSystemProperties();
        if (debug != null) {
            ServerLog.info(debug.banner());
        }
        signalFd = Posix.signalFd(Signals.HANDLED);
        epoll = new Epoll(16);
        epoll.add(signalFd, SIGNALS);
        if (options.watchStdin()) {
            stdin = new LineReader(0);
            epoll.add(0, STDIN);
        }
        try {
            JitRetirement.retire(); // before the first spawn (a fork), if a supervisor was started with a JIT after all
            databases = startDatabases();
            apply(handOver.start());
            while (exitStatus == null || standby != null) {
                turn();
            }
        } finally {
            if (databases != null) {
                databases.stop(); // every generation has ended
            }
            for (LineReader report : reports.values()) {
                Posix.close(report.fd());
            }
            commandPipes.values().forEach(Posix::close);
            epoll.close();
            Posix.close(signalFd);
            Posix.close(listenFd);
        }
        return exitStatus;
    }

    /** The database servers for the application's in-memory databases, before any generation loads it. */
    private DevDatabases startDatabases() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String entry : options.appClasspath()) {
            files.add(Path.of(entry));
        }
        if (options.webapp() != null) {
            files.add(Path.of(options.webapp()));
        }
        return DevDatabases.start(options.appClasspath(), files,
                DevDatabases.directory(options.stateDir(), options.learnedFile(), Posix.pid()), guard::awaitOthersAsleep);
    }

    /** The socket every generation accepts on; a port in use gets the way to choose another. */
    private int listen() throws IOException {
        try {
            return Posix.listen(options.host(), options.port(), options.backlog());
        } catch (ErrnoException e) {
            if (e.errno() != Linux.EADDRINUSE) {
                throw e;
            }
            throw new IOException(e.getMessage() + "; serve on another with -Dlsbaws.port=N (0: any free port)", e);
        }
    }

    private void turn() throws IOException {
        int ready = epoll.wait(millisToNextDeadline());
        for (int i = 0; i < ready; i++) {
            int token = epoll.token(i);
            if (token == SIGNALS) {
                takeSignals();
            } else if (token == STDIN) {
                readStdin();
            } else {
                readReports(token);
            }
        }
        killOverdue();
        killStuckReplays();
        priority.retry(System.nanoTime());
        if (learning.due(System.nanoTime())) {
            apply(handOver.renew(HandOver.Cause.LEARNED));
        }
    }

    /** A generation stuck replaying a learned request is killed, the request forgotten, another generation started. */
    private void killStuckReplays() throws IOException {
        for (Learning.Replay replay : learning.stuck(System.nanoTime())) {
            ServerLog.error("lsbaws: replaying the learned request " + replay.key() + " took over "
                    + Learning.REPLAY_TIMEOUT_MILLIS + " ms, not counting its waits for a processor, in a new server parent (pid " + replay.pid()
                    + "): killed; it is forgotten");
            learning.forget(replay.pid(), replay.key());
            Posix.kill(replay.pid(), Linux.SIGKILL);
        }
    }

    private void takeSignals() throws IOException {
        int signal;
        while ((signal = Posix.takeSignal(signalFd)) != 0) {
            if (signal == Linux.SIGCHLD) {
                reapGenerations();
            } else if (signal == Linux.SIGHUP) {
                reload(ReloadRequest.parse("reload"));
            } else if (signal != Linux.SIGUSR1) { // SIGUSR1 means something to generations only
                apply(handOver.stop(signal));
            }
        }
    }

    private void readStdin() throws IOException {
        for (String line : stdin.read()) {
            if (line.startsWith(ReloadRequest.COMMAND)) {
                reload(ReloadRequest.parse(line));
            }
        }
        if (stdin.ended()) {
            epoll.remove(0);
            apply(handOver.stop(Linux.SIGTERM));
        }
    }

    private void reload(ReloadRequest request) throws IOException {
        nextReload = request;
        apply(request.redefines() ? handOver.redefine() : handOver.renew(HandOver.Cause.RELOAD));
    }

    private void readReports(int pid) throws IOException {
        LineReader report = reports.get(pid);
        if (report == null) {
            return;
        }
        for (String line : report.read()) {
            Report.Message message = Report.Message.parse(line);
            if (message != null && message.kind().equals(Report.LEARNED)) {
                learning.learn(message.text(), System.nanoTime()); // from a child of that generation
                continue;
            }
            if (message == null || message.pid() != pid) {
                continue; // garbage
            }
            switch (message.kind()) {
                case Report.PREPARED -> {
                    String[] countAndName = message.text().split(" ", 2);
                    learning.prepared(pid, Integer.parseInt(countAndName[0]));
                    appName = countAndName[1];
                    databases.prepared(handOver.numberOf(pid), pid).forEach(ServerLog::error);
                    priority.deployed(pid);
                    apply(handOver.prepared(pid));
                }
                case Report.STOPPED_ACCEPTING -> apply(handOver.stoppedAccepting(pid));
                case Report.REPLAYING -> {
                    Report.Replaying replaying = Report.Replaying.parse(message.text());
                    learning.replaying(pid, replaying.tid(), replaying.key(), System.nanoTime());
                }
                case Report.SEEDED -> learning.seed(message.text());
                case Report.UNLEARN -> learning.forget(pid, message.text());
                case Report.REDEFINED -> {
                    redefineMillis = Redefinition.millisOf(message.text());
                    apply(handOver.redefined(pid));
                }
                case Report.REDEFINE_REFUSED -> apply(handOver.redefineRefused(pid, message.text()));
                default -> { }
            }
        }
        if (report.ended()) { // the generation and all its children are gone; its exit comes with SIGCHLD
            closeReport(pid);
        }
    }

    private void closeReport(int pid) throws ErrnoException {
        LineReader report = reports.remove(pid);
        if (report != null) {
            epoll.remove(report.fd());
            Posix.close(report.fd());
        }
    }

    private void reapGenerations() throws IOException {
        ExitStatus exit;
        while ((exit = Posix.reapOne()) != null) {
            if (reports.containsKey(exit.pid())) {
                readReports(exit.pid()); // what it said just before it exited
                closeReport(exit.pid());
            }
            stopDeadlines.remove(exit.pid());
            Integer commandPipe = commandPipes.remove(exit.pid());
            if (commandPipe != null) {
                Posix.close(commandPipe);
            }
            priority.ended(exit.pid());
            String databaseEnded = databases.ended(exit);
            if (databaseEnded != null) {
                ServerLog.error(databaseEnded);
                continue;
            }
            if (standby != null && exit.pid() == standby.pid()) {
                if (exitStatus == null) {
                    ServerLog.error("lsbaws: the standby server JVM (pid " + exit.pid() + ") ended: " + exit.describe());
                }
                Posix.close(standby.activation());
                standby = null;
                continue;
            }
            apply(learning.ended(exit.pid()) ? handOver.exitedToRetry(exit) : handOver.exited(exit));
        }
    }

    private void apply(List<HandOver.Action> actions) throws IOException {
        for (HandOver.Action action : actions) {
            if (action instanceof HandOver.Spawn spawn) {
                spawn(spawn.number(), spawn.cause());
            } else if (action instanceof HandOver.Signal signal) {
                signal(signal.pid(), signal.signal());
            } else if (action instanceof HandOver.Announce announce) {
                announce(announce.generation());
            } else if (action instanceof HandOver.Redefine redefine) {
                askToRedefine(redefine.generation());
            } else if (action instanceof HandOver.Redefined redefined) {
                ServerLog.info(redefinition.describeRedefinition(redefined.generation().number(), redefineMillis,
                        redefineAskedMillis, System.currentTimeMillis()));
            } else if (action instanceof HandOver.Fail fail) {
                ServerLog.error("lsbaws: " + fail.message());
            } else if (action instanceof HandOver.Exit exit) {
                exitStatus = exit.status();
                if (standby != null) {
                    Posix.kill(standby.pid(), Linux.SIGKILL); // reaped before the loop ends
                }
            }
        }
    }

    /**
     * Makes generation number: the standby if one is waiting (one that deploys ahead: for an edit
     * only), else a server JVM started now. It loads the classes as they are at this moment.
     */
    private void spawn(int number, HandOver.Cause cause) throws IOException {
        if (cause.edit()) {
            reloads.put(number, nextReload.withoutRedefinition());
        }
        // a standby that deploys ahead is kept for an edit: a warm-up with the same code, which an edit
        // would replace while it starts, starts a server JVM of its own
        boolean takesStandby = standby != null && (cause.edit() || !DEPLOY_AHEAD);
        Standby generation = takesStandby ? standby : startServerJvm();
        if (takesStandby) {
            standby = null;
        }
        databases.beforeGeneration(generation.pid(), cause.keepsData());
        if (handOver.serving() == null) {
            priority.deployed(generation.pid()); // nothing to give way to (the serving one ended)
        }
        byte[] go = GenerationRole.activation(number, cause.sameCode()).getBytes(StandardCharsets.US_ASCII);
        try {
            Posix.writeFully(generation.activation(), go, 0, go.length);
            commandPipes.put(generation.pid(), generation.activation()); // kept: its command pipe from now on
        } catch (IOException e) {
            Posix.close(generation.activation()); // it died meanwhile: its exit is reaped as a failed start
        }
        handOver.spawned(number, generation.pid(), cause, System.nanoTime());
    }

    /**
     * Starts a server JVM that shares the listening socket and readies everything that does not
     * depend on the application, then waits for its number on its standard input.
     */
    private Standby startServerJvm() throws IOException {
        int[] report = Posix.nonBlockingPipe();
        int[] activation = Posix.pipe();
        List<byte[]> args = new ArrayList<>(commandLine);
        for (String arg : new GenerationRole(listenFd, report[1], Posix.pid()).toArguments()) {
            args.add(arg.getBytes(StandardCharsets.UTF_8));
        }
        guard.awaitOthersAsleep(); // the child runs libc calls only, but fork itself is safest then
        int pid;
        try {
            pid = Posix.spawnSelf(args, activation[0], listenFd, report[1]);
        } finally {
            Posix.close(report[1]);
            Posix.close(activation[0]);
        }
        reports.put(pid, new LineReader(report[0]));
        epoll.add(report[0], pid);
        if (handOver.serving() != null) {
            priority.deploying(pid);
        }
        return new Standby(pid, activation[1]);
    }

    /** Sends the serving generation the classes of the edit; a pipe that is gone counts as a refusal. */
    private void askToRedefine(HandOver.Generation generation) throws IOException {
        redefinition = nextReload;
        redefineAskedMillis = System.currentTimeMillis();
        Integer pipe = commandPipes.get(generation.pid());
        byte[] command = Redefinition.command(redefinition.redefinable()).getBytes(StandardCharsets.UTF_8);
        try {
            if (pipe == null) {
                throw new IOException("no command pipe");
            }
            Posix.writeFully(pipe, command, 0, command.length); // one short line into a pipe it reads in its loop
        } catch (IOException e) {
            apply(handOver.redefineRefused(generation.pid(), "its command pipe: " + e.getMessage()));
        }
    }

    private void signal(int pid, int signal) {
        Posix.kill(pid, signal);
        boolean stopping = signal == Signals.RETIRE || signal == Linux.SIGTERM || signal == Linux.SIGINT;
        if (stopping && !stopDeadlines.containsKey(pid)) {
            stopDeadlines.put(pid, System.nanoTime() + (options.graceMillis() + STOP_MARGIN_MILLIS) * 1_000_000);
        }
    }

    private void announce(HandOver.Generation generation) throws IOException {
        if (options.standby() && standby == null) {
            standby = startServerJvm(); // the next reload's, started once this one is served
            if (DEPLOY_AHEAD) {
                databases.beforeDeployingAhead(standby.pid());
                byte[] ahead = GenerationRole.ahead().getBytes(StandardCharsets.US_ASCII);
                try {
                    Posix.writeFully(standby.activation(), ahead, 0, ahead.length); // read once it has readied itself
                } catch (IOException e) {
                    // it died meanwhile: its exit is reaped and reported
                }
            }
        }
        long startedMillis = (System.nanoTime() - generation.spawnedNanos()) / 1_000_000;
        int warm = learning.replayedBy(generation.pid());
        String pids = "parent pid " + generation.pid();
        String replays = warm == 0 ? "" : ", " + warm + (warm == 1 ? " learned request" : " learned requests") + " replayed";
        switch (generation.cause()) {
            case START -> {
                ServerLog.info("Serving " + appName + " on " + url + " (generation " + generation.number() + ": "
                        + pids + "; supervisor pid " + Posix.pid() + ")" + replays);
                databases.banner().forEach(ServerLog::info);
                ServerLog.bareError(ServingLine.LINE); // for the Maven JVM, which does not read the banner in serve
            }
            case RELOAD, BODY_EDIT -> {
                ReloadRequest request = reloads.remove(generation.number());
                ServerLog.info(request.describe(generation.number(), startedMillis, System.currentTimeMillis()) + "; " + pids
                        + ")" + replays);
            }
            case LEARNED -> ServerLog.info("Warmed up: generation " + generation.number() + " serves what the children served"
                    + " (started in " + startedMillis + " ms; " + pids + ")" + replays);
            case REPLACEMENT -> ServerLog.info("Generation " + generation.number() + " serves (started in "
                    + startedMillis + " ms; " + pids + ")" + replays);
        }
    }

    /** Stopping generations past their grace period (and a margin) are killed. */
    private void killOverdue() {
        long now = System.nanoTime();
        for (Map.Entry<Integer, Long> entry : stopDeadlines.entrySet()) {
            if (now - entry.getValue() >= 0) {
                ServerLog.error("lsbaws: generation (parent pid " + entry.getKey() + ") did not stop within its grace period: killed");
                Posix.kill(entry.getKey(), Linux.SIGKILL);
                entry.setValue(Long.MAX_VALUE);
            }
        }
    }

    private int millisToNextDeadline() {
        long next = Long.MAX_VALUE;
        for (long deadline : stopDeadlines.values()) {
            next = Math.min(next, deadline);
        }
        next = Math.min(next, learning.nextDeadline(System.nanoTime()));
        next = Math.min(next, priority.nextDeadline());
        if (next == Long.MAX_VALUE) {
            return -1;
        }
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, (next - System.nanoTime()) / 1_000_000 + 1));
    }
}
