package io.storagedrivers.one;

/**
 * An action cannot go on because of its input or the state it found. The message is the one
 * line oned shows the user; it names the bad value or the missing object.
 */
public class OneException extends RuntimeException {

    public OneException(String message) {
        super(message);
    }

    public OneException(String message, Throwable cause) {
        super(message, cause);
    }
}
