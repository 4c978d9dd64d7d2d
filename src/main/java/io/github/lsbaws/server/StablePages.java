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
 * the metadata of most classes the server runs) and the JVM's machine code and constants
 * (libjvm.so).
 *
 * <p>The archive's read-write part is written as classes load, so the parent holds private
 * pages there, and fork(2) would copy a page-table entry for each into every child, whose exit
 * then tears them down. The archive's read-only part and libjvm's code are mapped from their
 * files, which a fork does not copy: every child would fault in again what it uses of them.
 * Copied in place into anonymous memory in huge pages, each 2 MB is one entry that a fork
 * shares and a child reads without a fault (the gains: docs/performance.md).
 *
 * <p>Only those: the parent writes them no more (a huge page it wrote after a fork would be
 * split for good), while it writes its heap and malloc's memory on every connection. Where the
 * kernel has no free huge page, what is mapped from a file stays so. The moved code shows in
 * /proc/PID/maps as anonymous memory between libjvm's file mappings; {@link #origin} still
 * names its addresses libjvm.so+offset for {@link StuckChild}.
 */
final class StablePages {
    /** The code moved from files, for naming addresses in it (StuckChild). */
    private static final List<Moved> MOVED = new ArrayList<>();
    private static final Path SMAPS = Path.of("/proc/self/smaps");
    private static final String ANONYMOUS = "Anonymous:";
    private static final String ANON_HUGE_PAGES = "AnonHugePages:";

    private StablePages() {}

    /** [start, end) was mapped from path at offset. */
    private record Moved(long start, long end, String path, long offset) {}

    /**
     * Where an address in code moved from a file came from, as file+0xOFFSET (the file's name
     * alone), or null if it is elsewhere. A child's memory is laid out as its parent's.
     */
    static String origin(long address) {
        for (Moved moved : MOVED) {
            if (address >= moved.start() && address < moved.end()) {
                return moved.path().substring(moved.path().lastIndexOf('/') + 1) + "+0x"
                        + Long.toHexString(address - moved.start() + moved.offset());
            }
        }
        return null;
    }

    /**
     * A mapping of /proc/self/smaps ("start-end perms offset dev inode path"), with the kilobytes
     * of private copies of its pages it holds.
     */
    record Mapping(long start, long end, String permissions, long offset, String path, long anonymous) {
        boolean executable() {
            return permissions.charAt(2) == 'x';
        }

        /** Address space reserved and not mapped to anything: neither readable nor backed by a file. */
        boolean reserved() {
            return permissions.equals("---p") && path.isEmpty();
        }
    }

    /**
     * Moves the archive and the huge-page-aligned part of libjvm's code. Other threads must not
     * be running (they could write the archive between the copy and the switch). Returns the
     * bytes now in huge pages.
     */
    static long moveToHugePages() throws IOException {
        if (!ProcessSetup.hugePagesOnRequest()) {
            return 0;
        }
        List<Mapping> mappings = mappings();
        long archive = moveArchive(mappings);
        if (archive == 0) {
            return 0; // no huge page to be had now: what is mapped from files is better left so
        }
        return Math.max(archive, 0) + moveCode(mappings, "/libjvm.so");
    }

