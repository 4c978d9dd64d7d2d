package io.github.lsbaws.testing.samples;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks of src/it/servlet-spring-mvc: Spring MVC started by a WebApplicationInitializer,
 * a filter, JSON in and out, path and query parameters, exception handlers, an HttpSession.
 */
public final class SpringMvcChecks {
    private SpringMvcChecks() {}

    public static List<Check> checks(Target target) {
        SampleHttp http = target.http();
        return List.of(
                new Check("path and query parameters, through the filter", () -> {
                    Expect.that(http, http.get("api/greetings/Ada?salutation=Hi&times=2").send())
                            .status(200)
                            .mediaType("application/json")
                            .header("X-Sample-Filter", "GET " + http.basePath() + "api/greetings/Ada")
                            .json("{\"name\":\"Ada\",\"greeting\":\"Hi, Ada! Hi, Ada!\"}");
                }),
                new Check("percent-encoded UTF-8 in the path and the query", () -> {
                    // getRequestURI stays encoded; Spring decodes the path variable, the container the query
                    Expect.that(http, http.get("api/greetings/J%C3%BCrgen?salutation=Gr%C3%BC%C3%9F+Gott").send())
                            .status(200)
                            .header("X-Sample-Filter", "GET " + http.basePath() + "api/greetings/J%C3%BCrgen")
                            .json("{\"name\":\"J\u00fcrgen\",\"greeting\":\"Gr\u00fc\u00df Gott, J\u00fcrgen!\"}");
                }),
                new Check("a JSON body in, 201 and a JSON body out", () -> {
                    Reply reply = Expect.that(http, http.post("api/orders")
                                    .json("{\"item\":\"cr\u00e8me br\u00fbl\u00e9e\",\"quantity\":3,\"unitPriceCents\":450}").send())
                            .status(201)
                            .mediaType("application/json")
                            .header("X-Sample-Filter", "POST " + http.basePath() + "api/orders")
                            .jsonField("item", "\"cr\u00e8me br\u00fbl\u00e9e\"")
                            .jsonField("quantity", "3")
                            .jsonField("totalCents", "1350")
                            .reply();
                    if (!String.valueOf(reply.json().get("servedBy")).matches("pid \\d+")) {
                        Expect.that(http, reply).fail("servedBy \"pid N\"");
                    }
                }),
                new Check("an exception handler turns a refused order into 422 JSON", () -> {
                    Expect.that(http, http.post("api/orders").json("{\"item\":\"book\",\"quantity\":0,\"unitPriceCents\":1250}").send())
                            .status(422)
                            .mediaType("application/json")
                            .json("{\"error\":\"invalid order\",\"field\":\"quantity\",\"message\":\"quantity must be positive, was 0\"}");
                }),
                new Check("an exception handler turns an unknown item into 404 JSON", () -> {
                    Expect.that(http, http.get("api/items/pen").send())
                            .status(200)
                            .json("{\"item\":\"pen\",\"priceCents\":199}");
                    Expect.that(http, http.get("api/items/kite").send())
                            .status(404)
                            .mediaType("application/json")
                            .json("{\"error\":\"unknown item\",\"item\":\"kite\"}");
                }),
                new Check("malformed JSON is 400, a body that is not JSON 415, an unknown path 404", () -> {
                    // Spring answers these with sendError: the body is the container's error page, so only the status is checked
                    Expect.that(http, http.post("api/orders").json("{\"item\": \"book\", ").send()).status(400);
                    Expect.that(http, http.post("api/orders").body("text/plain", "book".getBytes()).send()).status(415);
                    Expect.that(http, http.get("api/nowhere").send()).status(404);
                    Expect.that(http, http.request("DELETE", "api/pid").send()).status(405);
                }),
                new Check("HEAD and OPTIONS of a GET endpoint", () -> {
                    Expect.that(http, http.head("api/pid").send())
                            .status(200)
                            .mediaType("application/json")
                            .emptyBody();
                    Reply options = Expect.that(http, http.request("OPTIONS", "api/pid").send()).status(200).reply();
                    Set<String> allowed = new TreeSet<>();
                    for (String method : String.valueOf(options.header("Allow")).split(",")) {
                        allowed.add(method.strip());
                    }
                    if (!allowed.equals(new TreeSet<>(Arrays.asList("GET", "HEAD", "OPTIONS")))) {
                        Expect.that(http, options).fail("Allow: GET, HEAD, OPTIONS");
                    }
                }),
                new Check("an HttpSession counts visits across requests, one count per client", () -> {
                    CookieJar first = new CookieJar();
                    List<Long> pids = new ArrayList<>();
                    Reply created = Expect.that(http, http.get("api/visits").cookies(first).send())
                            .status(200).jsonField("visits", "1").jsonField("newSession", "true").reply();
                    SetCookie cookie = created.setCookie("JSESSIONID");
                    if (cookie == null || cookie.value().isEmpty()) {
                        Expect.that(http, created).fail("a JSESSIONID cookie");
                    }
                    String contextPath = http.basePath().equals("/") ? "/" : http.basePath().substring(0, http.basePath().length() - 1);
                    if (!contextPath.equals(cookie.attribute("Path"))) {
                        Expect.that(http, created).fail("the session cookie's Path=" + contextPath);
                    }
                    pids.add(pid(created));
                    for (int visit = 2; visit <= 3; visit++) {
                        Reply again = Expect.that(http, http.get("api/visits").cookies(first).send())
                                .status(200).jsonField("visits", Integer.toString(visit)).jsonField("newSession", "false").reply();
                        pids.add(pid(again));
                    }
                    CookieJar second = new CookieJar();
                    Expect.that(http, http.get("api/visits").cookies(second).send()).status(200).jsonField("visits", "1");
                    Expect.that(http, http.get("api/visits").send()).status(200).jsonField("visits", "1");
                    pids.add(pid(Expect.that(http, http.get("api/visits").cookies(first).send())
                            .status(200).jsonField("visits", "4").reply()));
                    Processes.assertServedAsExpected(target, pids, "the session's requests");
                }),
                new Check("the serving process, per connection", () -> {
                    List<Long> pids = new ArrayList<>();
                    for (int i = 0; i < 3; i++) {
                        pids.add(pid(Expect.that(http, http.get("api/pid").send()).status(200).mediaType("application/json").reply()));
                    }
                    Processes.assertServedAsExpected(target, pids, "three requests on three connections");
                }));
    }

    private static long pid(Reply reply) {
        Map<String, Object> body = reply.json();
        if (!(body.get("pid") instanceof BigDecimal pid)) {
            throw new AssertionError(reply.request() + ": no pid in " + reply.text());
        }
        return pid.longValueExact();
    }
}
