package io.github.lsbaws.server;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.lsbaws.testing.RawHttp;
import io.github.lsbaws.testing.TestServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A connection the parent opened for the application is unusable in every child: the child's
 * write fails as on a broken connection, and the peer receives nothing from it; a connection the
 * child opens itself works.
 */
class ParentSocketsTest {
    private static final String GET = "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

    @Test
    void aChildCannotWriteToAConnectionTheParentOpened() throws Exception {
        try (ServerSocket peer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            peer.setSoTimeout(30_000);
            try (TestServer server = TestServer.start("io.github.lsbaws.testapps.ParentSocketApp:app", options -> options,
                    List.of("-Dlsbaws.test.peerPort=" + peer.getLocalPort()));
                 Socket openedByParent = peer.accept()) {
                server.awaitOutput("The parent holds 1 connected socket(s) the application opened");
                for (int i = 0; i < 2; i++) {
                    String response = RawHttp.exchange(server.port(), GET);
                    assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
                    String body = RawHttp.body(response);
                    assertTrue(body.startsWith("failed: java.net.SocketException: Broken pipe"), body);
                    assertTrue(body.endsWith("; own connection written"), body);
                    try (Socket ownOfTheChild = peer.accept()) {
                        ownOfTheChild.setSoTimeout(10_000);
                        assertTrue(new String(ownOfTheChild.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)
                                .startsWith("own "));
                    }
                }
                // the children answered after their writes: whatever they had sent would be here by now
                openedByParent.setSoTimeout(500);
                InputStream in = openedByParent.getInputStream();
                try {
                    fail("the peer got " + in.read() + " on the parent's connection (a byte from a child, or -1: closed)");
                } catch (SocketTimeoutException nothing) {
                    // nothing arrived, and the parent still holds its connection open
                }
            }
        }
    }
}
