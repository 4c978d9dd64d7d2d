package io.github.lsbaws.testing.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sample checks' own JSON comparison and cookie handling, on which every check leans. */
class JsonAndCookiesTest {
    @Test
    void documentsAreEqualByValueWhateverTheirKeyOrderSpacingAndNumberSpelling() {
        assertTrue(Json.same(Json.parse("{\"a\":1,\"b\":[true,null,\"x\"]}"), Json.parse(" { \"b\" : [ true , null , \"x\" ] , \"a\" : 1.0 } ")));
        assertFalse(Json.same(Json.parse("{\"a\":1}"), Json.parse("{\"a\":2}")));
        assertFalse(Json.same(Json.parse("{\"a\":1}"), Json.parse("{\"a\":1,\"b\":1}")));
        assertFalse(Json.same(Json.parse("[1,2]"), Json.parse("[2,1]")));
        assertFalse(Json.same(Json.parse("\"1\""), Json.parse("1")));
    }

    @Test
    void stringsRoundTripThroughQuoteAndParse() {
        String text = "Gr\u00fc\u00df \"Gott\"\n\t\\ \u0001";
        assertEquals(text, Json.parse(Json.quote(text)));
        assertEquals("\u00e9", Json.parse("\"\\u00e9\""));
    }

    @Test
    void malformedDocumentsAreRefused() {
        for (String bad : List.of("{\"a\":1", "{\"a\" 1}", "[1,]x", "tru", "{\"a\":1}}", "")) {
            assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
        }
    }

    @Test
    void setCookieAttributesAreReadCaseInsensitively() {
        SetCookie cookie = SetCookie.parse("JSESSIONID=abc.node0; Path=/shop; httponly; SameSite=Lax");
        assertEquals("JSESSIONID", cookie.name());
        assertEquals("abc.node0", cookie.value());
        assertEquals("/shop", cookie.attribute("path"));
        assertTrue(cookie.has("HttpOnly"));
        assertEquals("Lax", cookie.attribute("samesite"));
        assertNull(cookie.attribute("Secure"));
    }

    @Test
    void theJarKeepsTheLatestValueAndForgetsDeletedCookies() {
        CookieJar jar = new CookieJar();
        assertNull(jar.header());
        jar.store(List.of("JSESSIONID=one; Path=/", "theme=dark"));
        jar.store(List.of("JSESSIONID=two; Path=/; HttpOnly"));
        assertEquals("JSESSIONID=two; theme=dark", jar.header());
        jar.store(List.of("theme=; Max-Age=0", "JSESSIONID=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT"));
        assertTrue(jar.isEmpty(), jar.toString());
    }

    @Test
    void aReplyDecodesItsBodyWithTheDeclaredCharset() {
        Reply latin = new Reply("GET http://127.0.0.1/", "HTTP/1.1 200 OK", 200,
                List.of(Map.entry("content-type", "text/plain; Charset=\"ISO-8859-1\"")), new byte[] {(byte) 0xfc});
        assertEquals("text/plain", latin.mediaType());
        assertEquals("iso-8859-1", latin.charset());
        assertEquals("\u00fc", latin.text());
        Reply redirect = new Reply("POST http://127.0.0.1:8080/shop/login", "HTTP/1.1 302 Found", 302,
                List.of(Map.entry("Location", "account")), new byte[0]);
        assertEquals("http://127.0.0.1:8080/shop/account", redirect.location().toString());
    }
}
