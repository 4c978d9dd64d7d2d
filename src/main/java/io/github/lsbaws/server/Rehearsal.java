package io.github.lsbaws.server;

import io.github.lsbaws.gateway.ConnectionInfo;
import io.github.lsbaws.natives.Epoll;
import io.github.lsbaws.natives.FdInputStream;
import io.github.lsbaws.natives.Posix;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the parent serves itself before its first fork, so that a child runs no code for the
 * first time: a child's whole life on a loopback connection, and requests served in memory
 * (the application's warm-up targets and learned requests). The loop's own rehearsal is
 * {@link ForkingServer#rehearseLoop}.
 */
final class Rehearsal {
    private final ForkingServer server;
    private final ChildLife child;
    private final String loopbackHost;
    private final int port;

    Rehearsal(ForkingServer server, ChildLife child, String loopbackHost, int port) {
        this.server = server;
        this.child = child;
        this.loopbackHost = loopbackHost;
        this.port = port;
    }

    /**
     * Plays a child's part in the parent, once, on a real TCP connection over the loopback
     * interface (a listener of its own, so no client of the server can be caught by it): the
     * request is sent and the client half-closed first, so one thread can play both ends. Every
     * call site and native call a child makes on that path, from announcing itself to the
     * lingering close, is then linked before the first fork instead of in every child, at the
     * interpreter's pace. The request and its response must fit in the connection's buffers.
     * Returns the response.
     */
    String child(ConnectionHandler connectionHandler, byte[] request) throws IOException {
        int listener = Posix.listen(loopbackHost, 0, 1);
        int client = -1;
        try {
            client = Posix.connect(Posix.localAddress(listener));
            Posix.setTimeouts(client, ChildLife.LINGER_MILLIS);
            Posix.writeFully(client, request, 0, request.length);
            Posix.shutdownOutput(client);
            int connection = Posix.accept(listener);
            if (connection < 0) {
                throw new IOException("the loopback connection did not arrive");
            }
            // What a child inherits and closes, here descriptors of no consequence; no parent-death
            // signal (a server JVM has none: its launchers never set one).
            Map<Integer, ForkingServer.Unborn> sibling = new LinkedHashMap<>(Map.of(-1, new ForkingServer.Unborn(-1, 0)));
            ChildLife.Inherited rehearsal = new ChildLife.Inherited(-1, -1, -1, -1, new Epoll(1), sibling.values(),
                    Posix.parentPid(), 0);
            int status = child.live(connection, rehearsal, connectionHandler, ChildLife.AccessLog.REHEARSAL);
            server.takeBirths(); // what the rehearsal wrote to the birth pipe: the loop would not know the pid
            if (status != 0) {
                throw new IOException("the rehearsed child failed (status " + status + ")");
            }
            return new String(new FdInputStream(client).readAllBytes(), StandardCharsets.ISO_8859_1);
        } finally {
            Posix.close(listener);
            Posix.close(client);
        }
    }

    /**
     * Serves one request to connectionHandler in memory, as a child would but without a socket,
     * so that a response of any size fits: for the application's warm-up targets and learned
     * requests, whose responses can be larger than a loopback connection holds unread. With
     * logged, the access log line says it was the parent's. Returns the response's status, 0 if
     * none was sent.
     */
    int warmUp(ConnectionHandler connectionHandler, byte[] request, boolean logged) {
        ConnectionInfo info = new ConnectionInfo(new InetSocketAddress("127.0.0.1", 1), new InetSocketAddress("127.0.0.1", port), port);
        StatusLine status = new StatusLine(null);
        connectionHandler.serve(new ByteArrayInputStream(request), status, info, Posix.pid(), () -> { },
                logged ? new ChildLife.AccessLog("Warmed up in the parent: ", ServerLog.STDOUT) : ChildLife.AccessLog.REHEARSAL);
        return status.code();
    }
}
