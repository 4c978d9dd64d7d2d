package io.github.lsbaws.testing.samples;

import java.util.ArrayList;
import java.util.List;

/**
 * The checks of src/it/spring-boot-app: a Spring Boot guestbook (Thymeleaf, JPA on H2,
 * validation, actuator) at server.servlet.context-path=/guestbook, relative to the server's root,
 * so that they also check that Boot's context path was applied. Boot's error pages are checked as
 * a browser (Accept: text/html) and as a client that accepts anything gets them.
 */
public final class SpringBootChecks {
    private static final String BROWSER = "text/html,application/xhtml+xml,*/*;q=0.8";

    private SpringBootChecks() {}

    public static List<Check> checks(Target target) {
        SampleHttp http = target.http();
        return List.of(
                new Check("the home page renders with Thymeleaf at the context path", () -> {
                    Expect.that(http, http.get("guestbook/").header("Accept", BROWSER).send())
                            .status(200)
                            .mediaType("text/html")
                            .textContains("<h1>Guestbook</h1>")
                            .textContains("href=\"/guestbook/css/site.css\"")
                            .textContains("action=\"/guestbook/entries\"");
                }),
                new Check("a static resource from classpath:/static", () -> {
                    Expect.that(http, http.get("guestbook/css/site.css").send())
                            .status(200)
                            .mediaType("text/css")
                            .textContains("font-family");
                }),
                new Check("a form POST failing validation re-renders the form with the messages", () -> {
                    Expect.that(http, http.post("guestbook/entries").header("Accept", BROWSER)
                                    .form("author", "", "message", "left without a name").send())
                            .status(200)
                            .mediaType("text/html")
                            .textContains("Please give your name.")
                            .textContains("left without a name</textarea>");
                }),
                new Check("a valid form POST redirects, and the entry is on the page at the next request", () -> {
                    String message = "signed at " + System.nanoTime();
                    Expect.that(http, http.post("guestbook/entries").header("Accept", BROWSER)
                                    .form("author", "Ada", "message", message).send())
                            .redirectsTo("guestbook/");
                    Expect.that(http, http.get("guestbook/").header("Accept", BROWSER).send())
                            .status(200)
                            .textContains("<b>Ada</b>: <span>" + message + "</span>");
                }),
                new Check("actuator's health endpoint is UP", () -> {
                    Expect.that(http, http.get("guestbook/actuator/health").send())
                            .status(200)
                            .jsonField("status", "\"UP\"");
                }),
                new Check("a 404 is Boot's error page: HTML for a browser, JSON for Accept: */*", () -> {
                    Expect.that(http, http.get("guestbook/nowhere").header("Accept", BROWSER).send())
                            .status(404)
                            .mediaType("text/html")
                            .textContains("Whitelabel Error Page");
                    Expect.that(http, http.get("guestbook/nowhere").header("Accept", "*/*").send())
                            .status(404)
                            .mediaType("application/json")
                            .jsonField("status", "404")
                            .jsonField("path", "\"/guestbook/nowhere\"");
                }),
                new Check("an exception is Boot's 500 error page: HTML for a browser, JSON for Accept: */*", () -> {
                    Expect.that(http, http.get("guestbook/broken").header("Accept", BROWSER).send())
                            .status(500)
                            .mediaType("text/html")
                            .textContains("Whitelabel Error Page");
                    Expect.that(http, http.get("guestbook/broken").header("Accept", "*/*").send())
                            .status(500)
                            .mediaType("application/json")
                            .jsonField("error", "\"Internal Server Error\"")
                            .jsonField("path", "\"/guestbook/broken\"");
                }),
                new Check("each connection is served by a process of its own when the server forks, and Boot's PID names it", () -> {
                    List<Long> pids = new ArrayList<>();
                    for (int i = 0; i < 3; i++) {
                        Reply reply = Expect.that(http, http.get("guestbook/pid").send()).status(200).reply();
                        long pid = ((Number) reply.json().get("pid")).longValue();
                        if (!String.valueOf(pid).equals(reply.json().get("pidProperty"))) {
                            Expect.that(http, reply).fail("the system property PID equal to the pid " + pid);
                        }
                        pids.add(pid);
                    }
                    Processes.assertServedAsExpected(target, pids, "/guestbook/pid");
                }));
    }
}
