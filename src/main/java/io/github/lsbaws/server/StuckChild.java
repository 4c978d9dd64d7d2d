package io.github.lsbaws.server;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a child the watchdog is about to kill was doing, from /proc, for the log line: its state,
 * the kernel function it waits in, the system call it is blocked in and the code addresses near
 * the top of its stack as library+offset. A child stuck in futex with libjvm addresses is a lock
 * inherited from the fork; the offsets can be resolved offline (gdb, addr2line on libjvm.so).
 */
final class StuckChild {
    private static final int STACK_BYTES = 4096;
    private static final int MAX_FRAMES = 8;

    private StuckChild() {}

    /** A text, or "already gone". Reads only; the child is killed afterwards either way. */
    static String describe(int pid) {
        Path proc = Path.of("/proc/" + pid);
        try {
            String stat = Files.readString(proc.resolve("stat"));
            String wchan = Files.readString(proc.resolve("wchan"));
            StringBuilder out = new StringBuilder("in state ").append(stat.charAt(stat.lastIndexOf(')') + 2));
            if (!wchan.isEmpty() && !wchan.equals("0")) {
                out.append(", waiting in ").append(wchan);
            }
            String[] syscall = Files.readString(proc.resolve("syscall")).strip().split(" ");
            if (syscall.length == 9) { // number, six arguments, stack pointer, program counter
                List<Mapping> code = executableMappings(proc);
                out.append("; system call ").append(syscall[0]).append(" at ").append(locate(code, hex(syscall[8])));
                List<String> frames = returnAddresses(proc, hex(syscall[7]), code);
                if (!frames.isEmpty()) {
                    out.append("; return addresses on its stack: ").append(String.join(", ", frames));
                }
            }
            return out.toString();
        } catch (IOException | RuntimeException e) {
            return "already gone";
        }
    }

    private record Mapping(long start, long end, long offset, String file) {}

    private static List<Mapping> executableMappings(Path proc) throws IOException {
        List<Mapping> mappings = new ArrayList<>();
        for (String line : Files.readAllLines(proc.resolve("maps"))) {
            String[] fields = line.split("\\s+", 6);
            if (fields.length == 6 && fields[1].contains("x")) {
                String[] range = fields[0].split("-");
                String file = fields[5].substring(fields[5].lastIndexOf('/') + 1);
                mappings.add(new Mapping(hex(range[0]), hex(range[1]), hex(fields[2]), file));
            }
        }
        return mappings;
    }

    /** Words on the stack that point into code: the likely return addresses, innermost first. */
    private static List<String> returnAddresses(Path proc, long stackPointer, List<Mapping> code) throws IOException {
        byte[] stack = new byte[STACK_BYTES];
        try (RandomAccessFile memory = new RandomAccessFile(proc.resolve("mem").toFile(), "r")) {
            memory.seek(stackPointer);
            memory.readFully(stack);
        }
        ByteBuffer words = ByteBuffer.wrap(stack).order(ByteOrder.nativeOrder());
        List<String> frames = new ArrayList<>();
        while (words.remaining() >= Long.BYTES && frames.size() < MAX_FRAMES) {
            String where = locate(code, words.getLong());
            if (!where.startsWith("0x")) {
                frames.add(where);
            }
        }
        return frames;
    }

    /** library+0xOFFSET, also for libjvm's code that StablePages moved into anonymous huge pages; else 0xADDRESS. */
    private static String locate(List<Mapping> code, long address) {
        String moved = StablePages.origin(address);
        if (moved != null) {
            return moved;
        }
        for (Mapping mapping : code) {
            if (address >= mapping.start() && address < mapping.end()) {
                String file = mapping.file().isEmpty() ? "[anonymous code]" : mapping.file();
                return file + "+0x" + Long.toHexString(address - mapping.start() + mapping.offset());
            }
        }
        return "0x" + Long.toHexString(address);
    }

    private static long hex(String text) {
        return Long.parseUnsignedLong(text.startsWith("0x") ? text.substring(2) : text, 16);
    }
}
