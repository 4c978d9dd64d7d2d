package com.example.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs against both servers that lsbaws:start started, found through the published URLs. */
class ServedIT {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @ParameterizedTest
    @ValueSource(strings = {"wsgi.url", "handler.url"})
    void greets(String urlProperty) throws Exception {
        URI base = URI.create(System.getProperty(urlProperty));
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve("hello?name=IT")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals("Hello, IT!\n", response.body());
        assertEquals("lsbaws", response.headers().firstValue("Server").orElse(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"wsgi.url", "handler.url"})
    void echoesAndAnswers404(String urlProperty) throws Exception {
        URI base = URI.create(System.getProperty(urlProperty));
        HttpResponse<String> echo = client.send(HttpRequest.newBuilder(base.resolve("echo"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("ping")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("ping", echo.body());
        HttpResponse<String> missing = client.send(HttpRequest.newBuilder(base.resolve("nowhere")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, missing.statusCode());
    }
}