    /**
     * The archive is its read-write part, then its read-only part, then address space reserved
     * for nothing (up to the class space). It moves whole, in huge pages from its start to the
     * 2 MB boundary after its end where that space allows: the huge page that holds the end of
     * the read-write part is writable, read-only part included; the others are read-only.
     * Returns the bytes moved, or -1 where there is no such archive (-Xshare:off, a dynamic
     * archive on top of it).
     *
     * <p>The archive is the JDK's (lib/server/classes.jsa) or an ahead-of-time cache given with
     * -XX:AOTCache (JDK 24 and later), whose file may have any name: so it is found by its shape,
     * the only file mapped private and writable followed at once by more of itself read-only
     * (a library's writable data comes last). A JVM with an agent that may redefine classes
     * (the reloading server's, {@code AgentJar}) maps it writable whole: then it is the file
     * mapped private and writable from a 2 MB boundary (or after a reserved page there, as JDK 25
     * maps it), followed at once by reserved space, and it moves writable whole. An ahead-of-time
     * cache maps one more small part of itself elsewhere, written at start-up; that part stays as
     * it is.
     */
    private static long moveArchive(List<Mapping> mappings) throws IOException {
        List<Mapping> archive = new ArrayList<>();
        Mapping after = null;
        for (int i = 0; i + 1 < mappings.size(); i++) {
            Mapping first = mappings.get(i);
            Mapping second = mappings.get(i + 1);
            if (!first.permissions().equals("rw-p") || !first.path().startsWith("/") || second.start() != first.end()) {
                continue;
            }
            boolean readOnlyNext = second.permissions().equals("r--p") && first.path().equals(second.path());
            boolean writableWhole = second.reserved() && (hugePageAligned(first.start()) || afterReservedHeader(mappings, i));
            if (readOnlyNext || writableWhole) {
                if (!archive.isEmpty()) {
                    return -1; // a second archive (a dynamic one on top of the JDK's)
                }
                archive.add(first);
                if (readOnlyNext) {
                    archive.add(second);
                }
                after = i + archive.size() < mappings.size() ? mappings.get(i + archive.size()) : null;
            }
        }
        if (archive.isEmpty()) {
            return -1;
        }
        Mapping readWrite = archive.get(0);
        Mapping last = archive.get(archive.size() - 1);
        boolean reservedAfter = after != null && after.start() == last.end() && after.permissions().equals("---p")
                && after.end() >= roundUp(last.end());
        long top = reservedAfter ? roundUp(last.end()) : last.end() & -Posix.HUGE_PAGE;
        long split = roundUp(readWrite.end());
        if (split > top) {
            return -1; // the read-write part's last huge page would reach past what may be replaced
        }
        long huge = moveSpan(archive, readWrite.start(), Math.min(split, last.end()), split,
                Linux.PROT_READ | Linux.PROT_WRITE);
        if (huge > 0 && split < top) {
            huge += moveSpan(List.of(last), split, Math.min(top, last.end()), top, Linux.PROT_READ);
        }
        return huge;
    }

    /**
     * Moves a library's code and the constants after it: the 2 MB windows, from the one its
     * code starts in, that lie wholly in its file mappings that are read-only or code and hold
     * no private page (the relocated data after the constants is excluded). A window with code
     * in it becomes read-and-execute, constants beside the code included; the others read-only.
     */
    private static long moveCode(List<Mapping> mappings, String library) throws IOException {
        int code = -1;
        for (int i = 0; i < mappings.size() && code < 0; i++) {
            if (mappings.get(i).path().endsWith(library) && mappings.get(i).executable()) {
                code = i;
            }
        }
        if (code < 0 || mappings.get(code).anonymous() != 0) {
            return 0; // no such library, or its code has private pages (a debugger's breakpoints)
        }
        int first = code;
        while (first > 0 && movable(mappings.get(first - 1), mappings.get(first))) {
            first--;
        }
        int last = code;
        while (last + 1 < mappings.size() && movable(mappings.get(last + 1), mappings.get(last))) {
            last++;
        }
        List<Mapping> pieces = mappings.subList(first, last + 1);
        long start = Math.max(mappings.get(code).start() & -Posix.HUGE_PAGE, roundUp(pieces.get(0).start()));
        long end = pieces.get(pieces.size() - 1).end() & -Posix.HUGE_PAGE;
        long codeEnd = Math.min(roundUp(mappings.get(code).end()), end);
        return moveSpan(pieces, start, codeEnd, codeEnd, Linux.PROT_READ | Linux.PROT_EXEC)
                + moveSpan(pieces, codeEnd, end, end, Linux.PROT_READ);
    }

    /** Whether mapping, next to neighbour, is more of the same file, read-only or code, without private pages. */
    private static boolean movable(Mapping mapping, Mapping neighbour) {
        boolean adjacent = mapping.end() == neighbour.start() || mapping.start() == neighbour.end();
        return adjacent && mapping.path().equals(neighbour.path()) && mapping.anonymous() == 0
                && (mapping.permissions().equals("r--p") || mapping.permissions().equals("r-xp"));
    }

    /**
     * Moves [start, end) (2 MB-aligned), the pieces of files copied up to copied and zeros after
     * it (reserved space), into huge pages. Where none were to be had, it puts back what was
     * mapped from a file and the reservation, and leaves the rest (private pages) as copied.
     * Returns the bytes moved.
     */
    private static long moveSpan(List<Mapping> pieces, long start, long copied, long end, int protection)
            throws IOException {
        if (start >= end) {
            return 0;
        }
        Posix.copyIntoHugePages(start, copied, end, protection);
        long moved = hugeBytes(start);
        for (Mapping piece : pieces) {
            long from = Math.max(start, piece.start());
            long to = Math.min(copied, piece.end());
            if (from >= to || piece.anonymous() != 0) {
                continue;
            }
            if (moved == 0) { // copied into small pages, which every fork would copy: back to the file
                int pieceProtection = piece.executable() ? Linux.PROT_READ | Linux.PROT_EXEC : Linux.PROT_READ;
                Posix.mapFile(from, to - from, pieceProtection, piece.path(), piece.offset() + (from - piece.start()));
            } else if ((protection & Linux.PROT_EXEC) != 0) {
                MOVED.add(new Moved(from, to, piece.path(), piece.offset() + (from - piece.start())));
            }
        }
        if (moved == 0 && copied < end) {
            Posix.reserve(copied, end - copied);
        }
        return moved;
    }

