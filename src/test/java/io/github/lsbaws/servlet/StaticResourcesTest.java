package io.github.lsbaws.servlet;

import static io.github.lsbaws.servlet.ServletFixture.body;
import static io.github.lsbaws.servlet.ServletFixture.header;
import static io.github.lsbaws.servlet.ServletFixture.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lsbaws.http.HttpDate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The default servlet: files read in place, validators, ranges, welcome files, and nothing outside the roots. */
class StaticResourcesTest {
    private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

    @TempDir
    Path temp;
    Path webapp;
    ServletFixture web;

    @BeforeEach
    void deploy() throws Exception {
        webapp = temp.resolve("webapp");
        Files.createDirectories(webapp.resolve("WEB-INF"));
        Files.createDirectories(webapp.resolve("META-INF"));
        Files.createDirectories(webapp.resolve("dir/sub"));
        Files.writeString(webapp.resolve("a.txt"), ALPHABET);
        Files.writeString(webapp.resolve("page.html"), "<p>page</p>");
        Files.writeString(webapp.resolve("dir/index.html"), "<p>welcome</p>");
        Files.writeString(webapp.resolve("WEB-INF/web.xml"), "<web-app/>");
        Files.writeString(webapp.resolve("META-INF/MANIFEST.MF"), "secret");
        Files.writeString(temp.resolve("outside.txt"), "outside the root");
        Files.createSymbolicLink(webapp.resolve("link.txt"), temp.resolve("outside.txt"));
        Files.createSymbolicLink(webapp.resolve("inside-link.txt"), webapp.resolve("a.txt"));
        web = ServletFixture.deploy(webapp, "", temp.resolve("state"), List.of(), getClass().getClassLoader());
    }

    @AfterEach
    void destroy() {
        web.close();
    }

    @Test
    void aFileWithItsValidators() throws Exception {
        String response = web.get("/a.txt");
        assertEquals(200, status(response), response);
        assertEquals(ALPHABET, body(response));
        assertEquals("text/plain", header(response, "Content-Type"));
        assertEquals("36", header(response, "Content-Length"));
        assertEquals("bytes", header(response, "Accept-Ranges"));
        long modified = Files.getLastModifiedTime(webapp.resolve("a.txt")).toMillis() / 1000 * 1000;
        assertEquals(HttpDate.format(modified), header(response, "Last-Modified"));
        assertTrue(header(response, "ETag").matches("\"[0-9a-f]+-[0-9a-f]+\""), response);
    }

    @Test
    void changesShowAtOnce() throws Exception {
        Files.writeString(webapp.resolve("a.txt"), "changed");
        assertEquals("changed", body(web.get("/a.txt")));
        Files.writeString(webapp.resolve("new.txt"), "new");
        assertEquals("new", body(web.get("/new.txt")));
    }

    @Test
    void conditionalRequests() throws Exception {
        String response = web.get("/a.txt");
        String etag = header(response, "ETag");
        String lastModified = header(response, "Last-Modified");
        String notModified = web.get("/a.txt", "If-None-Match: \"other\", " + etag + "\r\n");
        assertEquals(304, status(notModified), notModified);
        assertEquals(etag, header(notModified, "ETag"));
        assertEquals("", body(notModified));
        assertEquals(304, status(web.get("/a.txt", "If-None-Match: W/" + etag + "\r\n")), "weak comparison");
        assertEquals(304, status(web.get("/a.txt", "If-None-Match: *\r\n")));
        assertEquals(200, status(web.get("/a.txt", "If-None-Match: \"other\"\r\n")));
        assertEquals(304, status(web.get("/a.txt", "If-Modified-Since: " + lastModified + "\r\n")));
        assertEquals(200, status(web.get("/a.txt", "If-Modified-Since: Thu, 01 Jan 1970 00:00:00 GMT\r\n")));
        assertEquals(200, status(web.get("/a.txt", "If-None-Match: \"other\"\r\nIf-Modified-Since: " + lastModified + "\r\n")),
                "If-None-Match decides when both are sent");
        assertEquals(412, status(web.get("/a.txt", "If-Match: \"other\"\r\n")));
        assertEquals(200, status(web.get("/a.txt", "If-Match: " + etag + "\r\n")));
        assertEquals(412, status(web.get("/a.txt", "If-Unmodified-Since: Thu, 01 Jan 1970 00:00:00 GMT\r\n")));
    }

