package io.github.lsbaws.testing.samples;

import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks of src/it/servlet-jersey: Jersey started from an @ApplicationPath ResourceConfig,
 * path, query and form parameters, content negotiation, JSON in and out, an ExceptionMapper.
 */
public final class JerseyChecks {
    private JerseyChecks() {}

    public static List<Check> checks(Target target) {
        SampleHttp http = target.http();
        return List.of(
                new Check("path and query parameters, text or JSON by the Accept header", () -> {
                    Expect.that(http, http.get("api/greetings/Ada?salutation=Hi").header("Accept", "text/plain").send())
                            .status(200).contentType("text/plain", "utf-8").text("Hi, Ada!\n");
                    Expect.that(http, http.get("api/greetings/Ada?salutation=Hi").header("Accept", "application/json").send())
                            .status(200).mediaType("application/json").json("{\"name\":\"Ada\",\"greeting\":\"Hi, Ada!\"}");
                    Expect.that(http, http.get("api/greetings/Ada").header("Accept", "image/png").send()).status(406);
                }),
                new Check("percent-encoded UTF-8 in the path and the query", () -> {
                    Expect.that(http, http.get("api/greetings/J%C3%BCrgen?salutation=Gr%C3%BC%C3%9F%20Gott")
                                    .header("Accept", "application/json").send())
                            .status(200)
                            .json("{\"name\":\"J\u00fcrgen\",\"greeting\":\"Gr\u00fc\u00df Gott, J\u00fcrgen!\"}");
                }),
                new Check("form parameters in, 201 Created with a Location that can be followed", () -> {
                    Reply created = Expect.that(http, http.post("api/messages").form("to", "Ada", "text", "Gr\u00fc\u00dfe aus K\u00f6ln").send())
                            .status(201)
                            .contentType("text/plain", "utf-8")
                            .text("to: Ada\ntext: Gr\u00fc\u00dfe aus K\u00f6ln\n")
                            .reply();
                    URI location = created.location();
                    if (location == null) {
                        Expect.that(http, created).fail("a Location header");
                    }
                    String path = location.getRawPath();
                    String expectedPrefix = http.basePath() + "api/messages/";
                    if (!location.getHost().equals(http.base().getHost()) || location.getPort() != http.base().getPort()
                            || !path.startsWith(expectedPrefix) || !path.substring(expectedPrefix.length()).matches("\\d+")) {
                        Expect.that(http, created).fail("a Location of " + http.url("api/messages/") + "N");
                    }
                    Expect.that(http, http.get(path.substring(http.basePath().length())).send())
                            .status(200).text("message " + path.substring(expectedPrefix.length()) + "\n");
                }),
                new Check("a form without 'to' is the application's 400", () -> {
                    Expect.that(http, http.post("api/messages").form("text", "hello").send())
                            .status(400).contentType("text/plain", "utf-8").text("the form has no 'to'\n");
                }),
                new Check("a path that fails the parameter's regex is 404", () -> {
                    Expect.that(http, http.get("api/messages/42").send()).status(200).text("message 42\n");
                    // Jersey answers with sendError: the body is the container's error page
                    Expect.that(http, http.get("api/messages/forty-two").send()).status(404);
                    Expect.that(http, http.get("api/nowhere").send()).status(404);
                }),
                new Check("JSON in and out", () -> {
                    Expect.that(http, http.post("api/notes").json("{\"title\":\"Shopping\",\"text\":\" eggs  milk\\nbread \",\"tags\":[\"food\",\"errands\"]}")
                                    .header("Accept", "application/json").send())
                            .status(200)
                            .mediaType("application/json")
                            .json("{\"title\":\"Shopping\",\"words\":3,\"tags\":[\"errands\",\"food\"]}");
                }),
                new Check("an ExceptionMapper turns a refused note into 422 JSON", () -> {
                    Expect.that(http, http.post("api/notes").json("{\"text\":\"no title\"}").send())
                            .status(422)
                            .mediaType("application/json")
                            .json("{\"error\":\"rejected note\",\"message\":\"a note needs a title\"}");
                }),
                new Check("malformed JSON is 400, a body that is not JSON 415, a wrong method 405", () -> {
                    Expect.that(http, http.post("api/notes").json("{\"title\": ").send()).status(400);
                    Expect.that(http, http.post("api/notes").body("text/plain", "a note".getBytes()).send()).status(415);
                    Expect.that(http, http.request("DELETE", "api/pid").send()).status(405);
                }),
                new Check("a repeated query parameter", () -> {
                    Expect.that(http, http.get("api/notes/search?tag=red&tag=blue&limit=5").send())
                            .status(200).json("{\"tags\":[\"red\",\"blue\"],\"limit\":5}");
                }),
                new Check("HEAD of a GET resource", () -> {
                    Expect.that(http, http.head("api/pid").send()).status(200).mediaType("application/json").emptyBody();
                }),
                new Check("the serving process, per connection", () -> {
                    List<Long> pids = new ArrayList<>();
                    for (int i = 0; i < 3; i++) {
                        Reply reply = Expect.that(http, http.get("api/pid").send()).status(200).mediaType("application/json").reply();
                        if (!(reply.json().get("pid") instanceof BigDecimal pid)) {
                            throw new AssertionError(reply.request() + ": no pid in " + reply.text());
                        }
                        pids.add(pid.longValueExact());
                    }
                    Processes.assertServedAsExpected(target, pids, "three requests on three connections");
                }));
    }
}
