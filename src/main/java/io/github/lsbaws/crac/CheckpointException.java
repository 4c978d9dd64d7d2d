package io.github.lsbaws.crac;

/** A checkpoint that did not happen; what the resources threw is attached as suppressed exceptions. */
public class CheckpointException extends Exception {
    private static final long serialVersionUID = 1L;

    public CheckpointException() {
        super();
    }

    public CheckpointException(String message) {
        super(message);
    }
}
