package io.github.lsbaws.testing.samples;

import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A browser adds an owner through servlet-jsp's form (Spring's form tags): Chromium loads the
 * form, submits it without a name and sees it re-rendered with the field's message and the city
 * it typed, then submits it filled in and follows the redirect to the owners page, which lists
 * the new owner. The sample keeps the owners a browser added in its session, so the list is the
 * session's: loading the owners page on new connections ("Connection: close" on each request),
 * each served by a new child under a forking server, shows the same owners, and an owner added
 * on yet other connections shows up on the next.
 */
final class ChromiumOwnerForm {
    /** One load of the owners page: the owners listed (name and city per row), the pid shown, the connection. */
    private record Visit(List<String> owners, long pid, Object connection) {}

    private static final List<String> LISTED = List.of("George Franklin, MADISON!", "Betty Davis, SUN PRAIRIE!");

    private ChromiumOwnerForm() {}

    static void check(Target target) throws Exception {
        HeadlessChromium.requireInstalled();
        SampleHttp http = target.http();
        URI form = http.url("owners/new");
        URI owners = http.url("owners");
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            chromium.navigate(form);
            chromium.expectAt(form, "the new-owner form");
            submit(chromium, "", "Oslo");
            chromium.expectAt(form, "the form re-rendered by the POST without a name");
            Map<String, Object> rerendered = Json.object(String.valueOf(chromium.evaluate("JSON.stringify({"
                    + "nameError: document.getElementById('name.errors')?.textContent ?? null,"
                    + "cityError: document.getElementById('city.errors')?.textContent ?? null,"
                    + "city: document.getElementById('city').value})")));
            if (!"must not be blank".equals(rerendered.get("nameError")) || rerendered.get("cityError") != null
                    || !"Oslo".equals(rerendered.get("city"))) {
                throw new AssertionError("the form re-rendered without a name should say the name must not be blank and keep the city,"
                        + " but shows " + rerendered + ":\n" + chromium.evaluate("document.documentElement.outerHTML"));
            }

            submit(chromium, "Ada <Lovelace>", "London");
            chromium.expectAt(owners, "the owners page, redirected to after adding an owner");
            List<String> withAda = new ArrayList<>(LISTED);
            withAda.add("Ada <Lovelace>, LONDON!");
            List<Visit> visits = new ArrayList<>();
            visits.add(visit(chromium, owners, withAda));

            chromium.closeConnectionAfterEachPage(true);
            for (int i = 0; i < 3; i++) {
                chromium.navigate(owners);
                visits.add(visit(chromium, owners, withAda));
            }
            chromium.navigate(form);
            submit(chromium, "Grace Hopper", "Arlington");
            chromium.expectAt(owners, "the owners page after adding a second owner");
            List<String> withGrace = new ArrayList<>(withAda);
            withGrace.add("Grace Hopper, ARLINGTON!");
            visits.add(visit(chromium, owners, withGrace));
            chromium.navigate(owners);
            visits.add(visit(chromium, owners, withGrace));
            chromium.closeConnectionAfterEachPage(false);

            List<Object> connections = visits.stream().map(Visit::connection).toList();
            List<Long> pids = visits.stream().map(Visit::pid).toList();
            Map<Object, Long> pidOfConnection = Processes.assertServedPerConnection(target, connections, pids,
                    "the owners page's loads " + visits);
            if (pidOfConnection.size() < 5) {
                throw new AssertionError("expected at least 5 connections (the pages after the first each on its own), saw " + visits);
            }
            System.out.println("    chromium: added 2 owners through the form; " + visits.size() + " loads of the owners page on "
                    + pidOfConnection.size() + " connections, served by pids " + new TreeSet<>(pidOfConnection.values()));
        }
    }

    /** Types into the form's fields and clicks its button, as a user does, and waits for the page that answers. */
    private static void submit(HeadlessChromium chromium, String name, String city) throws Exception {
        chromium.runAndAwaitLoad("document.getElementById('name').value = " + Json.quote(name) + ";"
                + "document.getElementById('city').value = " + Json.quote(city) + ";"
                + "document.querySelector('#owner-form button[type=submit]').click();");
    }

    private static Visit visit(HeadlessChromium chromium, URI owners, List<String> expected) throws Exception {
        Object connection = chromium.connectionOfPage(owners);
        Map<String, Object> shown = Json.object(String.valueOf(chromium.evaluate("JSON.stringify({"
                + "owners: Array.from(document.querySelectorAll('#owners tr.owner'),"
                + "  row => row.cells[1].textContent + ', ' + row.cells[2].textContent).join('\\n'),"
                + "title: document.querySelector('.card-title').textContent,"
                + "pid: Number(document.getElementById('pid').textContent.replace('pid ', ''))})")));
        List<String> listed = List.of(((String) shown.get("owners")).split("\n"));
        Visit visit = new Visit(listed, ((BigDecimal) shown.get("pid")).longValueExact(), connection);
        if (!listed.equals(expected) || !(expected.size() + " owners").equals(shown.get("title"))) {
            throw new AssertionError("the owners page should list " + expected + " (the session's owners after the sample's),"
                    + " but shows " + shown.get("title") + ": " + listed + "; on " + visit);
        }
        return visit;
    }
}
