package io.github.lsbaws.servlet.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.Cookie;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Forms, multipart bodies, cookies and dates as the container decodes them. */
class CodecTest {
    @TempDir
    Path temp;

    @Test
    void forms() {
        Map<String, List<String>> form = FormDecoder.decode("a=1&b=x+y&a=2&c&=v&d=%26%3D&&e=%C3%A9", StandardCharsets.UTF_8);
        assertEquals(List.of("1", "2"), form.get("a"));
        assertEquals(List.of("x y"), form.get("b"));
        assertEquals(List.of(""), form.get("c"));
        assertEquals(List.of("v"), form.get(""));
        assertEquals(List.of("&="), form.get("d"));
        assertEquals(List.of("é"), form.get("e"));
        assertEquals(List.of("\u00e9"), FormDecoder.decode("e=%E9", StandardCharsets.ISO_8859_1).get("e"));
        assertEquals(400, assertThrows(BadRequestException.class, () -> FormDecoder.decode("a=%4", StandardCharsets.UTF_8)).status());
        assertEquals(400, assertThrows(BadRequestException.class,
                () -> FormDecoder.decode("a=1&".repeat(FormDecoder.MAX_KEYS + 1), StandardCharsets.UTF_8)).status());
    }

    private static final String BOUNDARY = "----lsbaws7MA4YWxk";

    private static byte[] multipart(String... parts) {
        StringBuilder body = new StringBuilder("preamble\r\n");
        for (String part : parts) {
            body.append("--").append(BOUNDARY).append("\r\n").append(part).append("\r\n");
        }
        body.append("--").append(BOUNDARY).append("--\r\nepilogue");
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void multipartFieldsAndFiles() throws Exception {
        String big = "x".repeat(5000);
        byte[] body = multipart(
                "Content-Disposition: form-data; name=\"title\"\r\n\r\nHello, wörld",
                "Content-Disposition: form-data; name=\"file\"; filename=\"a \\\"b\\\".txt\"\r\nContent-Type: text/plain\r\n\r\nline1\r\nline2",
                "Content-Disposition: form-data; name=\"big\"; filename=\"big.bin\"\r\n\r\n" + big,
                "Content-Disposition: form-data; name=\"empty\"; filename=\"\"\r\n\r\n");
        List<Multipart.FormPart> parts = Multipart.parse(new ByteArrayInputStream(body), BOUNDARY, -1, -1, 1024, temp);
        assertEquals(4, parts.size());
        assertTrue(parts.get(0).isFormField());
        assertEquals("Hello, wörld", parts.get(0).text(StandardCharsets.UTF_8));
        assertEquals("a \"b\".txt", parts.get(1).getSubmittedFileName());
        assertEquals("text/plain", parts.get(1).getContentType());
        assertEquals("line1\r\nline2", new String(parts.get(1).getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(5000, parts.get(2).getSize());
        try (var files = Files.list(temp)) {
            assertEquals(1, files.count(), "the part over the threshold went to a file");
        }
        assertArrayEquals(big.getBytes(StandardCharsets.UTF_8), parts.get(2).getInputStream().readAllBytes());
        assertEquals(0, parts.get(3).getSize());
        Multipart.deleteAll(parts);
        try (var files = Files.list(temp)) {
            assertEquals(0, files.count(), "temporary files are deleted");
        }
    }

    @Test
    void multipartLimitsAndMalformedBodies() throws Exception {
        byte[] body = multipart("Content-Disposition: form-data; name=\"f\"; filename=\"f\"\r\n\r\n" + "y".repeat(2000));
        assertEquals(413, assertThrows(BadRequestException.class,
                () -> Multipart.parse(new ByteArrayInputStream(body), BOUNDARY, 1000, -1, 100, temp)).status());
        assertEquals(413, assertThrows(BadRequestException.class,
                () -> Multipart.parse(new ByteArrayInputStream(body), BOUNDARY, -1, 1000, 100, temp)).status());
        try (var files = Files.list(temp)) {
            assertEquals(0, files.count(), "a refused body leaves no file");
        }
        byte[] truncated = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end").getBytes(StandardCharsets.UTF_8);
        assertEquals(400, assertThrows(BadRequestException.class,
                () -> Multipart.parse(new ByteArrayInputStream(truncated), BOUNDARY, -1, -1, 100, temp)).status());
        byte[] nameless = multipart("Content-Disposition: form-data\r\n\r\nx");
        assertEquals(400, assertThrows(BadRequestException.class,
                () -> Multipart.parse(new ByteArrayInputStream(nameless), BOUNDARY, -1, -1, 100, temp)).status());
        assertEquals(BOUNDARY, Multipart.boundary("multipart/form-data; boundary=" + BOUNDARY));
        assertEquals("a b", Multipart.boundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b\""));
        assertNull(Multipart.boundary("application/json"));
    }

    @Test
    void cookies() {
        Cookie[] cookies = Cookies.parse(List.of("a=1; b=\"two\"; bad name=3; =4; c=x=y", "JSESSIONID=abc"));
        assertEquals(4, cookies.length);
        assertEquals("a", cookies[0].getName());
        assertEquals("two", cookies[1].getValue());
        assertEquals("x=y", cookies[2].getValue());
        assertEquals("JSESSIONID", cookies[3].getName());
        assertNull(Cookies.parse(List.of()));
        Cookie cookie = new Cookie("pref", "dark");
        cookie.setPath("/app");
        cookie.setMaxAge(0);
        cookie.setHttpOnly(true);
        cookie.setSecure(true);
        cookie.setAttribute("SameSite", "Strict");
        assertEquals("pref=dark; Path=/app; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Secure; HttpOnly; SameSite=Strict",
                Cookies.format(cookie));
        assertThrows(IllegalArgumentException.class, () -> Cookies.format(new Cookie("a", "with space")));
    }

    @Test
    void dates() {
        assertEquals(784111777000L, HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT"));
        assertEquals(784111777000L, HttpDates.parse("Sunday, 06-Nov-94 08:49:37 GMT"));
        assertEquals(784111777000L, HttpDates.parse("Sun Nov  6 08:49:37 1994"));
        assertEquals(-1, HttpDates.parse("yesterday"));
        assertEquals(-1, HttpDates.parse("Sun, 06 Nov 1994 08:49:37 CET"));
        long now = System.currentTimeMillis() / 1000 * 1000;
        assertEquals(now, HttpDates.parse(io.github.lsbaws.http.HttpDate.format(now)));
    }
}
