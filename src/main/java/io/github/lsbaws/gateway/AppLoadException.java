package io.github.lsbaws.gateway;

/** The -Dapp specification could not be turned into an application; the message says why. */
public class AppLoadException extends Exception {
    public AppLoadException(String message) {
        super(message);
    }
}
