package io.storagedrivers.linstor.api;

/** Base of every failure of the LINSTOR client: the message is one line a user can act on. */
public class LinstorException extends RuntimeException {
    public LinstorException(String message) {
        super(message);
    }

    public LinstorException(String message, Throwable cause) {
        super(message, cause);
    }
}
