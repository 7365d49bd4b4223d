package io.storagedrivers.lock;

/** A held lock; {@link #close()} releases it (once; further calls do nothing). */
public interface HeldLock extends AutoCloseable {

    /** The key this lock was taken for. */
    String key();

    @Override
    void close();
}
