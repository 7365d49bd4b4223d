package io.storagedrivers.spi;

/**
 * A backend operation failed. The message is one line a user can act on (no stack trace, no
 * prefix); {@link #kind()} lets front ends map it (Cinder "busy", CLI exit codes, HTTP status).
 */
public class BackendException extends RuntimeException {

    public enum Kind {
        /** The object does not exist. */
        NOT_FOUND,
        /** The object exists and is in use (open, attached, locked by another operation). */
        BUSY,
        /** Not enough space / nodes. */
        NO_SPACE,
        /** The request is invalid (bad name, shrink, unsupported operation). */
        INVALID,
        /** The backend does not support this operation. */
        UNSUPPORTED,
        /** The storage or a host could not be reached / a command failed. */
        BACKEND_ERROR
    }

    private final Kind kind;

    public BackendException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public BackendException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static BackendException unsupported(String backend, String what) {
        return new BackendException(Kind.UNSUPPORTED, what + " not supported by the " + backend + " backend");
    }

    public static BackendException notFound(String what) {
        return new BackendException(Kind.NOT_FOUND, what + " not found");
    }
}
