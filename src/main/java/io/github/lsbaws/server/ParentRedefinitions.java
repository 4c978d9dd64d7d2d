package io.github.lsbaws.server;

import io.github.lsbaws.protocol.Redefinition;
import io.github.lsbaws.protocol.Report;
import io.github.lsbaws.redefine.ClassRedefiner;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * The serving parent's side of a redefinition ({@link Redefinition}): a command line from the
 * supervisor, read in the loop between forks, redefines the application's classes, and the
 * answer goes back on the report pipe. Children forked afterwards run the new code.
 */
final class ParentRedefinitions implements Consumer<String> {
    /** Leaves the answer room in one atomic write of the report pipe. */
    private static final int MAX_REASON = 1000;

    private final ClassRedefiner redefiner;
    private final SupervisorChannel supervisor;

    private ParentRedefinitions(ClassRedefiner redefiner, SupervisorChannel supervisor) {
        this.redefiner = redefiner;
        this.supervisor = supervisor;
    }

    /** Takes the supervisor's commands on the command pipe (fd 0, which carried "go N"). */
    static void listen(ForkingServer server, SupervisorChannel supervisor, ClassLoader applicationLoader) throws IOException {
        server.listenForCommands(0, new ParentRedefinitions(ClassRedefiner.forApplication(applicationLoader), supervisor));
    }

    @Override
    public void accept(String line) {
        List<String> classes = Redefinition.classesOf(line);
        if (classes == null) {
            return; // a command of another version
        }
        if (redefiner == null) {
            supervisor.send(Report.REDEFINE_REFUSED, "this server JVM runs without the redefinition agent");
            return;
        }
        ClassRedefiner.Outcome outcome = redefiner.redefine(classes);
        if (outcome.refusal() == null) {
            supervisor.send(Report.REDEFINED, Redefinition.redefined(outcome.classes(), outcome.millis()));
        } else {
            String reason = outcome.refusal();
            supervisor.send(Report.REDEFINE_REFUSED, reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON) + "...");
        }
    }
}
