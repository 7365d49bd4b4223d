package io.storagedrivers.linstor.api;

/**
 * A controller accepted a change but did not answer in time, and re-reading the state could not
 * tell whether it happened. The outcome is unknown: re-run the operation (the high-level API is
 * idempotent) rather than assuming it failed.
 */
public class LinstorTimeoutException extends LinstorException {
    public LinstorTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
