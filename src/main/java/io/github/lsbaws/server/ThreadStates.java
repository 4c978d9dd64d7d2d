package io.github.lsbaws.server;

import io.github.lsbaws.natives.Posix;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The scheduler states of this process's other threads (the JVM's own, and the application's a
 * child goes on without), read from
 * /proc/self/task/TID/stat through descriptors opened once, so that checking before every fork
 * costs one pread per thread and no allocation. A thread that is running or runnable may be
 * inside a critical section: a fork then copies its lock, held, into the child (seen: the VM's
 * periodic task thread holding ThreadCritical while pruning its chunk pool, children then stuck
 * in ChunkPool::allocate).
 */
final class ThreadStates {
    private final int[] others;
    /** The names (thread ids) of the tasks read. */
    private final Set<String> tasks = new HashSet<>();
    /** /proc/self/task/TID/schedstat of the application's threads (tasks the JVM did not have), -1 if unreadable. */
    private final int[] applicationSchedStats;
    /** How many times each has been put on a processor, when last read. */
    private final long[] timesRun;
    /**
     * The start of a stat line: "pid (comm) S ...". The kernel keeps comm to 15 bytes and prints
     * only numbers after the state, so the state follows the last ')' among the first 64 bytes.
     */
    private final byte[] buffer = new byte[64];

    /** The threads of the process now; those not among jvmTasks are the application's (null: all are the JVM's). */
    ThreadStates(Set<String> jvmTasks) throws IOException {
        String self = Integer.toString(Posix.threadId());
        List<Integer> fds = new ArrayList<>();
        List<Integer> schedStats = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : entries) {
                String tid = task.getFileName().toString();
                if (!tid.equals(self)) {
                    tasks.add(tid);
                    fds.add(Posix.openForReading(task.resolve("stat").toString()));
                    if (jvmTasks != null && !jvmTasks.contains(tid)) {
                        schedStats.add(openIfThere(task.resolve("schedstat")));
                    }
                }
            }
        }
        others = fds.stream().mapToInt(Integer::intValue).toArray();
        applicationSchedStats = schedStats.stream().mapToInt(Integer::intValue).toArray();
        timesRun = new long[applicationSchedStats.length];
        applicationThreadsRan();
    }

    /** schedstat is there when the kernel keeps scheduler statistics (CONFIG_SCHED_INFO). */
    private static int openIfThere(Path file) {
        try {
            return Posix.openForReading(file.toString());
        } catch (IOException e) {
            return -1;
        }
    }

    /** The thread ids of the threads read. */
    Set<String> tasks() {
        return tasks;
    }

    /**
     * Whether one of the application's threads has been on a processor since the last call: it
     * may have taken a lock and gone to sleep again holding it, so it is to be judged again.
     */
    boolean applicationThreadsRan() {
        boolean ran = false;
        for (int i = 0; i < applicationSchedStats.length; i++) {
            long count = timesRun(applicationSchedStats[i]);
            if (count != timesRun[i]) {
                timesRun[i] = count;
                ran = true;
            }
        }
        return ran;
    }

    /** The third number of a schedstat line, "run_time wait_time timeslices"; -1 if gone or unreadable. */
    private long timesRun(int schedStat) {
        int n = schedStat < 0 ? -1 : Posix.readAt(schedStat, buffer, buffer.length, 0);
        int field = 0;
        long value = 0;
        for (int i = 0; i < n; i++) {
            byte b = buffer[i];
            if (b == ' ') {
                field++;
            } else if (field == 2 && b >= '0' && b <= '9') {
                value = value * 10 + (b - '0');
            } else if (field == 2) {
                break;
            }
        }
        return field == 2 ? value : -1;
    }

    /** Whether every other thread is asleep (S): none can be half-way through a critical section. */
    boolean othersAsleep() {
        for (int stat : others) {
            int n = Posix.readAt(stat, buffer, buffer.length, 0);
            if (n > 0 && state(n) != 'S') { // n <= 0: the thread has exited and holds nothing
                return false;
            }
        }
        return true;
    }

    /** Closes the descriptors, before the threads are read anew. */
    void close() {
        for (int stat : others) {
            Posix.close(stat);
        }
        for (int schedStat : applicationSchedStats) {
            if (schedStat >= 0) {
                Posix.close(schedStat);
            }
        }
    }

    /** The state letter, which follows the command and a space. */
    private char state(int length) {
        int at = ProcStat.afterCommand(buffer, length);
        return at >= 0 && at + 1 < length ? (char) buffer[at + 1] : 'S';
    }
}
