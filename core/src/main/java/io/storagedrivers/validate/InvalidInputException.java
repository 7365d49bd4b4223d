package io.storagedrivers.validate;

import io.storagedrivers.spi.BackendException;

/**
 * Input from outside (argv, action XML, a Cinder request) is not acceptable. The message is one
 * line naming the field, showing the value (escaped, shortened) and the rule it broke.
 */
public final class InvalidInputException extends BackendException {

    public InvalidInputException(String message) {
        super(Kind.INVALID, message);
    }
}
