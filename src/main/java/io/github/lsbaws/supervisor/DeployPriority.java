package io.github.lsbaws.supervisor;

import io.github.lsbaws.natives.ErrnoException;
import io.github.lsbaws.natives.Linux;
import io.github.lsbaws.natives.Posix;
import io.github.lsbaws.server.ServerLog;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * On request ({@code -Dlsbaws.deployNice=N}, 1 to 19, in {@code lsbaws.jvmArgs}), keeps a
 * generation that deploys from taking the processors from the children that serve: a server JVM
 * started while another generation serves (a standby, a reload's, a learned one's) runs at a
 * lower CPU weight until it has deployed, then at the normal one. Off by default: the weight is
 * lowered against every other process of the machine too, so a busy machine (a build beside it)
 * starves the deployment the user waits for, while the children's gain did not show
 * (docs/performance.md).
 *
 * <p>A thread's own priority cannot do it for a user without privileges: a nice value raised
 * cannot be lowered again (RLIMIT_NICE is 0), SCHED_IDLE cannot be left, SCHED_BATCH changes no
 * weight, and children inherit the forking thread's values. Every server JVM has a session of its
 * own, hence a scheduler autogroup of its own, whose nice value any user may set between 0 and 19
 * both ways ({@link Posix#setAutogroupNice}): N for the whole JVM while it deploys, 0 once it is
 * prepared, before it forks a child. The kernel takes one change every 100 ms from unprivileged
 * processes, so a refused change is tried again from the supervisor's loop.
 *
 * <p>Autogroups weigh sessions only where the process is in the root cgroup of the CPU
 * controller; elsewhere (a container's or a systemd unit's own cgroup) the change is accepted
 * and has no effect.
 */
final class DeployPriority {
    /** The deploying JVM's autogroup nice value by default: 0, as the serving one's. */
    static final int DEFAULT_DEPLOYING = 0;
    static final int SERVING = 0;
    /** The kernel's interval between two changes by unprivileged processes (anyone's). */
    private static final long KERNEL_INTERVAL_NANOS = 100_000_000;
    private static final long RETRY_NANOS = 25_000_000;

    private final int deployingNice;
    private boolean enabled;
    /** Generations set to {@link #DEPLOYING}, by pid. */
    private final Set<Integer> lowered = new HashSet<>();
    /** Changes the kernel refused for now (EAGAIN): pid to nice value. */
    private final Map<Integer, Integer> pending = new LinkedHashMap<>();
    private long nextAttemptNanos;

    /** @param deployingNice the autogroup nice value while deploying, 1 to 19; 0 leaves deployments as they are */
    DeployPriority(int deployingNice) {
        if (deployingNice < 0 || deployingNice > 19) {
            throw new IllegalArgumentException("lsbaws.deployNice must be 0 (off) to 19, not " + deployingNice);
        }
        this.deployingNice = deployingNice;
        this.enabled = deployingNice > 0;
    }

    static DeployPriority fromSystemProperties() {
        return new DeployPriority(Integer.getInteger("lsbaws.deployNice", DEFAULT_DEPLOYING));
    }

    /** A server JVM just started while another generation serves: it deploys at the lower weight. */
    void deploying(int pid) {
        if (enabled) {
            lowered.add(pid);
            set(pid, deployingNice, System.nanoTime());
        }
    }

    /** The generation has deployed (or serves now): the normal weight, before its first child. */
    void deployed(int pid) {
        if (lowered.remove(pid)) {
            set(pid, SERVING, System.nanoTime());
        }
    }

    /** The process ended. */
    void ended(int pid) {
        lowered.remove(pid);
        pending.remove(pid);
    }

    /** The changes refused earlier, tried again once their time has come. */
    void retry(long nowNanos) {
        if (pending.isEmpty() || nowNanos - nextAttemptNanos < 0) {
            return;
        }
        Iterator<Map.Entry<Integer, Integer>> changes = pending.entrySet().iterator();
        Map.Entry<Integer, Integer> change = changes.next();
        changes.remove();
        attempt(change.getKey(), change.getValue(), nowNanos);
    }

    /** When {@link #retry} has something to do (nanoTime), or Long.MAX_VALUE. */
    long nextDeadline() {
        return pending.isEmpty() ? Long.MAX_VALUE : nextAttemptNanos;
    }

    private void set(int pid, int nice, long nowNanos) {
        pending.remove(pid);
        if (!pending.isEmpty() || nowNanos - nextAttemptNanos < 0) {
            pending.put(pid, nice); // after the ones waiting
        } else {
            attempt(pid, nice, nowNanos);
        }
    }

    private void attempt(int pid, int nice, long nowNanos) {
        try {
            if (Posix.sessionOf(pid) != pid) { // just forked: still in the supervisor's session and autogroup
                pending.put(pid, nice);
                nextAttemptNanos = nowNanos + RETRY_NANOS;
                return;
            }
            Posix.setAutogroupNice(pid, nice);
            nextAttemptNanos = nowNanos + KERNEL_INTERVAL_NANOS;
        } catch (ErrnoException e) {
            if (e.errno() == Linux.EAGAIN) {
                pending.put(pid, nice);
                nextAttemptNanos = nowNanos + RETRY_NANOS;
            } else if (e.errno() != Linux.ESRCH) { // ESRCH: it ended meanwhile, reaped later
                disable(e);
            }
        }
    }

    /** No autogroups (ENOENT), or changes refused for good: deployments compete as before. */
    private void disable(ErrnoException e) {
        enabled = false;
        lowered.clear();
        pending.clear();
        if (e.errno() != Linux.ENOENT) {
            ServerLog.error("lsbaws: a deploying generation keeps the normal CPU priority (" + e.getMessage() + ")");
        }
    }
}
