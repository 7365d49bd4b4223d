package io.storagedrivers.cinderbridge.http;

/**
 * A request the listener refuses before any handler sees it: malformed (400), too large (413),
 * or over a connection limit (503). {@link #code()} is a stable name for the answer's body.
 */
public final class HttpRefusal extends RuntimeException {
    private final int status;
    private final String code;

    public HttpRefusal(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    static HttpRefusal invalid(String message) {
        return new HttpRefusal(400, "INVALID", message);
    }

    static HttpRefusal tooLarge(String message) {
        return new HttpRefusal(413, "TOO_LARGE", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
