package io.github.lsbaws.supervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How long a thread of a generation has waited for a processor: the second figure of
 * /proc/PID/task/TID/schedstat, in nanoseconds. The supervisor takes it off the time a replay
 * has run, so that processors busy with other work do not make a slow replay look stuck.
 */
final class ProcessorWait {
    private ProcessorWait() {}

    /** The thread's wait for a processor so far; 0 when it is not known (no thread id, the thread gone, no schedstat). */
    static long nanos(int pid, int tid) {
        if (tid <= 0) {
            return 0;
        }
        try {
            String[] figures = Files.readString(Path.of("/proc/" + pid + "/task/" + tid + "/schedstat")).trim().split(" ");
            return figures.length < 2 ? 0 : Long.parseLong(figures[1]);
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }
}
