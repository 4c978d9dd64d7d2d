package io.github.lsbaws.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lsbaws.http.HeaderFields;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LearnedRequestTest {
    @Test
    void onlySafeMethodsAreLearned() {
        assertTrue(LearnedRequest.learnable("GET", "/"));
        assertTrue(LearnedRequest.learnable("HEAD", "/"));
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "get")) {
            assertFalse(LearnedRequest.learnable(method, "/"), method);
        }
        assertNull(LearnedRequest.decode("POST /orders\tAccept: */*"), "nor read back from a file edited by hand");
    }

    /** Credentials in the target: the request is not learned, nor read back from a file that has one. */
    @Test
    void aRequestWithAParameterNamedLikeASecretIsNotLearned() {
        for (String target : List.of("/reset?token=4f2a", "/oauth/callback?state=x&code=SplxlOBeZQQYbYS6WxSbIA",
                "/api/items?api_key=abc", "/api/items?apiKey=abc", "/login?user=ada&password=hunter2",
                "/s3/object?X-Amz-Signature=abc&X-Amz-Credential=k", "/page;jsessionid=0123abc?x=1", "/page?access%5Ftoken=x",
                "/page?a=1&&Client_Secret=z", "/verify?otp=123456", "/page?%zz=1")) {
            assertTrue(LearnedRequest.hasSecretParameter(target), target);
            assertFalse(LearnedRequest.learnable("GET", target), target);
            assertNull(LearnedRequest.decode("GET " + target + "\tAccept: */*"), target);
        }
        for (String target : List.of("/", "/hello?name=ada", "/search?q=token", "/items?page=2&sort=name", "/a;b?c",
                "/docs/keys-and-tokens.html")) {
            assertTrue(LearnedRequest.learnable("GET", target), target);
        }
    }

    @Test
    void onlyHeadersThatChooseARepresentationAreKept() {
        HeaderFields fields = new HeaderFields().add("Host", "example.org").add("Authorization", "Basic c2VjcmV0")
                .add("Cookie", "JSESSIONID=abc").add("Proxy-Authorization", "x").add("Accept", "text/html")
                .add("X-Api-Key", "k-123").add("X-Auth-Token", "t-456").add("Api-Key", "k").add("X-Amz-Security-Token", "s")
                .add("Referer", "http://example.org/reset?token=1").add("X-Forwarded-For", "10.0.0.1")
                .add("Connection", "keep-alive").add("Accept-Language", "fr");
        LearnedRequest request = LearnedRequest.of("GET", "/account?tab=2", fields);
        assertEquals(List.of(new LearnedRequest.Header("Accept", "text/html"), new LearnedRequest.Header("Accept-Language", "fr")),
                request.headers());
        assertEquals("GET /account?tab=2 HTTP/1.1\r\nHost: 127.0.0.1:8888\r\nAccept: text/html\r\nAccept-Language: fr\r\n"
                + "Connection: close\r\n\r\n", new String(request.toHttp("127.0.0.1:8888"), StandardCharsets.ISO_8859_1));
    }

    @Test
    void theKeyIsTheMethodAndThePathWithoutTheQuery() {
        assertEquals("GET /hello", LearnedRequest.key("GET", "/hello?name=a"));
        assertEquals(LearnedRequest.key("GET", "/hello?name=b"), LearnedRequest.key("GET", "/hello"));
        assertEquals("HEAD /hello", LearnedRequest.key("HEAD", "/hello"));
    }

    @Test
    void anEncodedRequestIsOneLineAndDecodesToItself() {
        LearnedRequest request = new LearnedRequest("GET", "/a?b=c%20d", List.of(new LearnedRequest.Header("User-Agent", "tab\there \\ back"),
                new LearnedRequest.Header("Accept", "*/*")));
        String line = request.encode();
        assertFalse(line.contains("\n"));
        assertEquals(request, LearnedRequest.decode(line));
        assertEquals(new LearnedRequest("HEAD", "/", List.of()), LearnedRequest.decode("HEAD /"));
        assertNull(LearnedRequest.decode("GET"));
        assertNull(LearnedRequest.decode("GET /x\tno colon here"));
        assertEquals(new LearnedRequest("GET", "/x", List.of(new LearnedRequest.Header("Accept", "*/*"))),
                LearnedRequest.decode("GET /x\tX-Api-Key: k-123\tAccept: */*"), "a file an older version wrote: its extra headers dropped");
    }
}
