package com.example.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Expects what the application does not answer: this test fails on purpose. */
class FailingIT {
    @Test
    void expectsTheWrongGreeting() throws Exception {
        URI base = URI.create(System.getProperty("app.url"));
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(base.resolve("hello?name=IT")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("Goodbye, IT!\n", response.body());
    }
}
