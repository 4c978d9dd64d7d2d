package io.github.lsbaws.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lsbaws.testing.ProcessChecks;
import io.github.lsbaws.testing.RawHttp;
import io.github.lsbaws.testing.TestServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The seeds' part 3 client3 scenario, at a CI-sized scale (scripts/client3.sh runs 128, 300
 * and 500 clients): many clients connect at once and keep their connections open after the
 * answer. Every one is answered, no zombie remains, and the parent has no descriptor left over.
 */
class ManyClientsTest {
    private static final int CLIENTS = 100;

    @Test
    void everyClientIsAnsweredAndNothingLeaks() throws Exception {
        try (TestServer server = TestServer.start("io.github.lsbaws.testapps.ServerApps:sleepy")) {
            RawHttp.exchange(server.port(), "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
            long descriptorsBefore = openDescriptors(server.pid());
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    Socket socket = new Socket();
                    socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
                    socket.setSoTimeout(30_000);
                    socket.getOutputStream().write("GET /?ms=200 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    held.add(socket);
                }
                for (Socket socket : held) {
                    String response = readResponse(socket.getInputStream());
                    assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
                }
                // The clients still hold their sockets; the children have answered, exited and been reaped.
                awaitNoChildren(server.pid());
                assertEquals(descriptorsBefore, openDescriptors(server.pid()), "descriptors leaked by the parent");
            } finally {
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
    }

    /** Reads until the server closes its side, as a client3 client does before it lingers. */
    private static String readResponse(InputStream in) throws java.io.IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    private static void awaitNoChildren(long pid) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!ProcessChecks.childrenOf(pid).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(List.of(), ProcessChecks.childrenOf(pid), "children (zombies included) left after every request was answered");
    }

    private static long openDescriptors(long pid) throws java.io.IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return fds.count();
        }
    }
}