    private static boolean hugePageAligned(long address) {
        return (address & (Posix.HUGE_PAGE - 1)) == 0;
    }

    /** Whether mapping i follows reserved space that starts on a 2 MB boundary (JDK 25 keeps the archive's first page so). */
    private static boolean afterReservedHeader(List<Mapping> mappings, int i) {
        Mapping before = i > 0 ? mappings.get(i - 1) : null;
        return before != null && before.end() == mappings.get(i).start() && before.reserved() && hugePageAligned(before.start());
    }

    private static long roundUp(long address) {
        return (address + Posix.HUGE_PAGE - 1) & -Posix.HUGE_PAGE;
    }

    private static List<Mapping> mappings() throws IOException {
        return mappings(Files.readString(SMAPS));
    }

    /**
     * The mappings of a /proc/PID/smaps text: each a first line "start-end perms offset dev inode
     * [path]", then lines "Name: value", among them "Anonymous: N kB". Read with a few string
     * searches and no regular expression: this runs interpreted in a parent whose smaps has
     * thousands of lines, and is read again after each move.
     */
    static List<Mapping> mappings(String smaps) {
        List<Mapping> mappings = new ArrayList<>();
        int header = -1;
        for (int at = 0; at < smaps.length(); ) {
            int end = lineEnd(smaps, at);
            if (!Character.isUpperCase(smaps.charAt(at))) { // a mapping's first line; its fields are "Name: value"
                header = at;
            } else if (header >= 0 && smaps.startsWith(ANONYMOUS, at)) {
                mappings.add(mapping(smaps.substring(header, lineEnd(smaps, header)), kilobytes(smaps, at, end)));
                header = -1;
            }
            at = end + 1;
        }
        return mappings;
    }

    /** A mapping's first line read into a Mapping, with the kilobytes of private copies it holds. */
    private static Mapping mapping(String line, long anonymous) {
        String[] fields = new String[5];
        int at = 0;
        for (int i = 0; i < fields.length; i++) {
            int end = line.indexOf(' ', at);
            end = end < 0 ? line.length() : end;
            fields[i] = line.substring(at, end);
            at = end;
            while (at < line.length() && line.charAt(at) == ' ') {
                at++;
            }
        }
        String path = line.substring(at); // after the inode and its padding: the path, which may hold spaces, or nothing
        int dash = fields[0].indexOf('-');
        return new Mapping(Long.parseUnsignedLong(fields[0], 0, dash, 16),
                Long.parseUnsignedLong(fields[0], dash + 1, fields[0].length(), 16), fields[1],
                Long.parseUnsignedLong(fields[2], 16), path, anonymous);
    }

    /** The bytes in huge pages of the mapping that starts at start (AnonHugePages in /proc/self/smaps). */
    private static long hugeBytes(long start) throws IOException {
        return hugeBytes(Files.readString(SMAPS), start);
    }

    static long hugeBytes(String smaps, long start) {
        String header = Long.toHexString(start) + "-";
        int at = smaps.startsWith(header) ? 0 : smaps.indexOf("\n" + header);
        if (at < 0) {
            return 0;
        }
        int next = smaps.indexOf('\n', at + 1);
        while (next >= 0 && next + 1 < smaps.length() && Character.isUpperCase(smaps.charAt(next + 1))) {
            if (smaps.startsWith(ANON_HUGE_PAGES, next + 1)) {
                return kilobytes(smaps, next + 1, lineEnd(smaps, next + 1)) * 1024;
            }
            next = smaps.indexOf('\n', next + 1);
        }
        return 0;
    }

    private static int lineEnd(String text, int at) {
        int end = text.indexOf('\n', at);
        return end < 0 ? text.length() : end;
    }

    /** The number in a line "Name:   N kB" between at and end. */
    private static long kilobytes(String text, int at, int end) {
        long value = 0;
        for (int i = text.indexOf(':', at) + 1; i < end; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                value = value * 10 + (c - '0');
            }
        }
        return value;
    }
}
