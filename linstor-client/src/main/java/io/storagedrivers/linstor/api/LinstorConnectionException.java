package io.storagedrivers.linstor.api;

/** No configured controller could be reached (refused, unreachable, TLS verification failed). */
public class LinstorConnectionException extends LinstorException {
    public LinstorConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
