package io.github.lsbaws.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lsbaws.natives.ExitStatus;
import io.github.lsbaws.natives.Linux;
import io.github.lsbaws.protocol.Signals;
import io.github.lsbaws.supervisor.HandOver.Action;
import io.github.lsbaws.supervisor.HandOver.Announce;
import io.github.lsbaws.supervisor.HandOver.Cause;
import io.github.lsbaws.supervisor.HandOver.Exit;
import io.github.lsbaws.supervisor.HandOver.Fail;
import io.github.lsbaws.supervisor.HandOver.Redefine;
import io.github.lsbaws.supervisor.HandOver.Redefined;
import io.github.lsbaws.supervisor.HandOver.Signal;
import io.github.lsbaws.supervisor.HandOver.Spawn;
import io.github.lsbaws.supervisor.HandOver.State;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The supervisor's decisions, event by event: which generation serves, starts, drains or is stopped. */
class HandOverTest {
    private final HandOver handOver = new HandOver();
    private int nextPid = 100;

    /** Carries out the spawns among actions as the supervisor would; returns the new pids in order. */
    private List<Integer> spawn(List<Action> actions) {
        return actions.stream().filter(a -> a instanceof Spawn).map(a -> {
            Spawn spawn = (Spawn) a;
            int pid = nextPid++;
            handOver.spawned(spawn.number(), pid, spawn.cause(), 0);
            return pid;
        }).toList();
    }

    private static ExitStatus exited(int pid, int code) {
        return new ExitStatus(pid, code << 8);
    }

    private static ExitStatus killed(int pid, int signal) {
        return new ExitStatus(pid, signal);
    }

    /** The first generation started and serving; returns its pid. */
    private int serving() {
        List<Action> start = handOver.start();
        assertEquals(List.of(new Spawn(1, Cause.START)), start);
        int pid = spawn(start).get(0);
        List<Action> prepared = handOver.prepared(pid);
        assertEquals(2, prepared.size());
        assertEquals(new Signal(pid, Signals.ACCEPT), prepared.get(0), "nothing to take over from: it accepts at once");
        assertTrue(prepared.get(1) instanceof Announce announce && announce.replaced() == null);
        return pid;
    }

    /** The generation spawning asks for is started and fails before it is prepared. */
    private void failToStart(List<Action> spawning) {
        handOver.exited(exited(spawn(spawning).get(0), 3));
    }

    /** A reload carried through; returns the new generation's pid. */
    private int reloaded(int old) {
        int pid = spawn(handOver.renew(Cause.RELOAD)).get(0);
        handOver.prepared(pid);
        handOver.stoppedAccepting(old);
        return pid;
    }

    @Test
    void aReloadStartsANewGenerationWhileTheOldServesAndNeverLetsTwoAccept() {
        int first = serving();
        List<Action> reload = handOver.renew(Cause.RELOAD);
        assertEquals(List.of(new Spawn(2, Cause.RELOAD)), reload);
        int second = spawn(reload).get(0);
        assertEquals(State.SERVING, handOver.state(first), "the old one serves until the new one is prepared");
        assertEquals(State.STARTING, handOver.state(second));

        assertEquals(List.of(new Signal(first, Signals.RETIRE)), handOver.prepared(second),
                "prepared: the old one is told to stop accepting, the new one does not accept yet");
        assertEquals(State.PREPARED, handOver.state(second));
        assertEquals(first, handOver.serving().pid());

        List<Action> takeOver = handOver.stoppedAccepting(first);
        assertEquals(new Signal(second, Signals.ACCEPT), takeOver.get(0), "only now does the new one accept");
        Announce announce = (Announce) takeOver.get(1);
        assertEquals(second, announce.generation().pid());
        assertEquals(first, announce.replaced().pid());
        assertEquals(State.DRAINING, handOver.state(first));
        assertEquals(second, handOver.serving().pid());

        assertEquals(List.of(), handOver.exited(exited(first, 0)), "a retired generation leaves quietly");
        assertNull(handOver.state(first));
    }

