package io.github.lsbaws.supervisor;

import io.github.lsbaws.natives.ExitStatus;
import io.github.lsbaws.natives.Linux;
import io.github.lsbaws.protocol.Signals;
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
 * {@link State#STARTING} until it reports that it is prepared: application loaded, request
 * paths rehearsed, memory arranged for forking. The generation serving meanwhile goes on
 * serving, so no connection waits for a half-ready server, and one that fails to start leaves
 * the last good one serving. Once the new one is prepared ({@link State#PREPARED}), the old one
 * is told to retire ({@link Signals#RETIRE}); when it reports that it no longer accepts
 * (it then lets its connections finish within the grace period, {@link State#DRAINING}), the
 * new one is told to accept ({@link Signals#ACCEPT}). Two generations never accept at
 * once, so every connection made after the hand-over is announced meets the new code; the few
 * made during it wait in the socket's backlog, which the supervisor holds throughout.
 *
 * <p>An edit that changed method bodies only is first offered to the serving generation, which
 * redefines the classes in its parent between forks ({@link #redefine}); what it refuses, or
 * what it cannot be given (a generation is starting with the files as they were, the serving
 * one missed an edit whose generation failed to start), gets a new generation as above.
 */
final class HandOver {
    enum State { STARTING, PREPARED, SERVING, DRAINING }

    /**
     * Why a generation is started: it decides what its arrival is called in the log, and whether
     * it may initialise the application's databases again.
     */
    enum Cause {
        START,
        /** An edit that changed more than method bodies: initialises the databases again, as a restarted container would. */
        RELOAD,
        LEARNED,
        REPLACEMENT,
        /** An edit of method bodies only that the serving generation could not be given: the data is kept, as by redefinition. */
        BODY_EDIT;

        /** Whether the generation loads code the serving one does not run. */
        boolean edit() {
            return this == RELOAD || this == BODY_EDIT;
        }

        /** Whether the generation deploys the code the serving one runs: its deployment's output would only repeat it. */
        boolean sameCode() {
            return this == LEARNED || this == REPLACEMENT;
        }

        /** Whether the generation must leave the data of the databases an earlier one initialised as they are. */
        boolean keepsData() {
            return this == LEARNED || this == REPLACEMENT || this == BODY_EDIT;
        }
    }

    /** What the supervisor is to do. */
    sealed interface Action permits Spawn, Signal, Announce, Fail, Exit, Redefine, Redefined {}

    /** Start generation number. */
    record Spawn(int number, Cause cause) implements Action {}

    record Signal(int pid, int signal) implements Action {}

    /** A generation now serves: say so (the banner for the first). */
    record Announce(Generation generation, Generation replaced) implements Action {}

    /** Something went wrong that the user must read; the server goes on unless an Exit follows. */
    record Fail(String message) implements Action {}

    record Exit(int status) implements Action {}

    /** Ask the serving generation to redefine the edited classes. */
    record Redefine(Generation generation) implements Action {}

    /** The serving generation runs the edited method bodies: say so. */
    record Redefined(Generation generation) implements Action {}

    /** A generation process. */
    record Generation(int number, int pid, Cause cause, long spawnedNanos) {}

    private final Map<Integer, Generation> generations = new LinkedHashMap<>();
    private final Map<Integer, State> states = new LinkedHashMap<>();
    private int lastNumber;
    private Generation serving;
    /** The generation starting or prepared, or null. */
    private Generation starting;
    private Cause pending;
    private boolean stopping;
    private int stopSignal;
    /** The generation asked to redefine classes that has not answered yet, or null. */
    private Generation redefining;
    /**
     * The cause of the latest generation made for an edit that failed to start after the serving
     * one took over (so the serving one does not run the last edit), or null.
     */
    private Cause missedEdit;

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
     * still starting (it has served nothing and carries older code); learning waits for it, and
     * so does anything once the hand-over to a prepared one has begun.
     */
    List<Action> renew(Cause cause) {
        if (stopping) {
            return List.of();
        }
        if (starting != null) {
            if (!cause.edit() || states.get(starting.pid()) == State.PREPARED) {
                pending = pending == Cause.RELOAD || pending == Cause.BODY_EDIT && cause != Cause.RELOAD ? pending : cause;
                return List.of();
            }
            Generation abandoned = starting;
            starting = null;
            states.put(abandoned.pid(), State.DRAINING);
            return List.of(new Signal(abandoned.pid(), Linux.SIGKILL), new Spawn(++lastNumber, cause));
        }
        return List.of(new Spawn(++lastNumber, cause));
    }

    /**
     * An edit that changed only method bodies: the serving generation redefines the classes.
     * A new generation instead when one is starting (it loaded the files as they were, and takes
     * over after), when the serving one does not run the edits before this one, or while
     * another redefinition is under way. That generation keeps the data, as a redefinition does,
     * unless it also carries an edit of more than method bodies: one starting that it replaces,
     * or one whose generation failed.
     */
    List<Action> redefine() {
        if (stopping) {
            return List.of();
        }
        if (serving == null || starting != null || redefining != null || missedEdit != null) {
            boolean structural = missedEdit == Cause.RELOAD || starting != null && starting.cause() == Cause.RELOAD;
            return renew(structural ? Cause.RELOAD : Cause.BODY_EDIT);
        }
        redefining = serving;
        return List.of(new Redefine(serving));
    }

    /** The generation asked to redefine did so. */
    List<Action> redefined(int pid) {
        if (redefining == null || redefining.pid() != pid) {
            return List.of();
        }
        Generation generation = redefining;
        redefining = null;
        return generation == serving ? List.of(new Redefined(generation)) : List.of(); // replaced meanwhile: nothing to say
    }

    /** The generation asked to redefine refused (the JVM's reason): a new generation takes the edit. */
    List<Action> redefineRefused(int pid, String reason) {
        if (redefining == null || redefining.pid() != pid) {
            return List.of();
        }
        Generation generation = redefining;
        redefining = null;
        String refused = "generation " + generation.number() + " could not redefine the edited classes (" + reason + "): ";
        if (starting != null) { // started after the request, so with the edited files
            return List.of(new Fail(refused + "generation " + starting.number() + ", starting, takes the edit"));
        }
        List<Action> actions = new ArrayList<>();
        actions.add(new Fail(refused + "a new generation takes the edit"));
        actions.addAll(renew(Cause.RELOAD));
        return actions;
    }

    /** The number of the live generation with this pid, or -1. */
    int numberOf(int pid) {
        Generation generation = generations.get(pid);
        return generation == null ? -1 : generation.number();
    }

    /** The generation reported that it is prepared to accept. */
    List<Action> prepared(int pid) {
        Generation generation = generations.get(pid);
        if (generation == null || generation != starting || states.get(pid) != State.STARTING) {
            return List.of(); // abandoned meanwhile: it is being killed
        }
        states.put(pid, State.PREPARED);
        if (stopping) { // prepared just as it was killed for the stop: whichever arrives first ends it
            return List.of(new Signal(pid, stopSignal));
        }
        if (serving == null) {
            return takeOver();
        }
        return List.of(new Signal(serving.pid(), Signals.RETIRE));
    }

    /** The serving generation reported that it no longer accepts: the prepared one takes over. */
    List<Action> stoppedAccepting(int pid) {
        if (serving == null || serving.pid() != pid) {
            return List.of();
        }
        states.put(pid, State.DRAINING);
        return takeOver();
    }

    private List<Action> takeOver() {
        Generation generation = starting;
        if (generation == null || states.get(generation.pid()) != State.PREPARED) {
            return List.of();
        }
        Generation replaced = serving;
        starting = null;
        serving = generation;
        missedEdit = null; // it loaded the files as they were when it started, and every edit since made it wait
        states.put(generation.pid(), State.SERVING);
        List<Action> actions = new ArrayList<>();
        actions.add(new Signal(generation.pid(), Signals.ACCEPT));
        actions.add(new Announce(generation, replaced));
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

    /**
     * A generation that failed to start because of a learned request, which is now forgotten,
     * was reaped: another is started in its place, the first generation too.
     */
    List<Action> exitedToRetry(ExitStatus status) {
        Generation generation = generations.get(status.pid());
        State state = states.get(status.pid());
        if (generation == null || (state != State.STARTING && state != State.PREPARED) || stopping) {
            return exited(status);
        }
        generations.remove(status.pid());
        states.remove(status.pid());
        starting = null;
        return List.of(new Spawn(++lastNumber, generation.cause()));
    }

    /** The generation with this pid was reaped. */
    List<Action> exited(ExitStatus status) {
        Generation generation = generations.remove(status.pid());
        State state = states.remove(status.pid());
        if (generation == null) {
            return List.of();
        }
        List<Action> actions = new ArrayList<>();
        if (redefining == generation) {
            redefining = null; // its answer will not come
        }
        if (state == State.STARTING || state == State.PREPARED) {
            starting = null;
            if (stopping) {
                // asked to stop while starting: nothing to report
            } else if (serving != null) {
                if (generation.cause().edit()) { // a warm-up that failed carried no edit: the serving one is current
                    missedEdit = missedEdit == Cause.RELOAD ? missedEdit : generation.cause();
                }
                actions.add(new Fail("Generation " + generation.number() + " failed to start (" + status.describe()
                        + "); generation " + serving.number() + " keeps serving the last good code."));
                actions.addAll(startPending());
            } else {
                stopping = true;
                actions.add(new Exit(status.normal() ? 1 : status.exited() ? status.exitCode() : 128 + status.signal()));
                return actions;
            }
        } else if (state == State.SERVING) {
            boolean handingOver = starting != null && states.get(starting.pid()) == State.PREPARED;
            serving = null;
            if (handingOver) {
                actions.addAll(takeOver()); // it died instead of confirming: the prepared one takes over all the same
            } else if (!stopping) {
                actions.add(new Fail("Generation " + generation.number() + " (parent pid " + generation.pid()
                        + ") ended unexpectedly (" + status.describe() + "); starting another."));
                if (starting == null) {
                    actions.add(new Spawn(++lastNumber, Cause.REPLACEMENT));
                }
            }
        }
        if (stopping && generations.isEmpty()) {
            actions.add(new Exit(0));
        }
        return actions;
    }

    /**
     * SIGTERM, SIGINT or the end of standard input: every generation is told to stop with the
     * same signal (SIGTERM for the end of input), one starting is killed. A second SIGINT is
     * passed on too: a generation already stopping then kills its children at once.
     */
    List<Action> stop(int signal) {
        List<Action> actions = new ArrayList<>();
        boolean again = stopping;
        stopping = true;
        stopSignal = signal;
        for (Map.Entry<Integer, State> entry : states.entrySet()) {
            int pid = entry.getKey();
            State state = entry.getValue();
            if (state == State.STARTING || state == State.PREPARED) {
                if (!again) {
                    actions.add(new Signal(pid, Linux.SIGKILL));
                }
            } else if (again ? signal == Linux.SIGINT : state == State.SERVING) { // a draining one is finishing already
                actions.add(new Signal(pid, signal));
            }
        }
        if (generations.isEmpty()) {
            actions.add(new Exit(0));
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

    State state(int pid) {
        return states.get(pid);
    }
}
