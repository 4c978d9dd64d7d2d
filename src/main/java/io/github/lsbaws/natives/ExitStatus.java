package io.github.lsbaws.natives;

/** A reaped child: its pid and the raw wait status, decoded as the W* macros do. */
public record ExitStatus(int pid, int raw) {
    public boolean exited() {
        return (raw & 0x7f) == 0;
    }

    public int exitCode() {
        return (raw >> 8) & 0xff;
    }

    public boolean signalled() {
        int low = raw & 0x7f;
        return low != 0 && low != 0x7f;
    }

    public int signal() {
        return raw & 0x7f;
    }

    public boolean normal() {
        return exited() && exitCode() == 0;
    }

    /** "exit status 3" or "signal 11 (core dumped)", for log lines. */
    public String describe() {
        if (exited()) {
            return "exit status " + exitCode();
        }
        if (signalled()) {
            return "signal " + signal() + ((raw & 0x80) != 0 ? " (core dumped)" : "");
        }
        return "wait status 0x" + Integer.toHexString(raw);
    }
}
