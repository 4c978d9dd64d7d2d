package io.github.lsbaws.servlet;

import io.github.lsbaws.testing.RawHttp;
import io.github.lsbaws.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark, not a test: the time in the child (the access log's "x.yms") of a servlet that
 * answers a small JSON body, served by -Dapp, with no warm-up and with the path warmed up in the
 * parent, and of the same request through the basic web application (filters, a prefix mapping).
 * Connection per request, one at a time, 127.0.0.1. Run by scripts/servlet-child-time.sh.
 *
 * <p>usage: ServletChildTime [REQUESTS=200]
 */
public final class ServletChildTime {
    private static final Pattern CHILD_TIME = Pattern.compile("\"GET (\\S+) HTTP/1.1\" 200 \\d+ (\\d+\\.\\d+)ms gen=\\d+ pid=");

    private ServletChildTime() {}

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Path state = Files.createTempDirectory("lsbaws-child-time");
        String hello = "io.github.lsbaws.testapps.servlet.HelloServlet";
        String webapp = ServletFixture.webapp("basic").toString();
        // For scale: a WSGI-style application, warmed up, in the same run.
        measure("WSGI-style app (for scale), warmup /hello", "io.github.lsbaws.testapps.Apps:app", null, List.of("/hello"),
                "/hello", requests, state);
        measure("-Dapp=HelloServlet, cold", hello, null, List.of(), "/hello?name=x", requests, state);
        measure("-Dapp=HelloServlet, warmup /hello?name=x", hello, null, List.of("/hello?name=x"), "/hello?name=x", requests, state);
        measure("basic webapp /echo/x, cold", null, webapp, List.of(), "/echo/x?a=1", requests, state);
        measure("basic webapp /echo/x, warmup /echo/x?a=1", null, webapp, List.of("/echo/x?a=1"), "/echo/x?a=1", requests, state);
        measure("basic webapp /style.css (static), cold", null, webapp, List.of(), "/style.css", requests, state);
        measure("basic webapp /style.css (static), warmup", null, webapp, List.of("/style.css"), "/style.css", requests, state);
    }

    private static void measure(String label, String app, String webapp, List<String> warmup, String target, int requests, Path state)
            throws Exception {
        long started = System.nanoTime();
        try (TestServer server = TestServer.start(app, options -> options.withWebApp(webapp, "", state.toString()).withWarmup(warmup))) {
            double startSeconds = (System.nanoTime() - started) / 1e9;
            for (int i = 0; i < requests; i++) {
                String response = RawHttp.exchange(server.port(), "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
                if (!response.startsWith("HTTP/1.1 200 ")) {
                    throw new IllegalStateException(label + ": " + response);
                }
            }
            List<Double> times = new ArrayList<>();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (times.size() < requests && System.nanoTime() < deadline) {
                times.clear();
                for (String line : server.output().split("\n")) {
                    Matcher m = CHILD_TIME.matcher(line);
                    if (m.find() && !line.contains("Warmed up in the parent")) {
                        times.add(Double.parseDouble(m.group(2)));
                    }
                }
                Thread.sleep(50);
            }
            System.out.printf("%-46s start %.1f s; child time %s%n", label, startSeconds, percentiles(times));
        }
    }

    static String percentiles(List<Double> times) {
        double[] sorted = times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            return "no samples";
        }
        return String.format("n=%d first=%.2f p50=%.2f p90=%.2f max=%.2f ms", sorted.length, times.get(0),
                sorted[sorted.length / 2], sorted[(int) (sorted.length * 0.9)], sorted[sorted.length - 1]);
    }
}
