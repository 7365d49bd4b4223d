package io.storagedrivers.spi;

/** Receives progress of long copies; OpenNebula actions turn it into {@code INFO:} lines. */
@FunctionalInterface
public interface Progress {
    Progress NONE = (done, total) -> { };

    /** {@code doneBytes} of {@code totalBytes} copied so far. */
    void report(long doneBytes, long totalBytes);

    /** The copy is done; called once, after the last {@link #report}. */
    default void copied(CopySummary summary) {
    }
}
