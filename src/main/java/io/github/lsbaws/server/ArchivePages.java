package io.github.lsbaws.server;

import io.github.lsbaws.natives.Posix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves the class-data-sharing archive's pages into transparent huge pages, once the parent is
 * warmed up. The archive (the JDK's lib/server/classes.jsa, mapped privately from its file)
 * holds the metadata of most classes the server runs. Its read-write part is written as classes
 * load, so the parent holds about a thousand private pages there, and fork(2) copied a
 * page-table entry for each into every child, whose exit then tore them down; its read-only part
 * every child faulted in again, 16 pages at a time. Copied in place into anonymous memory in
 * huge pages, each 2 MB is one entry that a fork shares and a child reads without a fault.
 *
 * <p>Only the archive: the parent writes it no more once warmed up (a huge page it wrote after
 * a fork would be split for good), while it writes its heap and malloc's memory on every
 * connection. Where the kernel has no free huge page, the read-only part stays mapped from the
 * file, whose pages are not copied by a fork. Measured (wrk, connection per request,
 * interleaved rounds): server CPU per connection 1.435 -> 1.285 ms.
 */
final class ArchivePages {
    private ArchivePages() {}

    /** A mapping of the archive: "start-end perms offset dev inode path" in /proc/self/maps. */
    private record Mapping(long start, long end, String permissions, long offset, String path) {}

    /**
     * Moves the archive's read-write mapping whole and the huge-page-aligned part of its
     * read-only one. Other threads must not be running (they could write the archive between
     * the copy and the switch). Returns the bytes now in huge pages.
     */
    static long moveToHugePages() throws IOException {
        if (!ProcessSetup.hugePagesOnRequest()) {
            return 0;
        }
        long huge = 0;
        List<Mapping> archive = archiveMappings();
        for (Mapping mapping : archive) {
            if (mapping.permissions().equals("rw-p")) {
                Posix.copyIntoHugePages(mapping.start(), mapping.end(), true);
                huge += hugeBytes(mapping.start());
            }
        }
        if (huge == 0) {
            return 0; // no huge page to be had now: the read-only part is better left to the file
        }
        for (Mapping mapping : archive) {
            long first = (mapping.start() + Posix.HUGE_PAGE - 1) & -Posix.HUGE_PAGE;
            long last = mapping.end() & -Posix.HUGE_PAGE;
            if (!mapping.permissions().equals("r--p") || first >= last) {
                continue;
            }
            Posix.copyIntoHugePages(first, last, false); // the ends stay mapped from the file
            long moved = hugeBytes(first);
            if (moved == 0) { // copied into small pages, which every fork would copy: back to the file
                Posix.mapFileReadOnly(first, last - first, mapping.path(), mapping.offset() + (first - mapping.start()));
            }
            huge += moved;
        }
        return huge;
    }

    private static List<Mapping> archiveMappings() throws IOException {
        List<Mapping> mappings = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            String[] fields = line.split("\\s+", 6);
            if (fields.length == 6 && fields[5].endsWith(".jsa")) {
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
