package io.github.lsbaws.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lsbaws.testing.HttpConnection;
import io.github.lsbaws.testing.HttpConnection.Reply;
import io.github.lsbaws.testing.RawHttp;
import io.github.lsbaws.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HTTP/1.1 over real sockets against the forked server: persistence, pipelining, framing, hostile input. */
class HttpProtocolTest {
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start("io.github.lsbaws.testapps.ProtocolApps:app");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static HttpConnection connect() throws Exception {
        return new HttpConnection(server.port());
    }

    @Test
    void oneConnectionServesSeveralRequestsFromOneChild() throws Exception {
        try (HttpConnection connection = connect()) {
            String pid = null;
            for (int i = 0; i < 3; i++) {
                Reply reply = connection.send("GET /pid HTTP/1.1\r\nHost: h\r\n\r\n").read();
                assertEquals(200, reply.status());
                assertNull(reply.headers().get("connection"), "HTTP/1.1 keeps the connection without saying so");
                pid = pid == null ? reply.body() : pid;
                assertEquals(pid, reply.body(), "a persistent connection stays with its child");
            }
            Reply last = connection.send("GET /pid HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n").read();
            assertEquals("close", last.headers().get("connection"));
            assertTrue(connection.closedByServer());
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (HttpConnection connection = connect()) {
            connection.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nfirst"
                    + "GET /stream HTTP/1.1\r\nHost: h\r\n\r\n"
                    + "POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    + "3\r\nthi\r\n2\r\nrd\r\n0\r\n\r\n");
            assertEquals("first", connection.read().body());
            Reply streamed = connection.read();
            assertEquals("chunked", streamed.headers().get("transfer-encoding"));
            assertEquals("one,two,three", streamed.body());
            assertEquals("third", connection.read().body());
            assertTrue(connection.closedByServer());
        }
    }

    @Test
    void http10ClosesUnlessAskedToKeepAlive() throws Exception {
        try (HttpConnection connection = connect()) {
            Reply reply = connection.send("GET /stream HTTP/1.0\r\n\r\n").read();
            assertEquals("one,two,three", reply.body(), "an HTTP/1.0 client gets a close-delimited body");
            assertEquals("close", reply.headers().get("connection"));
        }
        try (HttpConnection connection = connect()) {
            Reply first = connection.send("GET /pid HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
            assertEquals("keep-alive", first.headers().get("connection"));
            Reply second = connection.send("GET /pid HTTP/1.0\r\n\r\n").read();
            assertEquals(first.body(), second.body());
            assertTrue(connection.closedByServer());
        }
    }

    @Test
    void headAndNoContentCarryNoBodyAndKeepTheConnectionUsable() throws Exception {
        try (HttpConnection connection = connect()) {
            Reply head = connection.send("HEAD /stream HTTP/1.1\r\nHost: h\r\n\r\n").read(true);
            assertEquals(200, head.status());
            Reply empty = connection.send("GET /nocontent HTTP/1.1\r\nHost: h\r\n\r\n").read();
            assertEquals(204, empty.status());
            assertFalse(empty.headers().containsKey("content-length"));
            assertEquals("ok", connection.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nok").read().body());
        }
    }

    @Test
    void expectContinueGetsAnInterimResponseBeforeTheBody() throws Exception {
        try (HttpConnection connection = connect()) {
            connection.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
            assertEquals("HTTP/1.1 100 Continue", connection.read().statusLine());
            assertEquals("body", connection.send("body").read().body());
        }
    }

    @Test
    void unreadBodyIsDrainedBeforeTheNextRequest() throws Exception {
        try (HttpConnection connection = connect()) {
            connection.send("POST /ignore-body HTTP/1.1\r\nHost: h\r\nContent-Length: 6\r\n\r\nunread"
                    + "GET /stream HTTP/1.1\r\nHost: h\r\n\r\n");
            assertEquals("ignored", connection.read().body());
            assertEquals("one,two,three", connection.read().body());
        }
    }

    @Test
    void smugglingAttemptsAreRefusedAndTheConnectionClosed() throws Exception {
        String[] attacks = {
            "POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /pid HTTP/1.1\r\n\r\n",
            "POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nContent-Length: 40\r\n\r\nabcd",
            "POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: \"chunked\"\r\n\r\n",
            "GET /pid HTTP/1.1\r\nHost: h\r\nX: a\nY: b\r\n\r\n",
            "GET /pid HTTP/1.1\r\nHost: h\r\n X-Folded: yes\r\n\r\n",
        };
        for (String attack : attacks) {
            try (HttpConnection connection = connect()) {
                Reply reply = connection.send(attack).read();
                assertEquals(400, reply.status(), attack);
                assertEquals("close", reply.headers().get("connection"));
                assertTrue(connection.closedByServer(), "connection left open after: " + attack);
            }
        }
    }

    @Test
    void unknownTransferCodingIsNotImplemented() throws Exception {
        try (HttpConnection connection = connect()) {
            Reply reply = connection.send("POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: xchunked\r\n\r\n").read();
            assertEquals(501, reply.status());
            assertTrue(connection.closedByServer());
        }
    }

    @Test
    void oversizedInputGetsItsStatus() throws Exception {
        assertTrue(RawHttp.exchange(server.port(), "GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: h\r\n\r\n")
                .startsWith("HTTP/1.1 414 URI Too Long\r\n"));
        assertTrue(RawHttp.exchange(server.port(), "GET / HTTP/1.1\r\nHost: h\r\nX: " + "v".repeat(70_000) + "\r\n\r\n")
                .startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n"));
        assertTrue(RawHttp.exchange(server.port(), "POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 999999999\r\n\r\n")
                .startsWith("HTTP/1.1 413 Content Too Large\r\n"));
        assertTrue(RawHttp.exchange(server.port(), "GET / HTTP/3.0\r\nHost: h\r\n\r\n")
                .startsWith("HTTP/1.1 505 HTTP Version Not Supported\r\n"));
    }

    @Test
    void configuredLimitsApply() throws Exception {
        try (TestServer small = TestServer.start("io.github.lsbaws.testapps.ProtocolApps:app",
                options -> options.withHttpLimits(2048, 10, 1000))) {
            assertTrue(RawHttp.exchange(small.port(), "GET / HTTP/1.1\r\nHost: h\r\nX: " + "v".repeat(3000) + "\r\n\r\n")
                    .startsWith("HTTP/1.1 431 "));
            assertTrue(RawHttp.exchange(small.port(), "POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n")
                    .startsWith("HTTP/1.1 413 "));
            try (HttpConnection stalled = new HttpConnection(small.port())) {
                Reply reply = stalled.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc").read();
                assertEquals(408, reply.status(), "a body that stops coming is the client's timeout");
                assertTrue(stalled.closedByServer());
            }
            small.awaitOutput("client timed out sending the body of \"POST /echo HTTP/1.1\"");
            try (HttpConnection idle = new HttpConnection(small.port())) {
                long start = System.nanoTime();
                assertEquals(200, idle.send("GET /pid HTTP/1.1\r\nHost: h\r\n\r\n").read().status());
                assertTrue(idle.closedByServer(), "an idle keep-alive connection closes");
                assertTrue((System.nanoTime() - start) / 1e9 < 4, "closed by the 1 s idle timeout, not a default");
            }
        }
    }

    @Test
    void slowHeadersTimeOutWith408() throws Exception {
        try (HttpConnection connection = connect()) {
            Reply reply = connection.send("GET /pid HTTP/1.1\r\nHost: h\r\n").read(); // never finishes its headers
            assertEquals(408, reply.status());
            assertTrue(connection.closedByServer());
        }
    }
}
