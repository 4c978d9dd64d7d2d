package io.github.lsbaws.launcher;

/** The server could not start serving; the message carries the server's own error output. */
public class ServerStartException extends Exception {
    public ServerStartException(String message) {
        super(message);
    }
}
