package io.github.lsbaws.launcher;

/**
 * The server was still alive, and still starting, when the time given for its start ran out: a
 * slow deployment rather than a failure, which a longer wait may let through.
 */
public class ServerStartTimeoutException extends ServerStartException {
    public ServerStartTimeoutException(String message) {
        super(message);
    }
}
