package io.github.lsbaws.servlet.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The canonicalisation examples of Servlet 6.1 section 3.5.2 (those with a path starting with '/', the rest refused earlier). */
class UriPathTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/foo/bar | /foo/bar",
        "/foo/bar;jsessionid=1234 | /foo/bar",
        "/foo/bar/ | /foo/bar/",
        "/foo/bar/;jsessionid=1234 | /foo/bar/",
        "/foo;/bar; | /foo/bar",
        "/foo;/bar;/; | /foo/bar/",
        "/foo/b%25r | /foo/b%r",
        "/foo/./bar | /foo/bar",
        "/foo/././bar | /foo/bar",
        "/./foo/bar | /foo/bar",
        "/foo/bar/. | /foo/bar",
        "/foo/bar/./ | /foo/bar/",
        "/foo/bar/./; | /foo/bar/",
        "/foo/.bar | /foo/.bar",
        "/foo/../bar | /bar",
        "/foo/./../bar | /bar",
        "/foo/bar/.. | /foo",
        "/foo/bar/../ | /foo/",
        "/foo/bar/../; | /foo/",
        "/foo/..bar | /foo/..bar",
        "/foo/.../bar | /foo/.../bar",
        "/foo//bar | /foo/bar",
        "//foo//bar// | /foo/bar/",
        "/foo//../bar | /bar",
        "/foo%E2%82%ACbar | /foo€bar",
        "/foo%20bar | /foo bar",
        "/ | /",
        "// | /",
        "/. | /",
        "/./ | /",
    })
    void canonical(String raw, String expected) {
        assertEquals(expected, UriPath.canonical(raw));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/foo%00/bar/", "/foo%7Fbar", "/foo%2Fbar", "/foo%2Fb%25r", "/foo\\bar", "/foo%5Cbar", "/foo;%2F/bar",
        "/foo/%2e/bar", "/foo/.;/bar", "/foo/%2e;/bar", "/foo/.%2Fbar", "/foo/.%5Cbar", "/foo/bar/.;", "/foo/../../bar",
        "/../foo/bar", "/foo/%2e%2E/bar", "/foo/%2e%2e/%2E%2E/bar", "/foo/..;/bar", "/foo/%2e%2E;/bar", "/foo/..%2Fbar",
        "/foo/..%5Cbar", "/foo/bar/..;", "/;/foo;/;/bar/;/;", "/foo/;/../bar", "/foo%E2%82", "/foo%E2%82bar",
        "/foo%-1/bar", "/foo%XX/bar", "/foo%/bar", "/foo/bar%0", "/good%20/bad%/%20mix%", "/;/", "/..", "/../",
        "foo/bar", "x",
    })
    void refused(String raw) {
        assertEquals(400, assertThrows(BadRequestException.class, () -> UriPath.canonical(raw)).status());
    }
}
