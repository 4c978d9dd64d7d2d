package io.github.lsbaws.testing.samples;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks of src/it/servlet-jsp: Spring MVC whose views are JSP pages compiled by Apache
 * Jasper (JSTL core and fmt, Spring's form tags, a jsp:include, a tag file, an EL function from a
 * WEB-INF tag library descriptor), a jsp-file servlet, JSP error pages, and a page that does not
 * compile.
 */
public final class JspChecks {
    private static final Pattern PID = Pattern.compile("<p id=\"pid\">pid (\\d+)</p>");
    private static final String MOTD = "src/main/webapp/WEB-INF/jsp/motd.jsp";

    private JspChecks() {}

    public static List<Check> checks(Target target) {
        SampleHttp http = target.http();
        return List.of(
                new Check("a JSP view: c:forEach, fmt, an included page, a tag file, a WEB-INF TLD's function", () -> {
                    Reply owners = Expect.that(http, http.get("owners").send())
                            .status(200)
                            .contentType("text/html", "utf-8")
                            .textContains("<header><h1>Pet clinic: Owners</h1><p class=\"included-from\">"
                                    + http.basePath() + "WEB-INF/jsp/fragments/header.jsp</p></header>")
                            .textContains("<h2 class=\"card-title\">2 owners</h2>")
                            .textContains("<tr class=\"owner\"><td>1</td><td>George Franklin</td><td>MADISON!</td>"
                                    + "<td>1,234.50</td><td>2019-03-14</td></tr>")
                            .textContains("<tr class=\"owner\"><td>2</td><td>Betty Davis</td><td>SUN PRAIRIE!</td>"
                                    + "<td>99.00</td><td>2021-11-02</td></tr>")
                            .reply();
                    containsUrl(http, owners, "<a href=\"", http.basePath() + "owners/new", "\">");
                }),
                new Check("Spring's form tags: the form, an invalid POST re-rendered with its errors, a valid one redirected", () -> {
                    CookieJar cookies = new CookieJar();
                    Reply form = Expect.that(http, http.get("owners/new").cookies(cookies).send())
                            .status(200)
                            .textContains("<input id=\"name\" name=\"name\" type=\"text\" value=\"\"/>")
                            .reply();
                    containsUrl(http, form, "<form id=\"owner-form\" action=\"", http.basePath() + "owners/new", "\" method=\"post\">");
                    Expect.that(http, http.post("owners/new").form("name", "", "city", "Oslo").cookies(cookies).send())
                            .status(200)
                            .textContains("<span id=\"name.errors\" class=\"error\">must not be blank</span>")
                            .textContains("<input id=\"city\" name=\"city\" type=\"text\" value=\"Oslo\"/>");
                    Expect.that(http, http.post("owners/new").form("name", "Ada <Lovelace>", "city", "London").cookies(cookies).send())
                            .redirectsTo("owners");
                    Expect.that(http, http.get("owners").cookies(cookies).send())
                            .status(200)
                            .textContains("<h2 class=\"card-title\">3 owners</h2>")
                            .textContains("<td>3</td><td>Ada &lt;Lovelace&gt;</td><td>LONDON!</td>");
                }),
                new Check("a jsp-file servlet", () -> {
                    Expect.that(http, http.get("about").send())
                            .status(200)
                            .textContains("<p id=\"about\">A jsp-file servlet at /about, on 6.x servlets</p>");
                }),
                new Check("JSP error pages: an exception gives 500 through error.jsp, an unknown path 404 through notFound.jsp", () -> {
                    Expect.that(http, http.get("boom").send())
                            .status(500)
                            .textContains("<h1>Error 500</h1>")
                            .textContains("the owners&#039; ledger is closed");
                    Expect.that(http, http.get("no/such/page").send())
                            .status(404)
                            .textContains("<h1>No such page: " + http.basePath() + "no/such/page</h1>");
                }),
                new Check("a JSP that does not compile: 500 naming its file and line, and the next request is served", () -> {
                    Reply broken = Expect.that(http, http.get("broken").send())
                            .status(500)
                            .textContains("/WEB-INF/jsp/broken.jsp (line: [6], column: [0])")
                            .reply();
                    if (!broken.text().contains("Unterminated")) {
                        Expect.that(http, broken).fail("Jasper's message: an unterminated c:forEach");
                    }
                    Expect.that(http, http.get("about").send()).status(200);
                }),
                new Check("a page under WEB-INF is not served to a client", () -> {
                    Expect.that(http, http.get("WEB-INF/jsp/owners.jsp").send()).status(404);
                    Expect.that(http, http.get("WEB-INF/tags/card.tag").send()).status(404);
                }),
                new Check("the serving process, per connection", () -> {
                    List<Long> pids = new ArrayList<>();
                    for (int i = 0; i < 3; i++) {
                        Reply reply = Expect.that(http, http.get("owners").send()).status(200).reply();
                        Matcher pid = PID.matcher(reply.text());
                        if (!pid.find()) {
                            Expect.that(http, reply).fail("the page's pid line");
                        }
                        pids.add(Long.parseLong(pid.group(1)));
                    }
                    Processes.assertServedAsExpected(target, pids, "three requests on three connections");
                }),
                new Check("headless Chromium adds owners through the form, and the session's list follows it across connections",
                        () -> ChromiumOwnerForm.check(target)));
    }

    /**
     * The body holds before + url + after, the URL as the page's encodeURL made it: a container
     * may add ";jsessionid=..." for a client it has not yet seen send the session cookie (Jetty
     * does; lsbaws tracks sessions by cookie only).
     */
    private static void containsUrl(SampleHttp http, Reply reply, String before, String url, String after) {
        Pattern expected = Pattern.compile(Pattern.quote(before + url) + "(;jsessionid=[^\"?#]*)?" + Pattern.quote(after));
        if (!expected.matcher(reply.text()).find()) {
            Expect.that(http, reply).fail("a body containing " + before + url + after + " (a ;jsessionid= allowed after the path)");
        }
    }

    /**
     * Under lsbaws:serve: a page edited while the server runs is served with its new text (the
     * reload compiles it), then restored.
     */
    public static List<Check> whileServing(File basedir, Target target) {
        SampleHttp http = target.http();
        return List.of(new Check("a JSP edited while serving is served with its new text", () -> {
            Path page = basedir.toPath().resolve(MOTD);
            String original = Files.readString(page, StandardCharsets.UTF_8);
            Expect.that(http, http.get("motd").send()).status(200).textContains("the clinic opens at nine.");
            String edited = original.replace("the clinic opens at nine.", "the clinic opens at ten.");
            Files.writeString(page, edited, StandardCharsets.UTF_8);
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                Reply reply;
                do {
                    Thread.sleep(500);
                    reply = http.get("motd").send();
                } while (!reply.text().contains("opens at ten") && System.nanoTime() < deadline);
                Expect.that(http, reply).status(200).textContains("Message of the day: the clinic opens at ten.");
            } finally {
                Files.writeString(page, original, StandardCharsets.UTF_8);
            }
        }));
    }
}
