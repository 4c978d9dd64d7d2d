package io.github.lsbaws.crac;

/** A restore some resources failed; what they threw is attached as suppressed exceptions. */
public class RestoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public RestoreException() {
        super();
    }

    public RestoreException(String message) {
        super(message);
    }
}
