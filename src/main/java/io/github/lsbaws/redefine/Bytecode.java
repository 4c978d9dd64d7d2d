package io.github.lsbaws.redefine;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;

/**
 * A method's code as text with its constant-pool references resolved: the same code compiled
 * into a constant pool laid out differently (another method gained a constant) reads the same.
 */
final class Bytecode {
    private static final int TABLESWITCH = 0xaa;
    private static final int LOOKUPSWITCH = 0xab;
    private static final int WIDE = 0xc4;
    private static final int IINC = 0x84;

    private Bytecode() {}

    /** The Code attribute's body (JVMS 4.7.3) as text; pool holds the resolved constants. */
    static String describe(byte[] codeAttribute, Object[] pool) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(codeAttribute));
        StringBuilder text = new StringBuilder("stack ").append(in.readUnsignedShort()).append(" locals ")
                .append(in.readUnsignedShort()).append(':');
        byte[] code = new byte[in.readInt()];
        in.readFully(code);
        int pc = 0;
        while (pc < code.length) {
            int opcode = code[pc] & 0xff;
            int length = length(code, pc);
            text.append(' ').append(Integer.toHexString(opcode));
            int poolIndex = poolIndex(code, pc, opcode);
            if (poolIndex > 0) {
                text.append('[').append(pool[poolIndex]).append(']');
                if (opcode == 0xc5) { // multianewarray's dimensions
                    text.append(code[pc + 3]);
                }
            } else {
                for (int i = pc + 1; i < pc + length; i++) {
                    text.append(i == pc + 1 ? "." : "").append(Integer.toHexString(code[i] & 0xff)).append(',');
                }
            }
            pc += length;
        }
        int handlers = in.readUnsignedShort();
        for (int i = 0; i < handlers; i++) {
            text.append(" try ").append(in.readUnsignedShort()).append('-').append(in.readUnsignedShort()).append('>')
                    .append(in.readUnsignedShort());
            int catchType = in.readUnsignedShort();
            text.append(' ').append(catchType == 0 ? "any" : pool[catchType]);
        }
        return text.toString();
    }

    /** The constant-pool index an instruction names, or 0. */
    private static int poolIndex(byte[] code, int pc, int opcode) {
        if (opcode == 0x12) { // ldc
            return code[pc + 1] & 0xff;
        }
        boolean wideIndex = opcode == 0x13 || opcode == 0x14 || (opcode >= 0xb2 && opcode <= 0xbb) || opcode == 0xbd
                || opcode == 0xc0 || opcode == 0xc1 || opcode == 0xc5;
        return wideIndex ? ((code[pc + 1] & 0xff) << 8) | (code[pc + 2] & 0xff) : 0;
    }

    /** The length of the instruction at pc, its operands included. */
    private static int length(byte[] code, int pc) {
        int opcode = code[pc] & 0xff;
        if (opcode == TABLESWITCH || opcode == LOOKUPSWITCH) {
            int operands = (pc + 4) & ~3; // aligned to 4 from the start of the code
            if (opcode == TABLESWITCH) {
                int low = readInt(code, operands + 4);
                int high = readInt(code, operands + 8);
                return operands - pc + 12 + 4 * (high - low + 1);
            }
            return operands - pc + 8 + 8 * readInt(code, operands + 4);
        }
        if (opcode == WIDE) {
            return (code[pc + 1] & 0xff) == IINC ? 6 : 4;
        }
        if (opcode == 0x10 || opcode == 0x12 || (opcode >= 0x15 && opcode <= 0x19) || (opcode >= 0x36 && opcode <= 0x3a)
                || opcode == 0xa9 || opcode == 0xbc) {
            return 2;
        }
        if (opcode == 0x11 || opcode == 0x13 || opcode == 0x14 || opcode == IINC || (opcode >= 0x99 && opcode <= 0xa8)
                || (opcode >= 0xb2 && opcode <= 0xb8) || opcode == 0xbb || opcode == 0xbd || opcode == 0xc0 || opcode == 0xc1
                || opcode == 0xc6 || opcode == 0xc7) {
            return 3;
        }
        if (opcode == 0xc5) {
            return 4;
        }
        if (opcode == 0xb9 || opcode == 0xba || opcode == 0xc8 || opcode == 0xc9) {
            return 5;
        }
        return 1;
    }

    private static int readInt(byte[] code, int at) {
        return ((code[at] & 0xff) << 24) | ((code[at + 1] & 0xff) << 16) | ((code[at + 2] & 0xff) << 8) | (code[at + 3] & 0xff);
    }
}