    @Test
    void ranges() throws Exception {
        String single = web.get("/a.txt", "Range: bytes=10-15\r\n");
        assertEquals(206, status(single), single);
        assertEquals("abcdef", body(single));
        assertEquals("bytes 10-15/36", header(single, "Content-Range"));
        assertEquals("6", header(single, "Content-Length"));
        assertEquals("wxyz", body(web.get("/a.txt", "Range: bytes=-4\r\n")));
        assertEquals("yz", body(web.get("/a.txt", "Range: bytes=34-\r\n")));
        assertEquals("yz", body(web.get("/a.txt", "Range: bytes=34-1000\r\n")));
        String unsatisfiable = web.get("/a.txt", "Range: bytes=36-40\r\n");
        assertEquals(416, status(unsatisfiable), unsatisfiable);
        assertEquals("bytes */36", header(unsatisfiable, "Content-Range"));
        assertEquals(416, status(web.get("/a.txt", "Range: bytes=36-\r\n")), "open-ended from the length: nothing to send");
        assertEquals(200, status(web.get("/a.txt", "Range: bytes=x-y\r\n")), "a malformed range is ignored");
        assertEquals(200, status(web.get("/a.txt", "Range: lines=1-2\r\n")));
        String etag = header(web.get("/a.txt"), "ETag");
        assertEquals(206, status(web.get("/a.txt", "Range: bytes=0-0\r\nIf-Range: " + etag + "\r\n")));
        assertEquals(200, status(web.get("/a.txt", "Range: bytes=0-0\r\nIf-Range: \"stale\"\r\n")));
        String multiple = web.get("/a.txt", "Range: bytes=0-1,-2\r\n");
        assertEquals(206, status(multiple), multiple);
        String type = header(multiple, "Content-Type");
        assertTrue(type.startsWith("multipart/byteranges; boundary="), multiple);
        String boundary = type.substring(type.indexOf('=') + 1);
        String expected = "\r\n--" + boundary + "\r\nContent-Type: text/plain\r\nContent-Range: bytes 0-1/36\r\n\r\n01"
                + "\r\n--" + boundary + "\r\nContent-Type: text/plain\r\nContent-Range: bytes 34-35/36\r\n\r\nyz"
                + "\r\n--" + boundary + "--\r\n";
        assertEquals(expected, body(multiple));
        assertEquals(Integer.toString(expected.length()), header(multiple, "Content-Length"));
    }

    @Test
    void headHasTheHeadersWithoutTheBody() throws Exception {
        String response = web.serve("HEAD /a.txt HTTP/1.1\r\nHost: h\r\n\r\n");
        assertEquals(200, status(response), response);
        assertEquals("36", header(response, "Content-Length"));
        assertEquals("", body(response));
    }

    @Test
    void postReadsLikeGetAndAnErrorPageIsServedWhateverTheMethod() throws Exception {
        assertEquals(ALPHABET, body(web.serve("POST /a.txt HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n")));
        try (ServletFixture basic = ServletFixture.deploy("basic", "", temp.resolve("basic"))) {
            assertEquals(404, status(basic.serve("POST /nothing HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n")));
        }
    }

    @Test
    void otherMethodsAreNotAllowed() throws Exception {
        String response = web.serve("DELETE /a.txt HTTP/1.1\r\nHost: h\r\n\r\n");
        assertEquals(405, status(response), response);
        assertEquals("GET, HEAD, POST, OPTIONS", header(response, "Allow"));
    }

    @Test
    void welcomeFilesAndDirectories() throws Exception {
        String redirect = web.get("/dir?x=1");
        assertEquals(302, status(redirect), redirect);
        assertEquals("/dir/?x=1", header(redirect, "Location"));
        assertEquals("<p>welcome</p>", body(web.get("/dir/")));
        assertEquals(403, status(web.get("/dir/sub/")), "no listing");
        assertEquals(403, status(web.get("/")), "no index.html at the root");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/WEB-INF/web.xml", "/web-inf/web.xml", "/META-INF/MANIFEST.MF", "/WEB-INF/", "/WEB-INF",
        "/link.txt", "/../outside.txt", "/dir/../../outside.txt", "/%2e%2e/outside.txt", "/dir/%2e%2e/%2e%2e/outside.txt",
        "/..%2foutside.txt", "/%2E%2E%2Foutside.txt", "/dir%2f..%2f..%2foutside.txt", "/..\\outside.txt",
        "/dir/..%5c..%5coutside.txt", "/a.txt%00.html", "/./WEB-INF/web.xml", "/dir/../WEB-INF/web.xml",
        "/%57EB-INF/web.xml", "/WEB-INF;x=y/web.xml", "/dir;/../WEB-INF/web.xml", "//WEB-INF/web.xml", "/nothing.txt"})
    void nothingOutsideTheRootsNorUnderWebInf(String path) throws Exception {
        String response = web.get(path);
        int status = status(response);
        assertTrue(status == 400 || status == 404, path + " -> " + response);
        assertFalse(response.contains("outside the root"), response);
        assertFalse(response.contains("<web-app/>"), response);
        assertFalse(response.contains("secret"), response);
    }

    @Test
    void aLinkInsideTheRootIsServed() throws Exception {
        assertEquals(ALPHABET, body(web.get("/inside-link.txt")));
    }

    @Test
    void theContextsResourceMethods() throws Exception {
        WebApplication app = web.app();
        assertEquals(ALPHABET, new String(app.getResourceAsStream("/a.txt").readAllBytes()));
        assertNull(app.getResourceAsStream("/../outside.txt"));
        assertNull(app.getResourceAsStream("/link.txt"));
        assertTrue(app.getResourcePaths("/").containsAll(List.of("/a.txt", "/dir/", "/WEB-INF/")), app.getResourcePaths("/").toString());
        assertEquals(webapp.resolve("a.txt").toString(), app.getRealPath("/a.txt"));
        assertNull(app.getRealPath("/../x"));
        assertTrue(app.getResource("/page.html").toString().startsWith("file:"));
    }
}
