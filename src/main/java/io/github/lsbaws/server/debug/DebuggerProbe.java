package io.github.lsbaws.server.debug;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Whether a debugger listens at a loopback address, found in the kernel's socket tables
 * (/proc/net/tcp, tcp6) rather than by connecting: a debugger in listen mode takes any
 * connection for a debuggee and drops it, or ends, when no JDWP handshake follows.
 */
final class DebuggerProbe {
    private static final String LISTEN = "0A";

    private DebuggerProbe() {}

    /** Whether a debugger at host could be looked for here: a loopback address. */
    static boolean canLookFor(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false; // the debuggee's agent says what is wrong with the address
        }
    }

    /** Whether something listens on this machine's port. */
    static boolean listening(int port) {
        String local = ":" + String.format(Locale.ROOT, "%04X", port);
        return listensIn(Path.of("/proc/net/tcp"), local) || listensIn(Path.of("/proc/net/tcp6"), local);
    }

    /** A line of the table: "sl local_address rem_address st ...", the addresses as HEXADDR:HEXPORT. */
    private static boolean listensIn(Path table, String localPort) {
        List<String> lines;
        try {
            lines = Files.readAllLines(table);
        } catch (IOException e) {
            return false;
        }
        for (String line : lines) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length > 3 && fields[3].equals(LISTEN) && fields[1].endsWith(localPort)) {
                return true;
            }
        }
        return false;
    }
}
