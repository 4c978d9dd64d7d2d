package io.github.lsbaws.gateway;

import java.io.PrintWriter;
import java.io.StringWriter;

/** What an application threw, as the server's log and its start-up errors show it: the whole stack trace, causes included. */
public final class StackTraces {
    private StackTraces() {}

    /** The text printStackTrace writes, without its last line end. */
    public static String of(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString().strip();
    }
}
