package io.github.lsbaws.server.debug;

import io.github.lsbaws.natives.ErrnoException;
import io.github.lsbaws.natives.Posix;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a debugger listens at a loopback address, found without connecting to it ({@link
 * Posix#listens}): a debugger in listen mode takes any connection for a debuggee's, and drops it,
 * or ends, when no JDWP handshake follows. An address of another machine cannot be looked at:
 * it counts as listening, and the debuggee's agent says what it finds.
 */
final class DebuggerProbe {
    /** The loopback addresses the host names (localhost: 127.0.0.1 and ::1); none for another machine's. */
    private final List<InetSocketAddress> loopback = new ArrayList<>();

    DebuggerProbe(String host, int port) {
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    loopback.clear();
                    return;
                }
                loopback.add(new InetSocketAddress(address, port));
            }
        } catch (UnknownHostException e) {
            loopback.clear(); // the debuggee's agent says what is wrong with the address
        }
    }

    boolean listening() {
        if (loopback.isEmpty()) {
            return true;
        }
        for (InetSocketAddress address : loopback) {
            try {
                if (Posix.listens(address)) {
                    return true;
                }
            } catch (ErrnoException e) {
                // no such address family here (::1 without IPv6): nothing listens there
            }
        }
        return false;
    }
}
