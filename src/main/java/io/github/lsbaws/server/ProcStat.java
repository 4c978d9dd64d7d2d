package io.github.lsbaws.server;

/** The layout of a /proc stat line, "pid (comm) S field4 ...", read into a byte buffer. */
final class ProcStat {
    private ProcStat() {}

    /**
     * The index just after the command's closing ')', or -1 if the line holds none. The command
     * name may contain any byte, ')' and spaces included, but nothing after it does: the last ')'
     * is the one.
     */
    static int afterCommand(byte[] stat, int length) {
        for (int i = length - 1; i > 0; i--) {
            if (stat[i] == ')') {
                return i + 1;
            }
        }
        return -1;
    }
}
