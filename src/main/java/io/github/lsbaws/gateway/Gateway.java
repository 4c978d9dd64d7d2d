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

    /**
     * Stand-ins of this gateway's kind whose requests the parent rehearses before it forks, so
     * that the adapter's own request path is linked once (the built-in shapes have theirs in
     * {@link WarmUpApps}).
     */
    default java.util.List<Gateway> rehearsals() throws Exception {
        return java.util.List.of();
    }

    /**
     * The target of the application's first page, its root ("/", or "/shop/" for a Servlet
     * context): what a parent with nothing learned serves itself first.
     */
    default String root() {
        return "/";
    }

    /** Called once in the parent when the server has stopped: the application's own shutdown. */
    default void destroy() {
    }
}
