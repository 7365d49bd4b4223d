package io.storagedrivers.sharedlvm;

import java.time.Duration;

import io.storagedrivers.lock.FileLocks;

/**
 * The cross-process lock around every metadata change of one VG. The frontend is the only writer
 * of a shared VG's metadata, but oned runs DS, TM and VMM actions as separate processes at once:
 * they all serialise here.
 */
@FunctionalInterface
public interface VgLocks {

    /** Held VG lock; closing it releases the lock. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** Takes the lock of {@code vg}, waiting at most the configured timeout (BUSY failure after). */
    Held lock(String vg);

    /** File locks ({@code <lock dir>/lvm-<vg>.lock}, see {@link FileLocks}). */
    static VgLocks files(FileLocks locks, Duration timeout) {
        return vg -> locks.acquire(key(vg), timeout)::close;
    }

    /** The lock key of a VG; other components that change a VG's metadata must use the same. */
    static String key(String vg) {
        return "lvm-" + vg;
    }
}
