package io.storagedrivers.lock;

import io.storagedrivers.spi.BackendException;

/**
 * A lock could not be taken in time (or the wait was interrupted). It is a
 * {@link BackendException} of kind {@link BackendException.Kind#BUSY}, so front ends that only know
 * the SPI map it like any other "in use" failure; callers that care can catch this type.
 */
public final class LockTimeoutException extends BackendException {

    private final String key;

    public LockTimeoutException(String key, String message) {
        super(Kind.BUSY, message);
        this.key = key;
    }

    /** The lock key, as given to {@link FileLocks#acquire}. */
    public String key() {
        return key;
    }
}
