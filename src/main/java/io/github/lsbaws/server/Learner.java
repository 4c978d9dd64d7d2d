package io.github.lsbaws.server;

import io.github.lsbaws.http.Request;
import io.github.lsbaws.learning.LearnedRequest;
import io.github.lsbaws.protocol.Report;
import java.util.Set;

/**
 * In a child, after each response: a request the server may learn (GET or HEAD, answered 2xx or
 * 3xx, nothing like a secret in its target: {@link LearnedRequest#learnable}) whose method and path its parent has not served itself is told to the supervisor, which
 * then starts a generation that replays it before forking ({@link Report#LEARNED}).
 */
final class Learner {
    private final Set<String> known;
    private final SupervisorChannel supervisor;

    /**
     * @param known the keys of the requests the parent replayed or warmed up ({@link LearnedRequest#key})
     * @param supervisor where to tell of the others; null: learning is off
     */
    Learner(Set<String> known, SupervisorChannel supervisor) {
        this.known = known;
        this.supervisor = supervisor;
    }

    /** A learner that tells nobody, for rehearsals of a child's work: the same code runs, without the last write. */
    static Learner rehearsal() {
        return new Learner(Set.of(), new SupervisorChannel(-1));
    }

    void served(Request request, int status) {
        if (supervisor == null || status < 200 || status >= 400) {
            return;
        }
        String target = request.query().isEmpty() ? request.path() : request.path() + "?" + request.query();
        if (!known.contains(LearnedRequest.key(request.method(), target))
                && LearnedRequest.learnable(request.method(), target)) {
            supervisor.send(Report.LEARNED, LearnedRequest.of(request.method(), target, request.headers()).encode());
        }
    }
}
