package io.github.lsbaws.server;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What {@link ParentSockets} costs a child, measured in a JVM run as a child runs (-Xint): the
 * disconnection of every connected socket the parent left, for SOCKETS loopback connections, ROUNDS
 * times, and the parent's one reading of its sockets. Both ends of each connection are in this
 * process: the first end disconnected leaves the other at the end of its input, which is then
 * checked and left as it is. Prints the p50s; run by scripts/parent-sockets-cost.sh.
 */
public final class ParentSocketsCost {
    private ParentSocketsCost() {}

    public static void main(String[] args) throws Exception {
        int connections = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        long[] disconnect = new long[rounds];
        long[] read = new long[rounds];
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            for (int round = 0; round < rounds; round++) {
                List<Socket> sockets = new ArrayList<>();
                for (int i = 0; i < connections; i++) {
                    sockets.add(new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort()));
                    sockets.add(listener.accept());
                }
                long start = System.nanoTime();
                ParentSockets parent = ParentSockets.connectedNow(-1);
                long listed = System.nanoTime();
                int disconnected = parent.disconnect(-1);
                disconnect[round] = System.nanoTime() - listed;
                read[round] = listed - start;
                if (disconnected != connections) {
                    throw new IllegalStateException("disconnected " + disconnected + " sockets of " + connections + " connections");
                }
                for (Socket socket : sockets) {
                    socket.close();
                }
            }
        }
        System.out.printf("%d connections (%d sockets checked, %d disconnected): a child's part p50 %.1f us;"
                + " the parent's reading p50 %.1f us%n", connections, 2 * connections, connections, p50(disconnect) / 1000.0, p50(read) / 1000.0);
    }

    private static long p50(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(sorted.length - 1) / 2];
    }
}
