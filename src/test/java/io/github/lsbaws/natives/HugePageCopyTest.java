package io.github.lsbaws.natives;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kenai.jffi.MemoryIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copying file-mapped memory into huge pages in place and back, on real mappings of a real file. */
class HugePageCopyTest {
    private static final long SIZE = 2 * Posix.HUGE_PAGE;

    @TempDir
    Path directory;

    @Test
    void aCopyKeepsTheContentsAndTheFileComesBack() throws IOException {
        Path file = directory.resolve("pages");
        byte[] contents = pattern((int) SIZE);
        Files.write(file, contents);
        long start = mapAligned(file);
        try {
            Posix.copyIntoHugePages(start, start + SIZE, start + SIZE, Linux.PROT_READ);
            assertArrayEquals(contents, read(start, (int) SIZE));
            assertEquals(5, mappingAt(start).split("\\s+").length, "now anonymous memory (no path): " + mappingAt(start));

            Posix.mapFile(start, SIZE, Linux.PROT_READ, file.toString(), 0);
            assertArrayEquals(contents, read(start, (int) SIZE));
            assertTrue(mappingAt(start).endsWith(file.toString()), mappingAt(start));
        } finally {
            LibC.munmap(start, SIZE);
        }
    }

    @Test
    void whatLiesPastTheCopiedPartReadsAsZeros() throws IOException {
        Path file = directory.resolve("short");
        byte[] contents = pattern((int) Posix.HUGE_PAGE);
        Files.write(file, contents);
        long start = mapAligned(file);
        try {
            Posix.reserve(start + Posix.HUGE_PAGE, Posix.HUGE_PAGE); // the file ends here: reserved space after it
            Posix.copyIntoHugePages(start, start + Posix.HUGE_PAGE, start + SIZE, Linux.PROT_READ);
            assertArrayEquals(contents, read(start, contents.length));
            assertArrayEquals(new byte[(int) Posix.HUGE_PAGE], read(start + Posix.HUGE_PAGE, (int) Posix.HUGE_PAGE));
        } finally {
            LibC.munmap(start, SIZE);
        }
    }

    private static byte[] pattern(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + i / 4096);
        }
        return bytes;
    }

    /** Maps the file read-only and private at a 2 MB boundary, in a reserved span of SIZE. */
    private static long mapAligned(Path file) throws IOException {
        long raw = LibC.mmap(0, SIZE + Posix.HUGE_PAGE, Linux.PROT_NONE, Linux.MAP_PRIVATE | Linux.MAP_ANONYMOUS, -1, 0);
        assertTrue(raw != -1, "mmap");
        long start = (raw + Posix.HUGE_PAGE - 1) & -Posix.HUGE_PAGE;
        if (start > raw) {
            LibC.munmap(raw, start - raw);
        }
        LibC.munmap(start + SIZE, raw + SIZE + Posix.HUGE_PAGE - (start + SIZE));
        Posix.mapFile(start, Math.min(SIZE, Files.size(file)), Linux.PROT_READ, file.toString(), 0);
        return start;
    }

    private static byte[] read(long address, int length) {
        byte[] bytes = new byte[length];
        MemoryIO.getInstance().getByteArray(address, bytes, 0, length);
        return bytes;
    }

    /** The /proc/self/maps line of the mapping that starts at start. */
    private static String mappingAt(long start) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc/self/maps"));
        String prefix = Long.toHexString(start) + "-";
        return lines.stream().filter(line -> line.startsWith(prefix)).findFirst().orElse("(none at " + prefix + ")");
    }
}