    @Test
    void anOldGenerationThatDiesInsteadOfConfirmingIsTakenOverAllTheSame() {
        int first = serving();
        int second = spawn(handOver.renew(Cause.RELOAD)).get(0);
        handOver.prepared(second);
        List<Action> takeOver = handOver.exited(killed(first, Linux.SIGKILL));
        assertEquals(new Signal(second, Signals.ACCEPT), takeOver.get(0));
        assertEquals(second, handOver.serving().pid());
    }

    @Test
    void aReloadDuringAHandOverWaitsForIt() {
        int first = serving();
        int second = spawn(handOver.renew(Cause.RELOAD)).get(0);
        handOver.prepared(second);
        assertEquals(List.of(), handOver.renew(Cause.RELOAD), "the old one is already retiring: the prepared one must take over");
        List<Action> takeOver = handOver.stoppedAccepting(first);
        assertEquals(new Spawn(3, Cause.RELOAD), takeOver.get(takeOver.size() - 1), "then the newest code follows");
    }

    @Test
    void aGenerationThatFailsToStartLeavesTheLastGoodOneServing() {
        int first = serving();
        int second = spawn(handOver.renew(Cause.RELOAD)).get(0);
        List<Action> failed = handOver.exited(exited(second, 3));
        assertEquals(1, failed.size());
        assertTrue(((Fail) failed.get(0)).message().contains("generation 1 keeps serving"), failed.toString());
        assertEquals(first, handOver.serving().pid());
        assertEquals(List.of(new Spawn(3, Cause.RELOAD)), handOver.renew(Cause.RELOAD), "the next change tries again");
    }

    @Test
    void aFirstGenerationThatCannotStartEndsTheServerWithItsStatus() {
        int first = spawn(handOver.start()).get(0);
        assertEquals(List.of(new Exit(3)), handOver.exited(exited(first, 3)));
        assertTrue(handOver.stopping());
    }

    @Test
    void aReloadReplacesAGenerationStillStarting() {
        serving();
        int second = spawn(handOver.renew(Cause.RELOAD)).get(0);
        List<Action> again = handOver.renew(Cause.RELOAD);
        assertEquals(List.of(new Signal(second, Linux.SIGKILL), new Spawn(3, Cause.RELOAD)), again);
        int third = spawn(again).get(0);
        assertEquals(List.of(), handOver.prepared(second), "an abandoned generation's readiness changes nothing");
        assertEquals(List.of(), handOver.exited(killed(second, Linux.SIGKILL)), "nor its death");
        int first = handOver.serving().pid();
        assertEquals(List.of(new Signal(first, Signals.RETIRE)), handOver.prepared(third));
        assertEquals(third, ((Announce) handOver.stoppedAccepting(first).get(1)).generation().pid());
    }

    @Test
    void learningWaitsForAGenerationStartingAndFollowsIt() {
        int first = serving();
        int second = spawn(handOver.renew(Cause.RELOAD)).get(0);
        assertEquals(List.of(), handOver.renew(Cause.LEARNED));
        handOver.prepared(second);
        List<Action> takeOver = handOver.stoppedAccepting(first);
        assertEquals(new Spawn(3, Cause.LEARNED), takeOver.get(takeOver.size() - 1));
    }

    @Test
    void aServingGenerationLostIsReplaced() {
        int first = serving();
        List<Action> lost = handOver.exited(killed(first, Linux.SIGKILL));
        assertTrue(lost.get(0) instanceof Fail);
        assertEquals(new Spawn(2, Cause.REPLACEMENT), lost.get(1));
        int second = spawn(lost).get(0);
        assertEquals(List.of(new Exit(1)), handOver.exited(exited(second, 1)), "nothing left to serve: the server ends");
    }

