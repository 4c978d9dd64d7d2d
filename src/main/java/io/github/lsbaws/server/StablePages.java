package io.github.lsbaws.server;

import io.github.lsbaws.natives.Linux;
import io.github.lsbaws.natives.Posix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves the parent's memory that no longer changes once it is warmed up, and that every child
 * reads, into transparent huge pages: the class-data-sharing archive (lib/server/classes.jsa,
 * the metadata of most classes the server runs) and the JVM's machine code (libjvm.so).
 *
 * <p>The archive's read-write part is written as classes load, so the parent held about a
 * thousand private pages there, and fork(2) copied a page-table entry for each into every
 * child, whose exit then tore them down. The archive's read-only part and libjvm's code are
 * mapped from their files, which a fork does not copy: every child faulted in again what it
 * used of them, 16 pages at a time (80 faults a child). Copied in place into anonymous memory
 * in huge pages, each 2 MB is one entry that a fork shares and a child reads without a fault.
 *
 * <p>Only those: the parent writes them no more (a huge page it wrote after a fork would be
 * split for good), while it writes its heap and malloc's memory on every connection. Where the
 * kernel has no free huge page, what is mapped from a file stays so. The moved code shows in
 * /proc/PID/maps as an anonymous executable mapping after libjvm's first one; {@link
 * StuckChild} still names its addresses libjvm.so+offset. Measured (wrk, connection per
 * request, interleaved rounds): server CPU per connection 1.435 -> 1.285 ms with the archive,
 * 1.202 -> 1.155 ms with the code too.
 */
final class StablePages {
    private StablePages() {}

    /** A mapping in /proc/self/maps: "start-end perms offset dev inode path". */
    private record Mapping(long start, long end, String permissions, long offset, String path) {
        /** The 2 MB-aligned part, the ends left out. */
        long hugeStart() {
            return (start + Posix.HUGE_PAGE - 1) & -Posix.HUGE_PAGE;
        }

        long hugeEnd() {
            return end & -Posix.HUGE_PAGE;
        }
    }

    /**
     * Moves the archive's read-write mapping whole, and the huge-page-aligned part of the
     * archive's read-only mapping and of libjvm's code. Other threads must not be running (they
     * could write the archive between the copy and the switch). Returns the bytes now in huge
     * pages.
     */
    static long moveToHugePages() throws IOException {
        if (!ProcessSetup.hugePagesOnRequest()) {
            return 0;
        }
        List<Mapping> writable = new ArrayList<>();
        List<Mapping> fromFiles = new ArrayList<>();
        for (Mapping mapping : mappings()) {
            if (mapping.path().endsWith(".jsa") && mapping.permissions().equals("rw-p")) {
                writable.add(mapping);
            } else if ((mapping.path().endsWith(".jsa") && mapping.permissions().equals("r--p"))
                    || (mapping.path().endsWith("/libjvm.so") && mapping.permissions().equals("r-xp"))) {
                fromFiles.add(mapping);
            }
        }
        long huge = 0;
        for (Mapping mapping : writable) {
            Posix.copyIntoHugePages(mapping.start(), mapping.end(), Linux.PROT_READ | Linux.PROT_WRITE);
            huge += hugeBytes(mapping.start());
        }
        if (huge == 0) {
            return 0; // no huge page to be had now: what is mapped from files is better left so
        }
        for (Mapping mapping : fromFiles) {
            long start = mapping.hugeStart();
            long end = mapping.hugeEnd();
            if (start >= end) {
                continue;
            }
            int protection = mapping.permissions().contains("x") ? Linux.PROT_READ | Linux.PROT_EXEC : Linux.PROT_READ;
            Posix.copyIntoHugePages(start, end, protection);
            long moved = hugeBytes(start);
            if (moved == 0) { // copied into small pages, which every fork would copy: back to the file
                Posix.mapFile(start, end - start, protection, mapping.path(), mapping.offset() + (start - mapping.start()));
            }
            huge += moved;
        }
        return huge;
    }

    private static List<Mapping> mappings() throws IOException {
        List<Mapping> mappings = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            String[] fields = line.split("\\s+", 6);
            if (fields.length == 6) {
                String[] bounds = fields[0].split("-");
                mappings.add(new Mapping(Long.parseUnsignedLong(bounds[0], 16), Long.parseUnsignedLong(bounds[1], 16),
                        fields[1], Long.parseUnsignedLong(fields[2], 16), fields[5]));
            }
        }
        return mappings;
    }

    /** The bytes in huge pages of the mapping that starts at start (AnonHugePages in /proc/self/smaps). */
    private static long hugeBytes(long start) throws IOException {
        String header = Long.toHexString(start) + "-";
        boolean inMapping = false;
        for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
            if (!Character.isUpperCase(line.charAt(0))) { // a mapping's first line; its fields are "Name: value"
                inMapping = line.startsWith(header);
            } else if (inMapping && line.startsWith("AnonHugePages:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return 0;
    }
}
