package io.github.lsbaws.supervisor;

import io.github.lsbaws.natives.ExitStatus;
import io.github.lsbaws.natives.Linux;
import io.github.lsbaws.server.ForkingServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which generation serves, which starts and which drains, and what to do when one of them
 * changes: the supervisor's decisions, without any I/O, so that every hand-over can be tested
 * as a sequence of events. Each event returns the actions to carry out in order.
 *
 * <p>A generation is a server parent of its own, started with the current classes. It is
 * {@link State#STARTING} until it reports that it accepts connections; then it is {@link
 * State#SERVING} and the one that served before is told to retire ({@link ForkingServer#RETIRE}: it
 * stops accepting, lets its connections finish within the grace period and exits), {@link
 * State#DRAINING}. Until
 * the new one is ready the old one goes on serving, so no connection waits for a half-ready
 * server, and one that fails to start leaves the last good one serving.
 */
final class HandOver {
    enum State { STARTING, SERVING, DRAINING }

    /** Why a generation is started: it decides what its arrival is called in the log. */
    enum Cause { START, RELOAD, LEARNED, REPLACEMENT }

    /** What the supervisor is to do. */
    sealed interface Action permits Spawn, Signal, Announce, Fail, Exit {}

    /** Start generation number. */
    record Spawn(int number, Cause cause) implements Action {}

    record Signal(int pid, int signal) implements Action {}

    /** A generation now serves: say so (the banner for the first). */
    record Announce(Generation generation, Generation replaced) implements Action {}

    /** Something went wrong that the user must read; the server goes on unless an Exit follows. */
    record Fail(String message) implements Action {}

    record Exit(int status) implements Action {}

    /** A generation process. */
    record Generation(int number, int pid, Cause cause, long spawnedNanos) {}

    private final Map<Integer, Generation> generations = new LinkedHashMap<>();
    private final Map<Integer, State> states = new LinkedHashMap<>();
    private int lastNumber;
    private Generation serving;
    private Generation starting;
    private Cause pending;
    private boolean stopping;
    private int stopSignal;
    private int exitStatus;

    /** The first generation. */
    List<Action> start() {
        return List.of(new Spawn(++lastNumber, Cause.START));
    }

    /** Spawn(number) was carried out: the process is pid. */
    void spawned(int number, int pid, Cause cause, long nowNanos) {
        Generation generation = new Generation(number, pid, cause, nowNanos);
        generations.put(pid, generation);
        states.put(pid, State.STARTING);
        starting = generation;
    }

    /**
     * New code, or learned requests to replay: a new generation. A reload replaces a generation
     * still starting (it has served nothing and carries older code); learning waits for it.
     */
    List<Action> renew(Cause cause) {
        if (stopping) {
            return List.of();
        }
        if (starting != null) {
            if (cause != Cause.RELOAD) {
                pending = pending == null ? cause : pending;
                return List.of();
            }
            Generation abandoned = starting;
            starting = null;
            states.put(abandoned.pid(), State.DRAINING);
            return List.of(new Signal(abandoned.pid(), Linux.SIGKILL), new Spawn(++lastNumber, cause));
        }
        return List.of(new Spawn(++lastNumber, cause));
    }

    /** The generation reported that it accepts connections. */
    List<Action> ready(int pid) {
        Generation generation = generations.get(pid);
        if (generation == null || generation != starting) {
            return List.of(); // abandoned meanwhile: it is being killed
        }
        starting = null;
        states.put(pid, State.SERVING);
        Generation replaced = serving;
        serving = generation;
        List<Action> actions = new ArrayList<>();
        if (stopping) { // ready just as it was killed for the stop: whichever arrives first ends it
            actions.add(new Signal(pid, stopSignal));
            states.put(pid, State.DRAINING);
            serving = null;
            return actions;
        }
        actions.add(new Announce(generation, replaced));
        if (replaced != null) {
            states.put(replaced.pid(), State.DRAINING);
            actions.add(new Signal(replaced.pid(), ForkingServer.RETIRE));
        }
        actions.addAll(startPending());
        return actions;
    }

    private List<Action> startPending() {
        if (pending == null) {
            return List.of();
        }
        Cause cause = pending;
        pending = null;
        return renew(cause);
    }

    /** The generation with this pid was reaped. */
    List<Action> exited(ExitStatus status) {
        Generation generation = generations.remove(status.pid());
        State state = states.remove(status.pid());
        if (generation == null) {
            return List.of();
        }
        List<Action> actions = new ArrayList<>();
        if (state == State.STARTING) {
            starting = null;
            if (stopping) {
                // nothing to report: it was asked to stop while starting
            } else if (serving != null) {
                actions.add(new Fail("Generation " + generation.number() + " failed to start (" + status.describe()
                        + "); generation " + serving.number() + " keeps serving the last good code."));
                actions.addAll(startPending());
            } else {
                actions.add(new Exit(status.normal() ? 1 : status.exited() ? status.exitCode() : 128 + status.signal()));
                stopping = true;
                return actions;
            }
        } else if (state == State.SERVING) {
            serving = null;
            if (!stopping) {
                actions.add(new Fail("Generation " + generation.number() + " (parent pid " + generation.pid()
                        + ") ended unexpectedly (" + status.describe() + "); starting another."));
                actions.addAll(renewAfterLoss());
            }
        }
        if (stopping && generations.isEmpty()) {
            actions.add(new Exit(exitStatus));
        }
        return actions;
    }

    /** The serving generation is gone: a replacement, unless one is starting already. */
    private List<Action> renewAfterLoss() {
        if (starting != null) {
            return List.of();
        }
        return List.of(new Spawn(++lastNumber, Cause.REPLACEMENT));
    }

    /**
     * SIGTERM, SIGINT or the end of standard input: every generation is told to stop with the
     * same signal (SIGTERM for the end of input), a starting one is killed. A second SIGINT is
     * passed on too: a generation already stopping then kills its children at once.
     */
    List<Action> stop(int signal) {
        List<Action> actions = new ArrayList<>();
        boolean again = stopping;
        stopping = true;
        stopSignal = signal;
        for (Map.Entry<Integer, State> entry : states.entrySet()) {
            int pid = entry.getKey();
            if (entry.getValue() == State.STARTING) {
                if (!again) {
                    actions.add(new Signal(pid, Linux.SIGKILL));
                }
            } else if (!again || signal == Linux.SIGINT) {
                actions.add(new Signal(pid, signal));
            }
        }
        if (generations.isEmpty()) {
            actions.add(new Exit(exitStatus));
        }
        return actions;
    }

    boolean stopping() {
        return stopping;
    }

    /** The generation serving now, or null. */
    Generation serving() {
        return serving;
    }

    /** The generation starting now, or null. */
    Generation starting() {
        return starting;
    }

    State state(int pid) {
        return states.get(pid);
    }
}