    @Test
    void stoppingSendsTheSignalOnKillsWhatStartsAndExitsWhenAllAreGone() {
        int first = serving();
        int second = reloaded(first);
        int third = spawn(handOver.renew(Cause.RELOAD)).get(0);
        assertEquals(List.of(new Signal(second, Linux.SIGINT), new Signal(third, Linux.SIGKILL)), handOver.stop(Linux.SIGINT),
                "the draining one finishes its requests as it was doing; the one starting is killed");
        assertEquals(List.of(), handOver.renew(Cause.RELOAD), "no reload while stopping");
        assertEquals(List.of(new Signal(first, Linux.SIGINT), new Signal(second, Linux.SIGINT)), handOver.stop(Linux.SIGINT),
                "a second Ctrl-C reaches the generations again: they kill their children at once");
        assertEquals(List.of(), handOver.exited(killed(third, Linux.SIGKILL)));
        assertEquals(List.of(), handOver.exited(exited(first, 0)));
        assertEquals(List.of(new Exit(0)), handOver.exited(exited(second, 0)));
    }

    @Test
    void aGenerationThatForgotWhatFailedItIsStartedAgainTheFirstToo() {
        int first = spawn(handOver.start()).get(0);
        List<Action> retry = handOver.exitedToRetry(killed(first, Linux.SIGKILL));
        assertEquals(List.of(new Spawn(2, Cause.START)), retry, "not the end of the server: it starts without the request");
        int second = spawn(retry).get(0);
        assertEquals(new Signal(second, Signals.ACCEPT), handOver.prepared(second).get(0));
        int learned = spawn(handOver.renew(Cause.LEARNED)).get(0);
        assertEquals(List.of(new Spawn(4, Cause.LEARNED)), handOver.exitedToRetry(exited(learned, 4)));
    }

    @Test
    void aSecondTermDoesNotRepeatItself() {
        int first = serving();
        assertEquals(List.of(new Signal(first, Linux.SIGTERM)), handOver.stop(Linux.SIGTERM));
        assertEquals(List.of(), handOver.stop(Linux.SIGTERM));
    }

    @Test
    void aBodyEditIsRedefinedByTheServingGenerationWithoutANewOne() {
        int first = serving();
        List<Action> redefine = handOver.redefine();
        assertEquals(1, redefine.size());
        assertTrue(redefine.get(0) instanceof Redefine r && r.generation().pid() == first, "asked of the serving one: " + redefine);
        assertEquals(List.of(), handOver.redefined(first + 1), "an answer from another process is not this one's");
        List<Action> done = handOver.redefined(first);
        assertTrue(done.size() == 1 && done.get(0) instanceof Redefined r && r.generation().number() == 1, "said: " + done);
        assertEquals(State.SERVING, handOver.state(first));
        assertEquals(List.of(), handOver.redefined(first), "one answer per request");
        assertTrue(handOver.redefine().get(0) instanceof Redefine, "the next body edit too");
    }

    @Test
    void aRefusedRedefinitionFallsBackToANewGenerationAndSaysWhy() {
        int first = serving();
        handOver.redefine();
        List<Action> refused = handOver.redefineRefused(first, "UnsupportedOperationException: class redefinition failed");
        assertEquals(2, refused.size());
        assertTrue(refused.get(0) instanceof Fail fail && fail.message().contains("could not redefine")
                && fail.message().contains("UnsupportedOperationException"), "why, on one line: " + refused);
        assertEquals(new Spawn(2, Cause.RELOAD), refused.get(1));
        int second = spawn(refused).get(0);
        assertEquals(List.of(new Signal(first, Signals.RETIRE)), handOver.prepared(second));
    }

    @Test
    void aBodyEditWhileAGenerationStartsGoesToANewGeneration() {
        int first = serving();
        int learned = spawn(handOver.renew(Cause.LEARNED)).get(0);
        List<Action> edit = handOver.redefine();
        assertEquals(List.of(new Signal(learned, Linux.SIGKILL), new Spawn(3, Cause.BODY_EDIT)), edit,
                "the starting one may have loaded the classes before the edit: it is replaced, the serving one left as it is");
        assertTrue(Cause.BODY_EDIT.keepsData() && Cause.LEARNED.keepsData(),
                "neither the warm-up nor the body edit that replaces it initialises the user's databases again");
        int third = spawn(edit).get(0);
        handOver.prepared(third);
        handOver.stoppedAccepting(first);
        assertEquals(State.SERVING, handOver.state(third));
        assertTrue(handOver.redefine().get(0) instanceof Redefine, "served by one that loaded the last edit: redefinable again");
    }

