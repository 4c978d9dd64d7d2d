package io.github.lsbaws.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.lsbaws.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real clients against the forked server: curl, a strict h11 client, ab, wrk, slowhttptest and
 * headless Chromium (bounded: a few hundred requests or a few seconds, 127.0.0.1 only). A client
 * that is not installed skips its test with the reason printed (.ci/run installs them).
 */
class RealClientsTest {
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start("io.github.lsbaws.testapps.ProtocolApps:app");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** Runs a command to completion (30 s at most) and returns its standard output; fails on a non-zero exit. */
    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("timed out: " + command);
        }
        assertEquals(0, process.exitValue(), command + " said:\n" + output);
        return output;
    }

    private static void requireTool(List<String> probe, String what) throws InterruptedException {
        boolean present;
        try {
            present = new ProcessBuilder(probe).redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            present = false;
        }
        if (!present) {
            System.out.println("SKIPPED: " + what + " is not installed (apt-get install -y " + what + ")");
        }
        assumeTrue(present, what + " is not installed");
    }

    @Test
    void curlReusesOneConnectionForSeveralUrls() throws Exception {
        requireTool(List.of("curl", "--version"), "curl");
        String base = "http://127.0.0.1:" + server.port();
        String output = run(List.of("curl", "--http1.1", "-sS", "-w", " %{http_code} %{num_connects}\\n",
                base + "/pid", base + "/pid", "-d", "posted", base + "/echo"));
        String[] lines = output.strip().split("\n");
        assertEquals(3, lines.length, output);
        assertEquals(lines[0].split(" ")[0], lines[1].split(" ")[0], "the same child answered: " + output);
        assertEquals("0", lines[1].split(" ")[2], "curl had to reconnect: " + output);
        assertEquals("posted 200 0", lines[2].strip());
    }

    @Test
    void curlRawSeesTheChunks() throws Exception {
        requireTool(List.of("curl", "--version"), "curl");
        String output = run(List.of("curl", "--http1.1", "-sS", "--raw", "http://127.0.0.1:" + server.port() + "/stream"));
        assertEquals("4\r\none,\r\n4\r\ntwo,\r\n5\r\nthree\r\n0\r\n\r\n", output);
    }

    @Test
    void strictH11ClientAcceptsEveryResponse() throws Exception {
        List<String> python = List.of("/usr/bin/python3");
        List<String> probe = new ArrayList<>(python);
        probe.addAll(List.of("-c", "import h11"));
        requireTool(probe, "python3-h11");
        Path script = Path.of(RealClientsTest.class.getResource("/h11_client.py").toURI());
        List<String> command = new ArrayList<>(python);
        command.addAll(List.of(script.toString(), Integer.toString(server.port())));
        String output = run(command);
        // One keep-alive connection, one child: both /pid answers name it, and it logged the requests it served.
        String pid = output.lines().findFirst().orElseThrow().replaceFirst("^GET /pid 200 length \\d+ ", "");
        assertTrue(pid.matches("\\d+") && !pid.equals(Long.toString(server.pid())), "not a child's pid: " + output);
        assertEquals("""
                GET /pid 200 length %d %s
                POST /echo 200 length 13
                GET /stream 200 chunked 13
                HEAD /stream 200 length 0
                GET /nocontent 204 length 0
                GET /pid 200 length %d %s
                """.formatted(pid.length(), pid, pid.length(), pid), output);
        server.awaitOutput("\"POST /echo HTTP/1.1\" 200 13 ");
        assertTrue(Pattern.compile("\"POST /echo HTTP/1\\.1\" 200 13 .* pid=" + pid + "$", Pattern.MULTILINE)
                .matcher(server.output()).find(), "the child " + pid + " did not log the POST:\n" + server.output());
    }

    @Test
    void apacheBenchWithAndWithoutKeepAlive() throws Exception {
        requireTool(List.of("sh", "-c", "command -v ab"), "apache2-utils");
        // an answer of one length: ab counts one of another length as failed, and a child's pid has fewer
        // digits than its predecessor's once pid numbers wrap (at 32768 on some machines)
        String url = "http://127.0.0.1:" + server.port() + "/ignore-body";
        // Fewer requests than a connection may carry: ab hands requests to whichever connection is free, so on a
        // slow machine one connection can carry most of them, and its last allowed request is answered "close".
        int requests = ConnectionHandler.MAX_REQUESTS - 1;
        for (List<String> options : List.<List<String>>of(List.of(), List.of("-k"))) {
            List<String> command = new ArrayList<>(List.of("ab", "-q", "-n", "" + requests, "-c", "8", "-s", "10"));
            command.addAll(options);
            command.add(url);
            String output = run(command);
            assertTrue(output.contains("Complete requests:      " + requests), output);
            assertTrue(output.contains("Failed requests:        0"), output);
            assertFalse(output.contains("Non-2xx"), output);
            if (options.contains("-k")) {
                assertTrue(output.contains("Keep-Alive requests:    " + requests), output);
            }
        }
    }

    @Test
    void wrkWithAndWithoutKeepAlive() throws Exception {
        requireTool(List.of("sh", "-c", "command -v wrk"), "wrk");
        String url = "http://127.0.0.1:" + server.port() + "/pid";
        for (List<String> options : List.<List<String>>of(List.of(), List.of("-H", "Connection: close"))) {
            List<String> command = new ArrayList<>(List.of("wrk", "-t1", "-c8", "-d2s", "--timeout", "5s"));
            command.addAll(options);
            command.add(url);
            String output = run(command);
            assertTrue(output.contains("requests in"), output);
            assertFalse(output.contains("Non-2xx"), output);
            assertFalse(output.contains("Socket errors"), output);
        }
    }

    @Test
    void slowlorisHoldsOnlyItsOwnChildrenAndTheyAreKilled() throws Exception {
        requireTool(List.of("sh", "-c", "command -v slowhttptest"), "slowhttptest");
        // Its own server: a 3 s request timeout, so that the slow connections are killed during the attack.
        try (TestServer target = TestServer.start("io.github.lsbaws.testapps.ProtocolApps:app",
                options -> options.withLimits(1024, 256, 3000, 10_000))) {
            String url = "http://127.0.0.1:" + target.port() + "/pid";
            Process attack = new ProcessBuilder("slowhttptest", "-H", "-c", "60", "-r", "30", "-i", "1", "-l", "8",
                    "-p", "2", "-u", url).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                Thread.sleep(3000);
                // The attack's connections each hold a child; everyone else is still served.
                String answer = io.github.lsbaws.testing.RawHttp.exchange(target.port(),
                        "GET /pid HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
                assertTrue(answer.startsWith("HTTP/1.1 200 OK\r\n"), answer);
                target.awaitOutput("exceeded the request timeout of 3000 ms: killed (SIGKILL)");
            } finally {
                if (!attack.waitFor(20, TimeUnit.SECONDS)) {
                    attack.destroyForcibly().waitFor();
                }
            }
        }
    }

    @Test
    void headlessChromiumLoadsAPageWithAssetsAndPostsAForm() throws Exception {
        requireTool(List.of("chromium", "--version"), "chromium");
        Path profile = java.nio.file.Files.createTempDirectory("lsbaws-chromium");
        try (TestServer site = TestServer.start("io.github.lsbaws.testapps.WebApps:site")) {
            Process browser = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--user-data-dir=" + profile, "--virtual-time-budget=10000", "--dump-dom",
                    "http://127.0.0.1:" + site.port() + "/").redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String dom;
            try {
                dom = new String(browser.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(browser.waitFor(60, TimeUnit.SECONDS), "chromium did not finish");
            } finally {
                browser.descendants().forEach(ProcessHandle::destroyForcibly);
                browser.destroyForcibly().waitFor();
            }
            assertTrue(dom.contains("<p id=\"result\">received greeting=hi+there&amp;css=ok&amp;img=ok by POST</p>"), dom);
            for (String request : List.of("\"GET / HTTP/1.1\" 200", "\"GET /style.css HTTP/1.1\" 200",
                    "\"GET /app.js HTTP/1.1\" 200", "\"GET /logo.svg HTTP/1.1\" 200", "\"POST /submit HTTP/1.1\" 200")) {
                site.awaitOutput(request);
            }
        } finally {
            try (var files = java.nio.file.Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
    }
}
