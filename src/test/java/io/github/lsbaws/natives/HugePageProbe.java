package io.github.lsbaws.natives;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the kernel gives this process a transparent huge page now, asked for as the server
 * asks ({@link Posix#copyIntoHugePages}): what a test compares the server's huge pages with, so
 * that a kernel with none free is told from a server that failed to get one. Unlike the
 * machine's counters (/proc/vmstat), it is not moved by other processes.
 */
public final class HugePageProbe {
    private HugePageProbe() {}

    /** The kilobytes in huge pages of 2 MB copied into huge pages now; 0 when the kernel gave small pages. */
    public static long kilobytesGivenNow() throws IOException {
        long span = 2 * Posix.HUGE_PAGE;
        long raw = LibC.mmap(0, span, Linux.PROT_READ | Linux.PROT_WRITE, Linux.MAP_PRIVATE | Linux.MAP_ANONYMOUS, -1, 0);
        if (raw == -1) {
            throw new IOException("mmap of " + span + " bytes failed");
        }
        long start = (raw + Posix.HUGE_PAGE - 1) & -Posix.HUGE_PAGE;
        try {
            long before = anonymousHugeKilobytes();
            Posix.copyIntoHugePages(start, start + Posix.HUGE_PAGE, start + Posix.HUGE_PAGE, Linux.PROT_READ);
            return Math.max(0, anonymousHugeKilobytes() - before);
        } finally {
            LibC.munmap(raw, span);
        }
    }

    /** AnonHugePages of this whole process, in kB (this JVM's own memory asks for no huge page). */
    private static long anonymousHugeKilobytes() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/smaps_rollup")).stream().filter(line -> line.startsWith("AnonHugePages:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", ""))).sum();
    }
}
