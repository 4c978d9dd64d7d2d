package io.github.lsbaws.testapps;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Opens a connection while it loads, as a client of a cache or a broker does, to the port named by
 * -Dlsbaws.test.peerPort, and writes to it on each request: answers "written" or what the write
 * threw. It also opens a connection of its own in the request, to show a child's new sockets work.
 */
public class ParentSocketApp {
    private static final Socket OPENED_AT_LOAD = connect();

    public static final ServerApps.App app = (environ, start) -> {
        String outcome;
        try {
            OutputStream out = OPENED_AT_LOAD.getOutputStream();
            out.write(("from " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            outcome = "written";
        } catch (IOException e) {
            outcome = "failed: " + e;
        }
        String own;
        try (Socket fresh = connect()) {
            fresh.getOutputStream().write(("own " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII));
            own = "own connection written";
        } catch (IOException | RuntimeException e) {
            own = "own connection failed: " + e;
        }
        start.accept("200 OK", List.of(Map.entry("Content-Type", "text/plain")));
        return List.of((outcome + "; " + own).getBytes(StandardCharsets.UTF_8));
    };

    private static Socket connect() {
        try {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", Integer.getInteger("lsbaws.test.peerPort")), 5000);
            return socket;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