    @Test
    void aBodyEditAfterAnEditThatFailedToStartGoesToANewGeneration() {
        serving();
        failToStart(handOver.renew(Cause.RELOAD));
        assertEquals(List.of(new Spawn(3, Cause.RELOAD)), handOver.redefine(),
                "the serving generation runs the code before the failed edit: redefining this edit alone would mix both");
    }

    @Test
    void aBodyEditWhileARedefinitionIsUnderWayGoesToANewGeneration() {
        int first = serving();
        handOver.redefine();
        int second = spawn(handOver.redefine()).get(0);
        assertTrue(handOver.redefined(first).get(0) instanceof Redefined, "it still serves: the first edit is said to be served");
        assertEquals(List.of(new Signal(second, Linux.SIGKILL), new Spawn(3, Cause.BODY_EDIT)), handOver.redefine(),
                "a generation is starting: the next edit replaces it, as any reload does, and keeps the data");
    }

    @Test
    void aBodyEditWhileAStructuralEditStartsInitialisesTheDatabasesAsThatEditWould() {
        serving();
        int structural = spawn(handOver.renew(Cause.RELOAD)).get(0);
        assertEquals(List.of(new Signal(structural, Linux.SIGKILL), new Spawn(3, Cause.RELOAD)), handOver.redefine(),
                "the new generation carries the structural edit too");
        assertFalse(Cause.RELOAD.keepsData());
    }

    @Test
    void aBodyEditAfterABodyEditThatFailedToStartKeepsTheData() {
        int first = serving();
        handOver.redefine();
        List<Action> bodyEdit = handOver.redefine();
        handOver.redefined(first);
        failToStart(bodyEdit);
        assertEquals(List.of(new Spawn(3, Cause.BODY_EDIT)), handOver.redefine(),
                "the serving one missed a body edit: a new generation takes both, and keeps the data");
    }

    @Test
    void aWarmUpThatFailedToStartLeavesTheServingGenerationRedefinable() {
        int first = serving();
        failToStart(handOver.renew(Cause.LEARNED));
        assertEquals(List.of(new Redefine(handOver.serving())), handOver.redefine(),
                "a warm-up carries no edit: the serving generation runs every edit and takes this one");
        assertEquals(first, handOver.serving().pid());
    }

    @Test
    void aBodyEditDuringAWarmUpsHandOverWaitsForItAndKeepsTheData() {
        int first = serving();
        handOver.prepared(spawn(handOver.renew(Cause.LEARNED)).get(0));
        assertEquals(List.of(), handOver.redefine(), "the hand-over has begun: the edit waits for it");
        List<Action> tookOver = handOver.stoppedAccepting(first);
        assertEquals(new Spawn(3, Cause.BODY_EDIT), tookOver.get(tookOver.size() - 1), "then a generation that keeps the data");
    }

    @Test
    void aRefusalWhileANewerGenerationStartsLeavesTheEditToIt() {
        int first = serving();
        handOver.redefine();
        int second = spawn(handOver.redefine()).get(0);
        List<Action> refused = handOver.redefineRefused(first, "VerifyError");
        assertEquals(1, refused.size(), "no second generation: " + refused);
        assertTrue(refused.get(0) instanceof Fail fail && fail.message().contains("generation 2, starting, takes the edit"));
        assertEquals(State.STARTING, handOver.state(second));
    }

    @Test
    void theServingGenerationDyingWhileRedefiningIsReplacedAsAnyOther() {
        int first = serving();
        handOver.redefine();
        List<Action> died = handOver.exited(killed(first, Linux.SIGSEGV));
        assertTrue(died.contains(new Spawn(2, Cause.REPLACEMENT)), "a replacement loads the edited files: " + died);
        assertEquals(List.of(), handOver.redefineRefused(first, "gone"), "its answer no longer counts");
    }

    @Test
    void noRedefinitionWhileStopping() {
        serving();
        handOver.stop(Linux.SIGTERM);
        assertEquals(List.of(), handOver.redefine());
    }
}
