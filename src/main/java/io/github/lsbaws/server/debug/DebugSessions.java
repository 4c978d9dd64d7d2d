package io.github.lsbaws.server.debug;

import io.github.lsbaws.natives.ErrnoException;
import io.github.lsbaws.natives.ExitStatus;
import io.github.lsbaws.natives.Posix;
import io.github.lsbaws.server.PeekedHead;
import io.github.lsbaws.server.ServerLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Serves a chosen connection under a debugger, in a debuggee: a JVM started for that connection
 * alone with the JDWP agent connecting to the listening debugger (suspend=y: nothing of the
 * application runs before the developer resumes), which loads the application afresh, serves
 * the connection and exits, ending the debug session. A forked child cannot be debugged itself:
 * it has no VM thread, and setting a breakpoint or reading a local variable are VM operations.
 * So the child that accepted the connection starts the debuggee (it dies with the child), waits
 * for it, and serves the connection itself when the debugger was not reached.
 *
 * <p>The parent looks for the listening debugger before each fork ({@link DebuggerProbe}) and
 * says once when it is missing; its watchdog spares a child whose debuggee runs ({@link #spares}).
 */
public final class DebugSessions {
    /** The debuggee's arguments after the server options: the connection's descriptor and the started pipe's. */
    public static final String DEBUGGEE_OPTION = "--debuggee";
    /** The debuggee's argument that makes it load the application under the debugger and exit: start-up debugging. */
    public static final String STARTUP_OPTION = "--debug-startup";
    /** What the debuggee writes to the started pipe once the application is loaded and the connection about to be served. */
    public static final byte STARTED = 1;

    private final DebugSettings settings;
    private final List<byte[]> debuggeeCommand;
    /** The parent's last finding: a debugger listens (or cannot be looked for: not a loopback address). */
    private boolean listening = true;
    private final Set<Integer> spared = new HashSet<>();
    private final DebuggerProbe probe;

    private DebugSessions(DebugSettings settings, List<byte[]> debuggeeCommand) {
        this.settings = settings;
        this.debuggeeCommand = debuggeeCommand;
        this.probe = new DebuggerProbe(settings.host(), settings.port());
    }

    /**
     * The sessions of this server JVM, or null when debugging is off: the debuggee's command is
     * this JVM's own with the JDWP agent, the JIT (the debuggee never forks) and without
     * roleOption (a generation's role) and its value; the entry point knows a debuggee by the
     * arguments {@link #DEBUGGEE_OPTION} or {@link #STARTUP_OPTION} added last.
     */
    public static DebugSessions fromSystemProperties(String roleOption) throws IOException {
        DebugSettings settings = DebugSettings.fromSystemProperties();
        if (settings == null) {
            return null;
        }
        String serverMain = System.getProperty("sun.java.command", "").split(" ", 2)[0];
        List<byte[]> own = Posix.commandLine();
        List<byte[]> command = new ArrayList<>();
        boolean jvmOptions = true;
        for (int i = 0; i < own.size(); i++) {
            String arg = new String(own.get(i), StandardCharsets.UTF_8);
            if (jvmOptions && arg.equals(serverMain)) {
                jvmOptions = false;
                command.add(bytes("-agentlib:jdwp=transport=dt_socket,server=n,suspend=y,address=" + settings.address()));
                command.add(own.get(i));
            } else if (jvmOptions && arg.equals("-Xint")) {
                continue; // the debuggee never forks: it may compile
            } else if (!jvmOptions && arg.equals(roleOption)) {
                i++;
            } else {
                command.add(own.get(i));
            }
        }
        if (jvmOptions) {
            throw new IOException("cannot debug: " + serverMain + " is not on this JVM's command line");
        }
        return new DebugSessions(settings, command);
    }

    public DebugSettings settings() {
        return settings;
    }

    /**
     * In the parent, before each fork: looks for the listening debugger, and says so when it
     * stops or starts listening. The child inherits the finding.
     */
    public void lookForDebugger() {
        boolean now = probe.listening();
        if (now != listening) {
            ServerLog.info(now ? "A debugger listens at " + settings.address() + ": chosen requests are served under it"
                    : "No debugger listens at " + settings.address() + " (none started, or it is busy with a request):"
                    + " requests are served without it until one does");
        }
        listening = now;
    }

    /**
     * In the child, before the connection is served: when its first request is chosen and a
     * debugger listens, serves the connection in a debuggee and returns true once that ends. The
     * parent's rehearsal of a child runs the choice too, so that a child does not link its code
     * first, and returns false.
     */
    public boolean servedUnderDebugger(int connection, long headMillis, boolean rehearsal)
            throws IOException, InterruptedException {
        if (!listening && !rehearsal) {
            return false;
        }
        RequestHead head = peekHead(connection, headMillis);
        if (head == null || !settings.chooses(head.path(), head.debugField()) || rehearsal) {
            return false;
        }
        int[] started = Posix.nonBlockingPipe();
        List<byte[]> command = new ArrayList<>(debuggeeCommand);
        command.add(bytes(DEBUGGEE_OPTION));
        command.add(bytes(connection + "," + started[1]));
        ExitStatus exit;
        try {
            exit = run(command, connection, started[1]);
        } finally {
            Posix.close(started[1]);
        }
        byte[] word = new byte[1];
        boolean served = Posix.readAvailable(started[0], word, 0, 1) == 1;
        Posix.close(started[0]);
        if (!served) {
            ServerLog.error("the debugger at " + settings.address() + " was not reached for " + head.path() + " (debuggee "
                    + exit.describe() + "): served without it");
        }
        return served;
    }

    /**
     * In a generation, before it loads the application: with start-up debugging on and a
     * debugger listening, loads the application once in a debuggee, under the debugger, and
     * returns when the developer has let it finish (the debug session ends with it). The
     * generation then loads the application itself, without the agent, and forks from that.
     */
    public void debugStartup() throws IOException {
        if (!settings.startup()) {
            return;
        }
        lookForDebugger();
        if (!listening) {
            return;
        }
        ServerLog.info("Debugging the application's start-up: waiting for the debugger at " + settings.address());
        List<byte[]> command = new ArrayList<>(debuggeeCommand);
        command.add(bytes(STARTUP_OPTION));
        ExitStatus exit;
        try {
            exit = run(command);
        } catch (InterruptedException e) {
            throw new IOException("interrupted while the start-up was debugged", e);
        }
        ServerLog.info("Start-up debugged (debuggee " + exit.describe() + "); loading it again, without the debugger, to serve");
    }

    /** Starts the debuggee, which inherits the descriptors given, and waits for it. */
    private static ExitStatus run(List<byte[]> command, int... inherited) throws IOException, InterruptedException {
        int pid = Posix.spawnSelf(command, 0, inherited);
        while (true) {
            ExitStatus exit = Posix.reapOne();
            if (exit != null && exit.pid() == pid) {
                return exit;
            }
            Thread.sleep(10);
        }
    }

    /**
     * The first request's head as it arrived, or null if it does not come whole within millis
     * (the connection is then served as usual, which answers what it has to).
     */
    private static RequestHead peekHead(int connection, long millis) throws ErrnoException, InterruptedException {
        byte[] head = PeekedHead.peek(connection, millis);
        return head == null ? null : RequestHead.parse(head, head.length);
    }

    /**
     * In the parent, for a child past its request timeout: true when it is serving under the
     * debugger (it has started a debuggee), which the watchdog then leaves alone, saying so once.
     */
    public boolean spares(int childPid) {
        String children;
        try {
            children = Files.readString(Path.of("/proc/" + childPid + "/task/" + childPid + "/children")).strip();
        } catch (IOException e) {
            return false;
        }
        if (children.isEmpty()) {
            return false;
        }
        if (spared.add(childPid)) {
            ServerLog.info("child " + childPid + " serves under the debugger (debuggee pid " + children
                    + "): the request timeout does not apply to it");
        }
        return true;
    }

    /** A child reaped: its debuggee, if it had one, is gone with it. */
    public void reaped(int childPid) {
        spared.remove(childPid);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
