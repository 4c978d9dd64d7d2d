package io.github.lsbaws.gateway;

/** The application broke its side of the gateway contract; the server answers 500 and logs this. */
public class InvalidResponseException extends RuntimeException {
    public InvalidResponseException(String message) {
        super(message);
    }
}
