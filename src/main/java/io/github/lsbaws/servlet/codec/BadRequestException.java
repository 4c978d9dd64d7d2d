package io.github.lsbaws.servlet.codec;

/**
 * A request the container refuses while decoding it for the application (a malformed form or
 * multipart body, an ambiguous path, a part over its size limit): carries the 4xx status the
 * container answers with when the application lets it propagate. An IllegalStateException, as
 * the Servlet specification has {@code getParts} report exceeded limits.
 */
public class BadRequestException extends IllegalStateException {
    private final int status;

    public BadRequestException(int status, String message) {
        super(message);
        this.status = status;
    }

    public BadRequestException(String message) {
        this(400, message);
    }

    public int status() {
        return status;
    }

    /** The BadRequestException in t's cause chain, or null. */
    public static BadRequestException in(Throwable t) {
        for (Throwable cause = t; cause != null; cause = cause.getCause()) {
            if (cause instanceof BadRequestException bad) {
                return bad;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }
}
