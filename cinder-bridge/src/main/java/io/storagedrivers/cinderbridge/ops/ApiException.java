package io.storagedrivers.cinderbridge.ops;

import io.storagedrivers.spi.BackendException;

/**
 * A request failed in a way the Python driver maps onto a Cinder exception. {@link #code()} is
 * the stable machine-readable name (the Python side switches on it), {@link #status()} the HTTP
 * status, the message one line a user can read.
 */
public final class ApiException extends RuntimeException {

    /** Error codes of the bridge API and their HTTP status. */
    public enum Code {
        INVALID(400),
        INVALID_CONNECTOR(400),
        UNAUTHORIZED(401),
        NOT_FOUND(404),
        METHOD_NOT_ALLOWED(405),
        VOLUME_BUSY(409),
        SNAPSHOT_BUSY(409),
        TOO_LARGE(413),
        INTERNAL(500),
        UNSUPPORTED(501),
        BACKEND_ERROR(502),
        /** Too many requests for one backend at once (see {@link BackendGate}). */
        BACKEND_BUSY(503),
        NO_SPACE(507);

        private final int status;

        Code(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Code code;

    public ApiException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public ApiException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public Code code() {
        return code;
    }

    public int status() {
        return code.status();
    }

    public static ApiException invalid(String message) {
        return new ApiException(Code.INVALID, message);
    }

    /**
     * Translates a backend failure. {@code busyCode} says whether "busy" concerns a volume or a
     * snapshot in the operation at hand.
     */
    public static ApiException from(BackendException e, Code busyCode) {
        Code c = switch (e.kind()) {
            case NOT_FOUND -> Code.NOT_FOUND;
            case BUSY -> busyCode;
            case NO_SPACE -> Code.NO_SPACE;
            case INVALID -> Code.INVALID;
            case UNSUPPORTED -> Code.UNSUPPORTED;
            case BACKEND_ERROR -> Code.BACKEND_ERROR;
        };
        return new ApiException(c, e.getMessage(), e);
    }
}
