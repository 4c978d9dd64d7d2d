package io.github.lsbaws.gateway;

import io.github.lsbaws.http.Request;
import io.github.lsbaws.http.Response;

/**
 * An application adapted to the server, whatever its shape. The server parses the request and
 * owns the connection; the gateway turns the request into the application's call and the
 * application's answer into {@link Response} calls.
 */
public interface Gateway {
    /**
     * Serves one request. Returns once the response is complete.
     *
     * @throws InvalidResponseException when the application answered in a way HTTP cannot carry
     * @throws Exception whatever the application threw
     */
    void serve(Request request, Response response, ConnectionInfo connection) throws Exception;
}
