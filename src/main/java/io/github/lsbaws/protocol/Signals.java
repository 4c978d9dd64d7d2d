package io.github.lsbaws.protocol;

import io.github.lsbaws.natives.Linux;

/**
 * The signals between the supervisor and its generations. Every server process blocks the
 * handled ones in all its threads and reads them from a signalfd, so that no Java code runs in a
 * signal handler (a forked child has none of the JVM's other threads).
 */
public final class Signals {
    /** The signals every server process blocks and reads from a signalfd. */
    public static final int[] HANDLED = {Linux.SIGCHLD, Linux.SIGTERM, Linux.SIGINT, Linux.SIGHUP, Linux.SIGUSR1};
    /** To a generation: stop accepting, finish what is in flight, exit; to the supervisor: reload. */
    public static final int RETIRE = Linux.SIGHUP;
    /** To a prepared generation: start accepting on the shared socket. */
    public static final int ACCEPT = Linux.SIGUSR1;

    private Signals() {}
}
