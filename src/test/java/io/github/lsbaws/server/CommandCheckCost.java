package io.github.lsbaws.server;

import io.github.lsbaws.natives.Epoll;
import io.github.lsbaws.natives.Posix;
import io.github.lsbaws.protocol.Signals;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Benchmark, not a test: what the parent's look at its command pipe before each fork costs
 * ({@link ForkingServer}: an {@code epoll_wait} with a zero timeout on the loop's own epoll set,
 * then a scan of what it reported for the command pipe's token), in a JVM with the server's flags
 * (interpreted, the libc binding as the parent calls it), and what it adds to the parent's part
 * of a connection: the look (or none), accept, the fork guard's check, fork, close; the child
 * _exits at once and is reaped outside the part measured. The epoll set is the parent's in the
 * middle of a batch: a signalfd, the birth pipe, the command pipe (empty), the listening socket
 * with a connection queued (ready). Rounds with and without the look alternate, so that a load
 * on the machine weighs on both alike; the figures are the parent thread's CPU time (and wall
 * time) per look or per connection, the minimum and the median over the rounds. Prints, asserts
 * nothing; run by scripts/command-check-cost.sh.
 *
 * <p>usage: CommandCheckCost [ROUNDS=15] [LOOKS=20000] [CONNECTIONS=200]
 */
public final class CommandCheckCost {
    /** The parent's tokens (ForkingServer's). */
    private static final int LISTENER = -1;
    private static final int SIGNALS = -2;
    private static final int BIRTHS = -3;
    private static final int COMMANDS = -4;
    /** The parent's epoll capacity: ForkingServer.ACCEPT_BATCH + 8. */
    private static final int CAPACITY = 16 + 8;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CommandCheckCost() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int looks = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        ForkCost.runAsServerParent(CommandCheckCost.class, Integer.toString(rounds), Integer.toString(looks),
                Integer.toString(connections));
        String loadBefore = loadAverage();
        ForkGuard guard = ForkCost.parentGuard();
        int listener = Posix.listen("127.0.0.1", 0, 64);
        int signals = Posix.signalFd(Signals.HANDLED);
        int[] births = Posix.nonBlockingPipe();
        int[] commands = Posix.pipe();
        Epoll epoll = new Epoll(CAPACITY);
        epoll.add(signals, SIGNALS);
        epoll.add(births[0], BIRTHS);
        epoll.add(commands[0], COMMANDS);
        epoll.add(listener, LISTENER);
        int queued = Posix.connect(Posix.localAddress(listener)); // never accepted: the listener stays ready

        long[] lookCpu = new long[rounds];
        long[] lookWall = new long[rounds];
        long[] withCpu = new long[rounds];
        long[] withWall = new long[rounds];
        long[] withoutCpu = new long[rounds];
        long[] withoutWall = new long[rounds];
        for (int round = -1; round < rounds; round++) { // round -1 links and warms what the others measure
            int kept = Math.max(round, 0);
            long cpu = THREADS.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            for (int i = 0; i < looks; i++) {
                if (commandsWaiting(epoll)) {
                    throw new IllegalStateException("the command pipe is empty, yet reported");
                }
            }
            lookCpu[kept] = (THREADS.getCurrentThreadCpuTime() - cpu) / looks;
            lookWall[kept] = (System.nanoTime() - wall) / looks;
            long[] without = connections(listener, epoll, guard, connections, false);
            long[] with = connections(listener, epoll, guard, connections, true);
            withoutCpu[kept] = without[0];
            withoutWall[kept] = without[1];
            withCpu[kept] = with[0];
            withWall[kept] = with[1];
        }
        Posix.close(queued);

        System.out.printf("JDK %s, %d rounds; /proc/loadavg before: %s, after: %s%n", Runtime.version(), rounds, loadBefore,
                loadAverage());
        System.out.printf("the look alone (%d a round): CPU min %.2f us, median %.2f us; wall min %.2f us, median %.2f us%n",
                looks, min(lookCpu) / 1e3, median(lookCpu) / 1e3, min(lookWall) / 1e3, median(lookWall) / 1e3);
        System.out.printf("the parent's part of a connection (%d a round), without the look: CPU min %.1f us, median %.1f us;"
                + " wall min %.1f us, median %.1f us%n", connections, min(withoutCpu) / 1e3, median(withoutCpu) / 1e3,
                min(withoutWall) / 1e3, median(withoutWall) / 1e3);
        System.out.printf("the parent's part of a connection (%d a round), with the look:    CPU min %.1f us, median %.1f us;"
                + " wall min %.1f us, median %.1f us%n", connections, min(withCpu) / 1e3, median(withCpu) / 1e3,
                min(withWall) / 1e3, median(withWall) / 1e3);
        long[] added = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            added[i] = withCpu[i] - withoutCpu[i];
        }
        System.out.printf("the look's share of a connection: CPU median of the rounds' differences %.1f us (%.1f%%)%n",
                median(added) / 1e3, 100.0 * median(added) / median(withoutCpu));
    }

    /** What ForkingServer.commandsWaiting does: one wait without blocking, the command pipe's token looked for. */
    private static boolean commandsWaiting(Epoll epoll) throws Exception {
        int ready = epoll.wait(0);
        for (int i = 0; i < ready; i++) {
            if (epoll.token(i) == COMMANDS) {
                return true;
            }
        }
        return false;
    }

    /**
     * The parent's part of count connections, with or without the look first: returns the CPU
     * and wall nanoseconds per connection.
     */
    private static long[] connections(int listener, Epoll epoll, ForkGuard guard, int count, boolean look) throws Exception {
        long cpu = 0;
        long wall = 0;
        for (int i = 0; i < count; i++) {
            int client = Posix.connect(Posix.localAddress(listener));
            long cpuBefore = THREADS.getCurrentThreadCpuTime();
            long wallBefore = System.nanoTime();
            if (look && commandsWaiting(epoll)) {
                throw new IllegalStateException("the command pipe is empty, yet reported");
            }
            int connection = Posix.accept(listener);
            String unsafe = guard.checkBeforeFork();
            if (unsafe != null) {
                throw new IllegalStateException(unsafe);
            }
            int pid = Posix.fork();
            if (pid == 0) {
                Posix.exitImmediately(0);
            }
            Posix.close(connection);
            cpu += THREADS.getCurrentThreadCpuTime() - cpuBefore;
            wall += System.nanoTime() - wallBefore;
            Posix.close(client);
            while (Posix.reapOne() == null) {
                Thread.onSpinWait();
            }
        }
        return new long[] {cpu / count, wall / count};
    }

    private static String loadAverage() throws Exception {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }

    private static long min(long[] values) {
        return Arrays.stream(values).min().orElseThrow();
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(sorted.length - 1) / 2];
    }
}
