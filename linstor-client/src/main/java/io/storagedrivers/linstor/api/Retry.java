package io.storagedrivers.linstor.api;

/**
 * What to do with a change whose answer never came (the controller stopped answering after the
 * request was sent): {@link #SAFE} resends it, any other check re-reads state through the next
 * controller and resends only if the change did not happen.
 */
@FunctionalInterface
public interface Retry {
    /** Resending is harmless (deletes, modifies, target-count autoplace, make-available). */
    Retry SAFE = () -> false;

    /** True when re-read state shows the change already happened (then it is not resent). */
    boolean alreadyDone();
}
