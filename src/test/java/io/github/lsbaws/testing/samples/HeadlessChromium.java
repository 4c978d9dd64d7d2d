package io.github.lsbaws.testing.samples;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.opentest4j.TestAbortedException;

/**
 * Debian's headless Chromium driven through the DevTools protocol over the JDK's own WebSocket
 * client: one page, navigated, scripted and read. Chromium runs with a new profile directory
 * and the flags that keep it off the network; {@link #close} ends it and every process it
 * started, by pid, and deletes the profile.
 */
public final class HeadlessChromium implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Process browser;
    private final Path profile;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
    private final BlockingQueue<Map<String, Object>> events = new LinkedBlockingQueue<>();
    private final List<Map<String, Object>> recorded = java.util.Collections.synchronizedList(new ArrayList<>());
    private WebSocket socket;
    private String session;

    private HeadlessChromium(Process browser, Path profile) {
        this.browser = browser;
        this.profile = profile;
    }

    /** Whether the chromium command runs here. */
    public static boolean installed() {
        try {
            Process probe = new ProcessBuilder("chromium", "--version").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Skips the calling check, saying why, when the chromium command does not run here. */
    public static void requireInstalled() {
        if (!installed()) {
            System.out.println("SKIPPED: chromium is not installed (apt-get install -y chromium)");
            throw new TestAbortedException("chromium is not installed");
        }
    }

    /** Starts Chromium with a blank page and attaches to that page. */
    public static HeadlessChromium start() throws Exception {
        Path profile = Files.createTempDirectory("sample-chromium");
        Process browser = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--remote-debugging-port=0", "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(profile.resolve("chromium.log").toFile())
                .start();
        HeadlessChromium chromium = new HeadlessChromium(browser, profile);
        try {
            chromium.connect();
            return chromium;
        } catch (Exception | AssertionError e) {
            chromium.close();
            throw e;
        }
    }

    private void connect() throws Exception {
        // Chromium writes the port it chose and the browser's WebSocket path to this file
        Path activePort = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<String> lines = List.of();
        while (lines.size() < 2) {
            if (!browser.isAlive()) {
                throw new AssertionError("chromium exited with status " + browser.exitValue() + ":\n" + log());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("chromium did not open its DevTools port within " + WAIT + ":\n" + log());
            }
            Thread.sleep(50);
            if (Files.exists(activePort)) {
                lines = Files.readAllLines(activePort);
            }
        }
        URI browserUrl = URI.create("ws://127.0.0.1:" + lines.get(0).strip() + lines.get(1).strip());
        socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(WAIT)
                .buildAsync(browserUrl, new Listener()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        String target = (String) call("Target.createTarget", "{\"url\":\"about:blank\"}").get("targetId");
        session = (String) call("Target.attachToTarget", "{\"targetId\":" + Json.quote(target) + ",\"flatten\":true}").get("sessionId");
        call("Page.enable", "{}");
        call("Network.enable", "{}");
    }

    /** Sends a command to the page (or to the browser before a page is attached) and returns its result. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> call(String method, String paramsJson) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<Map<String, Object>> answer = new CompletableFuture<>();
        pending.put(id, answer);
        String message = "{\"id\":" + id + ",\"method\":" + Json.quote(method) + ",\"params\":" + paramsJson
                + (session == null ? "" : ",\"sessionId\":" + Json.quote(session)) + "}";
        socket.sendText(message, true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        Map<String, Object> response = answer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (response.containsKey("error")) {
            throw new AssertionError(method + " failed: " + response.get("error"));
        }
        return (Map<String, Object>) response.get("result");
    }

    /** Forgets the events received so far (before an action whose events are awaited). */
    public void clearEvents() {
        events.clear();
    }

    /** The next event of this name, waiting for it; the events skipped on the way are dropped. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> awaitEvent(String method) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Map<String, Object> event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError("chromium sent no " + method + " within " + WAIT);
            }
            if (method.equals(event.get("method"))) {
                return (Map<String, Object>) event.get("params");
            }
        }
    }

    /** The parameters of every event of this name received since the last call, in order. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> takeRecorded(String method) {
        List<Map<String, Object>> matching = new ArrayList<>();
        synchronized (recorded) {
            for (Map<String, Object> event : recorded) {
                if (method.equals(event.get("method"))) {
                    matching.add((Map<String, Object>) event.get("params"));
                }
            }
            recorded.removeIf(event -> method.equals(event.get("method")));
        }
        return matching;
    }

    /** Loads a URL and waits for the page's load event (redirects are followed, as a browser does). */
    public void navigate(URI url) throws Exception {
        clearEvents();
        Map<String, Object> result = call("Page.navigate", "{\"url\":" + Json.quote(url.toString()) + "}");
        if (result.get("errorText") != null) {
            throw new AssertionError("chromium could not load " + url + ": " + result.get("errorText"));
        }
        awaitEvent("Page.loadEventFired");
    }

    /** Runs a script in the page and waits for the page that it causes to load. */
    public void runAndAwaitLoad(String script) throws Exception {
        clearEvents();
        evaluate(script);
        awaitEvent("Page.loadEventFired");
    }

    /**
     * Whether each later request carries "Connection: close", so that the server ends its
     * connection after the response and the next page comes on a new connection.
     */
    public void closeConnectionAfterEachPage(boolean close) throws Exception {
        call("Network.setExtraHTTPHeaders", close ? "{\"headers\":{\"Connection\":\"close\"}}" : "{\"headers\":{}}");
    }

    /**
     * The connection that carried the last page (document) loaded from this URL since the last
     * call, as Chromium's network events name it.
     */
    @SuppressWarnings("unchecked")
    public Object connectionOfPage(URI url) {
        Object connection = null;
        for (Map<String, Object> received : takeRecorded("Network.responseReceived")) {
            Map<String, Object> response = (Map<String, Object>) received.get("response");
            if ("Document".equals(received.get("type")) && url.toString().equals(response.get("url"))) {
                connection = response.get("connectionId");
            }
        }
        if (connection == null) {
            throw new AssertionError("chromium reported no response for " + url);
        }
        return connection;
    }

    /**
     * Fails, with the page, unless the page shown is at this URL. A ";jsessionid=" path parameter
     * is not compared: a container may add it to the links of a page it serves to a client whose
     * session cookie it has not seen yet (Jetty does).
     */
    public void expectAt(URI expected, String what) throws Exception {
        Object location = evaluate("location.href.replace(/;jsessionid=[^?#]*/, '')");
        if (!expected.toString().equals(location)) {
            throw new AssertionError("expected " + what + " at " + expected + ", but chromium is at " + location
                    + ":\n" + evaluate("document.documentElement.outerHTML"));
        }
    }

    /** Evaluates a script in the page and returns its value (a string, number, boolean or null). */
    @SuppressWarnings("unchecked")
    public Object evaluate(String expression) throws Exception {
        Map<String, Object> result = call("Runtime.evaluate",
                "{\"expression\":" + Json.quote(expression) + ",\"returnByValue\":true,\"awaitPromise\":true}");
        if (result.get("exceptionDetails") != null) {
            throw new AssertionError("the script failed in the page: " + expression + "\n" + result.get("exceptionDetails"));
        }
        return ((Map<String, Object>) result.get("result")).get("value");
    }

    private String log() {
        try {
            return Files.readString(profile.resolve("chromium.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Ends Chromium and all its descendants, by pid, and deletes the profile. */
    @Override
    public void close() throws Exception {
        List<ProcessHandle> processes = new ArrayList<>(browser.descendants().toList());
        try {
            if (socket != null) {
                session = null;
                try {
                    call("Browser.close", "{}");
                } catch (Exception | AssertionError e) {
                    // it may close the socket before it answers
                }
                socket.abort();
            }
            browser.waitFor(10, TimeUnit.SECONDS);
        } finally {
            processes.addAll(browser.descendants().toList());
            for (ProcessHandle process : processes) {
                process.destroyForcibly();
            }
            browser.destroyForcibly();
            browser.waitFor(10, TimeUnit.SECONDS);
            for (ProcessHandle process : processes) {
                process.onExit().get(10, TimeUnit.SECONDS);
            }
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
        List<Long> left = new ArrayList<>();
        for (ProcessHandle process : processes) {
            if (process.isAlive()) {
                left.add(process.pid());
            }
        }
        if (browser.isAlive() || !left.isEmpty()) {
            throw new AssertionError("chromium processes left running: " + browser.pid() + " " + left);
        }
    }

    /** Collects text frames into messages; answers complete their command, the rest are events. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        @SuppressWarnings("unchecked")
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                Map<String, Object> message = Json.object(partial.toString());
                partial.setLength(0);
                Object id = message.get("id");
                if (id != null) {
                    CompletableFuture<Map<String, Object>> answer = pending.remove(((Number) id).intValue());
                    if (answer != null) {
                        answer.complete(message);
                    }
                } else {
                    events.add(message);
                    recorded.add(message);
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
