package io.github.lsbaws.server;

import io.github.lsbaws.natives.Posix;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
    /**
     * The start of a stat line: "pid (comm) S ...". The kernel keeps comm to 15 bytes and prints
     * only numbers after the state, so the state follows the last ')' among the first 64 bytes.
     */
    private final byte[] buffer = new byte[64];

    ThreadStates() throws IOException {
        String self = Integer.toString(Posix.threadId());
        List<Integer> fds = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                if (!task.getFileName().toString().equals(self)) {
                    fds.add(Posix.openForReading(task.resolve("stat").toString()));
                }
            }
        }
        others = fds.stream().mapToInt(Integer::intValue).toArray();
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
    }

    /** The state letter, which follows the command and a space. */
    private char state(int length) {
        int at = ProcStat.afterCommand(buffer, length);
        return at >= 0 && at + 1 < length ? (char) buffer[at + 1] : 'S';
    }
}
