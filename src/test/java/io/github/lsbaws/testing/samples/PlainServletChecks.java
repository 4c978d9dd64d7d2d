package io.github.lsbaws.testing.samples;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks of src/it/servlet-plain: servlets of a web.xml (and one by annotation), a form
 * login held in the HttpSession, a multipart upload, error pages by status and by exception,
 * static files with welcome files, conditional and range requests.
 */
public final class PlainServletChecks {
    /** images/logo.png of the sample. */
    static final String LOGO_SHA256 = "0f5d552c66e58f26afa2020efb5a78319daa8478982da48875ab1b2eb5cb8ca4";
    private static final Pattern TOKEN = Pattern.compile("name=\"token\" value=\"([0-9a-f]{32})\"");
    private static final Pattern SPAN = Pattern.compile("<span id=\"(user|visits|pid)\">([^<]*)</span>");

    private PlainServletChecks() {}

    public static List<Check> checks(Target target) {
        SampleHttp http = target.http();
        List<Check> checks = new ArrayList<>(List.of(
                new Check("the protected page redirects to the sign-in form", () -> {
                    Expect.that(http, http.get("account").send()).redirectsTo("login");
                }),
                new Check("a form login held in the session, under a new session id", () -> signIn(http, target)),
                new Check("a sign-in form post without the session's token is refused", () -> {
                    Expect.that(http, http.post("login").form("username", "ada", "password", "lovelace").send()).status(403);
                    CookieJar jar = new CookieJar();
                    String first = token(Expect.that(http, http.get("login").cookies(jar).send()).status(200).reply());
                    String second = token(Expect.that(http, http.get("login").cookies(new CookieJar()).send()).status(200).reply());
                    if (first.equals(second)) {
                        throw new AssertionError("two sign-in forms got the same token " + first
                                + ": the random generator repeats itself across requests");
                    }
                    Expect.that(http, http.post("login").cookies(jar).form("token", second, "username", "ada", "password", "lovelace")
                            .send()).status(403);
                }),
                new Check("a multipart upload: fields, files, sizes and digests", () -> {
                    byte[] notes = "first line\nsecond line\n".getBytes(StandardCharsets.UTF_8);
                    byte[] blob = bytes(100_000); // over the file-size-threshold: kept on disk by the container
                    Multipart multipart = new Multipart()
                            .field("description", "Notizen f\u00fcr J\u00fcrgen")
                            .file("file", "notes.txt", "text/plain", notes)
                            .file("file", "blob.bin", "application/octet-stream", blob);
                    Expect.that(http, http.post("upload").multipart(multipart).send())
                            .status(200)
                            .contentType("text/plain", "utf-8")
                            .text("description: Notizen f\u00fcr J\u00fcrgen\n"
                                    + "field description = Notizen f\u00fcr J\u00fcrgen\n"
                                    + "file file notes.txt text/plain " + notes.length + " bytes sha256=" + sha256(notes) + "\n"
                                    + "file file blob.bin application/octet-stream " + blob.length + " bytes sha256=" + sha256(blob) + "\n");
                    Expect.that(http, http.get("upload").send()).status(200).contentType("text/html", "utf-8")
                            .textContains("enctype=\"multipart/form-data\"");
                }),
                new Check("an upload over multipart-config's max-file-size is refused", () -> {
                    Multipart multipart = new Multipart().file("file", "big.bin", "application/octet-stream", bytes(1_100_000));
                    Reply reply = http.post("upload").multipart(multipart).send();
                    // getParts throws IllegalStateException, which the servlet answers with 413; a container
                    // may refuse the body before (Jetty: 400 "bad multipart")
                    if ((reply.status() != 413 && reply.status() != 400) || reply.text().contains("big.bin")) {
                        Expect.that(http, reply).fail("413 (or 400) without the part");
                    }
                }),
                new Check("a servlet's page, and an exception mapped to an error page by web.xml", () -> {
                    Expect.that(http, http.get("inventory/pen").send())
                            .status(200).contentType("text/plain", "utf-8").text("pen: 12 in stock\n");
                    Expect.that(http, http.get("inventory/kite").send())
                            .status(500)
                            .contentType("text/plain", "utf-8")
                            .text("status: 500\nexception: com.example.plain.InventoryException\nmessage: no such item: kite\n"
                                    + "uri: " + http.basePath() + "inventory/kite\nservlet: inventory\ndispatcher: ERROR\n");
                }),
                new Check("404 answered with web.xml's error page", () -> {
                    byte[] page = Expect.that(http, http.get("errors/not-found.html").send()).status(200)
                            .mediaType("text/html").textContains("<title>Not found</title>").reply().body();
                    for (String missing : List.of("no-such-page", "css/missing.css", "WEB-INF/web.xml", "WEB-INF/private.txt",
                            "META-INF/MANIFEST.MF")) {
                        Expect.that(http, http.get(missing).send()).status(404).mediaType("text/html").body(page);
                    }
                }),
                new Check("no path escapes to WEB-INF", () -> {
                    for (String attempt : List.of("css/../WEB-INF/private.txt", "css/%2e%2e/WEB-INF/private.txt",
                            "css/..%2FWEB-INF/private.txt", "css/..%5CWEB-INF%5Cprivate.txt", "%57EB-INF/private.txt",
                            "WEB-INF%2Fprivate.txt", "css/..;/WEB-INF/private.txt")) {
                        Reply reply = http.raw("GET", attempt).send();
                        // a container may refuse such a path as ambiguous (400) or find nothing there (404)
                        if ((reply.status() != 400 && reply.status() != 404) || reply.text().contains("Never served")) {
                            Expect.that(http, reply).fail("400 or 404 without the file's content");
                        }
                    }
                }),
                new Check("the welcome file, at the root and in a directory", () -> {
                    byte[] index = Expect.that(http, http.get("index.html").send()).status(200).mediaType("text/html")
                            .textContains("Plain servlets described by WEB-INF/web.xml.").reply().body();
                    Expect.that(http, http.get("").send()).status(200).mediaType("text/html").body(index);
                    Reply directory = http.get("guide").send();
                    if (!Set.of(301, 302, 303, 307, 308).contains(directory.status())) {
                        Expect.that(http, directory).fail("a redirect to " + http.url("guide/"));
                    }
                    Expect.that(http, directory).location("guide/");
                    Expect.that(http, http.get("guide/").send()).status(200).mediaType("text/html").textContains("<h1>The guide</h1>");
                    Reply listing = http.get("images/").send(); // a directory without a welcome file
                    if (listing.status() == 200 || listing.text().contains("logo.png")) {
                        Expect.that(http, listing).fail("no directory listing (403 or 404)");
                    }
                }),
                new Check("static files: types by extension and web.xml's mime-mapping, bytes as stored", () -> {
                    Reply logo = Expect.that(http, http.get("images/logo.png").send()).status(200).mediaType("image/png")
                            .contentLength(402).reply();
                    if (!sha256(logo.body()).equals(LOGO_SHA256)) {
                        Expect.that(http, logo).fail("the bytes of images/logo.png (sha256 " + LOGO_SHA256 + ")");
                    }
                    Expect.that(http, http.get("site.webmanifest").send()).status(200).mediaType("application/manifest+json")
                            .textContains("\"name\": \"servlet-plain\"");
                    Reply css = Expect.that(http, http.get("css/site.css").send()).status(200).mediaType("text/css")
                            .textContains("font-family: system-ui").reply();
                    Expect.that(http, css).contentLength(css.body().length);
                    Expect.that(http, http.head("css/site.css").send())
                            .status(200).mediaType("text/css").contentLength(css.body().length).emptyBody()
                            .header("ETag", css.header("ETag")).header("Last-Modified", css.header("Last-Modified"));
                }),
                new Check("conditional requests: If-None-Match and If-Modified-Since", () -> {
                    Reply css = Expect.that(http, http.get("css/site.css").send()).status(200)
                            .headerMatches("ETag", "(W/)?\"[^\"]+\"")
                            .headerMatches("Last-Modified", "[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT")
                            .reply();
                    String etag = css.header("ETag");
                    String lastModified = css.header("Last-Modified");
                    Expect.that(http, http.get("css/site.css").header("If-None-Match", etag).send())
                            .status(304).emptyBody().header("ETag", etag);
                    Expect.that(http, http.get("css/site.css").header("If-None-Match", "\"other\", " + etag).send()).status(304);
                    Expect.that(http, http.get("css/site.css").header("If-None-Match", "\"other\"").send())
                            .status(200).body(css.body());
                    Expect.that(http, http.get("css/site.css").header("If-Modified-Since", lastModified).send())
                            .status(304).emptyBody();
                    String dayBefore = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                            ZonedDateTime.parse(lastModified, DateTimeFormatter.RFC_1123_DATE_TIME).minusDays(1));
                    Expect.that(http, http.get("css/site.css").header("If-Modified-Since", dayBefore).send())
                            .status(200).body(css.body());
                    Expect.that(http, http.get("css/site.css").header("If-Modified-Since", "yesterday").send())
                            .status(200).body(css.body());
                    // If-None-Match decides when both are sent (RFC 9110, 13.2.2)
                    Expect.that(http, http.get("css/site.css").header("If-None-Match", "\"other\"")
                            .header("If-Modified-Since", lastModified).send()).status(200).body(css.body());
                }),
                new Check("range requests: 206 with Content-Range, 416", () -> {
                    Reply css = Expect.that(http, http.get("css/site.css").send()).status(200).reply();
                    byte[] all = css.body();
                    int length = all.length;
                    Expect.that(http, http.get("css/site.css").header("Range", "bytes=0-9").send())
                            .status(206).header("Content-Range", "bytes 0-9/" + length).contentLength(10)
                            .body(Arrays.copyOfRange(all, 0, 10));
                    Expect.that(http, http.get("css/site.css").header("Range", "bytes=-6").send())
                            .status(206).header("Content-Range", "bytes " + (length - 6) + "-" + (length - 1) + "/" + length)
                            .body(Arrays.copyOfRange(all, length - 6, length));
                    Expect.that(http, http.get("css/site.css").header("Range", "bytes=100-").send())
                            .status(206).header("Content-Range", "bytes 100-" + (length - 1) + "/" + length)
                            .body(Arrays.copyOfRange(all, 100, length));
                    Expect.that(http, http.get("css/site.css").header("Range", "bytes=" + length + "-").send())
                            .status(416).header("Content-Range", "bytes */" + length);
                }),
                new Check("a servlet declared by annotation beside web.xml's, and the process per connection", () -> {
                    List<Long> pids = new ArrayList<>();
                    for (int i = 0; i < 3; i++) {
                        Reply reply = Expect.that(http, http.get("pid").send()).status(200).contentType("text/plain", "utf-8").reply();
                        if (!reply.text().matches("\\d+\n")) {
                            Expect.that(http, reply).fail("a pid");
                        }
                        pids.add(Long.parseLong(reply.text().strip()));
                    }
                    Processes.assertServedAsExpected(target, pids, "three requests on three connections");
                }),
                new Check("headless Chromium signs in through the form and keeps the session", () -> ChromiumSignIn.check(target))));
        return checks;
    }

    /** The whole sign-in flow with one client's cookie jar, then sign-out. */
    private static void signIn(SampleHttp http, Target target) throws Exception {
        CookieJar jar = new CookieJar();
        Reply form = Expect.that(http, http.get("login").cookies(jar).send())
                .status(200).contentType("text/html", "utf-8").textContains("<form method=\"post\" action=\"login\">").reply();
        SetCookie cookie = form.setCookie("JSESSIONID");
        if (cookie == null) {
            Expect.that(http, form).fail("a JSESSIONID cookie");
        }
        String contextPath = http.basePath().equals("/") ? "/" : http.basePath().substring(0, http.basePath().length() - 1);
        if (!cookie.has("HttpOnly") || !"Lax".equalsIgnoreCase(cookie.attribute("SameSite"))
                || !contextPath.equals(cookie.attribute("Path"))) {
            Expect.that(http, form).fail("the session cookie HttpOnly, SameSite=Lax, Path=" + contextPath + " (web.xml's cookie-config)");
        }
        String anonymousSession = jar.get("JSESSIONID");

        // a wrong password: the form again, with the name as typed (UTF-8, web.xml's request-character-encoding)
        Reply wrong = Expect.that(http, http.post("login").cookies(jar)
                        .form("token", token(form), "username", "J\u00fcrgen", "password", "guess").send())
                .status(200).contentType("text/html", "utf-8")
                .textContains("Unknown user or wrong password for \u201cJ\u00fcrgen\u201d.").reply();

        Reply signedIn = http.post("login").cookies(jar).form("token", token(wrong), "username", "ada", "password", "lovelace").send();
        Expect.that(http, signedIn).redirectsTo("account");
        String session = jar.get("JSESSIONID");
        if (session == null || session.equals(anonymousSession)) {
            Expect.that(http, signedIn).fail("a new session id after signing in (changeSessionId), not " + anonymousSession);
        }

        List<Long> pids = new ArrayList<>();
        for (int visit = 1; visit <= 3; visit++) {
            Reply account = Expect.that(http, http.get("account").cookies(jar).send())
                    .status(200).contentType("text/html", "utf-8").header("Cache-Control", "no-store").reply();
            String[] shown = shown(account);
            if (!shown[0].equals("ada") || !shown[1].equals(Integer.toString(visit))) {
                Expect.that(http, account).fail("user ada at visit " + visit);
            }
            pids.add(Long.parseLong(shown[2]));
        }
        Processes.assertServedAsExpected(target, pids, "a signed-in session's requests");

        CookieJar fixated = new CookieJar();
        fixated.put("JSESSIONID", anonymousSession);
        Expect.that(http, http.get("account").cookies(fixated).send()).redirectsTo("login");

        Expect.that(http, http.post("logout").cookies(jar).send()).redirectsTo("login?signed-out");
        Expect.that(http, http.get("account").cookies(jar).send()).redirectsTo("login");
        CookieJar stale = new CookieJar();
        stale.put("JSESSIONID", session);
        Expect.that(http, http.get("account").cookies(stale).send()).redirectsTo("login");
    }

    /** user, visits and pid as the account page shows them. */
    static String[] shown(Reply account) {
        String[] shown = new String[3];
        Matcher span = SPAN.matcher(account.text());
        while (span.find()) {
            switch (span.group(1)) {
                case "user" -> shown[0] = span.group(2);
                case "visits" -> shown[1] = span.group(2);
                default -> shown[2] = span.group(2);
            }
        }
        if (shown[0] == null || shown[1] == null || shown[2] == null || !shown[2].matches("\\d+")) {
            throw new AssertionError(account.request() + ": no user, visits and pid on the page:\n" + account.describe());
        }
        return shown;
    }

    private static String token(Reply form) {
        Matcher token = TOKEN.matcher(form.text());
        if (!token.find()) {
            throw new AssertionError(form.request() + ": no token in the sign-in form:\n" + form.describe());
        }
        return token.group(1);
    }

    private static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 % 251);
        }
        return bytes;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
