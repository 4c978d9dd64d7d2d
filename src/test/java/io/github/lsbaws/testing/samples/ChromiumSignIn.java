package io.github.lsbaws.testing.samples;

import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A browser signs in through servlet-plain's form and keeps its session across page loads:
 * Chromium follows the redirect to the form, fills it and submits it, then loads the account
 * page again and again, and every load shows the same user and a visit count one higher. The
 * DevTools protocol tells which connection carried each page: the first loads reuse Chromium's
 * keep-alive connection, the later ones send "Connection: close", which ends the connection
 * they come on, so that each one after comes on a new connection. Under a forking server each connection is a new child, so the pids on the page
 * differ across connections (and agree within one); a server that does not fork shows one pid.
 */
final class ChromiumSignIn {
    /** What one load of the account page showed, and the connection it came on. */
    private record Visit(String user, int visits, long pid, Object connection) {}

    private ChromiumSignIn() {}

    static void check(Target target) throws Exception {
        HeadlessChromium.requireInstalled();
        SampleHttp http = target.http();
        URI account = http.url("account");
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            chromium.navigate(account);
            chromium.expectAt(http.url("login"), "the sign-in form, redirected to from the account page");
            chromium.runAndAwaitLoad("document.getElementById('username').value = 'ada';"
                    + "document.getElementById('password').value = 'lovelace';"
                    + "document.getElementById('sign-in').click();");
            chromium.expectAt(account, "the account page after signing in");
            List<Visit> visits = new ArrayList<>();
            visits.add(visit(chromium, account));
            for (int i = 0; i < 2; i++) {
                chromium.navigate(account);
                visits.add(visit(chromium, account));
            }
            chromium.closeConnectionAfterEachPage(true);
            for (int i = 0; i < 4; i++) {
                chromium.navigate(account);
                visits.add(visit(chromium, account));
            }
            chromium.closeConnectionAfterEachPage(false);
            assertVisits(target, visits);
            assertSessionCookie(chromium, http);

            chromium.runAndAwaitLoad("document.getElementById('sign-out').click();");
            chromium.expectAt(http.url("login?signed-out"), "the sign-in form after signing out");
            Object message = chromium.evaluate("document.getElementById('message').textContent");
            if (!"You have signed out.".equals(message)) {
                throw new AssertionError("after signing out the page says " + message);
            }
            chromium.navigate(account);
            chromium.expectAt(http.url("login"), "the sign-in form: the account page is closed after signing out");
        }
    }

    private static void assertVisits(Target target, List<Visit> visits) {
        List<Object> connections = new ArrayList<>();
        List<Long> pids = new ArrayList<>();
        for (int i = 0; i < visits.size(); i++) {
            Visit visit = visits.get(i);
            if (!visit.user().equals("ada") || visit.visits() != i + 1) {
                throw new AssertionError("load " + (i + 1) + " of the account page showed " + visit + "; all loads: " + visits);
            }
            connections.add(visit.connection());
            pids.add(visit.pid());
        }
        Map<Object, Long> pidOfConnection = Processes.assertServedPerConnection(target, connections, pids, "the account page's loads " + visits);
        if (pidOfConnection.size() < 4) {
            throw new AssertionError("expected at least 4 connections (the last 3 pages each on its own), saw " + visits);
        }
        System.out.println("    chromium: " + visits.size() + " loads of the account page on " + pidOfConnection.size()
                + " connections, served by pids " + new TreeSet<>(pidOfConnection.values()));
    }

    @SuppressWarnings("unchecked")
    private static void assertSessionCookie(HeadlessChromium chromium, SampleHttp http) throws Exception {
        Map<String, Object> result = chromium.call("Network.getCookies", "{\"urls\":[" + Json.quote(http.base().toString()) + "]}");
        for (Object each : (List<Object>) result.get("cookies")) {
            Map<String, Object> cookie = (Map<String, Object>) each;
            if ("JSESSIONID".equals(cookie.get("name"))) {
                if (!Boolean.TRUE.equals(cookie.get("httpOnly")) || !"Lax".equals(cookie.get("sameSite"))) {
                    throw new AssertionError("the browser holds the session cookie as " + cookie + ", not HttpOnly with SameSite=Lax");
                }
                return;
            }
        }
        throw new AssertionError("the browser holds no JSESSIONID cookie for " + http.base() + ": " + result);
    }

    private static Visit visit(HeadlessChromium chromium, URI account) throws Exception {
        Object connection = chromium.connectionOfPage(account);
        Map<String, Object> shown = Json.object(String.valueOf(chromium.evaluate("JSON.stringify({"
                + "user: document.getElementById('user').textContent,"
                + "visits: Number(document.getElementById('visits').textContent),"
                + "pid: Number(document.getElementById('pid').textContent)})")));
        return new Visit((String) shown.get("user"), ((BigDecimal) shown.get("visits")).intValueExact(),
                ((BigDecimal) shown.get("pid")).longValueExact(), connection);
    }
}
