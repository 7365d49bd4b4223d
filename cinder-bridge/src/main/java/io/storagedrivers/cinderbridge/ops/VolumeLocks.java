package io.storagedrivers.cinderbridge.ops;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * In-process locks per volume, so that two requests about one volume (a retry arriving while the
 * first attempt still runs, an attach during a clone) never interleave. A request that cannot get
 * the lock within the wait time is answered "busy". Backend-wide consistency (one VG, one LINSTOR
 * controller, shared with the OpenNebula driver) is the backend's own job: its file locks.
 * Entries live only while someone holds or waits for them.
 */
public final class VolumeLocks {

    /** Releases a held lock; try-with-resources friendly. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        int users;
    }

    private final Map<String, Entry> entries = new HashMap<>();
    private final Duration wait;

    public VolumeLocks(Duration wait) {
        this.wait = wait;
    }

    /** Takes the lock of {@code key} or throws {@code busyCode} after the wait time. */
    public Held acquire(String key, ApiException.Code busyCode) {
        Entry e;
        synchronized (entries) {
            e = entries.computeIfAbsent(key, k -> new Entry());
            e.users++;
        }
        boolean locked = false;
        try {
            locked = e.lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        } finally {
            if (!locked) {
                release(key, e);
            }
        }
        if (!locked) {
            throw new ApiException(busyCode, key + " is busy with another request; retry later");
        }
        return () -> {
            e.lock.unlock();
            release(key, e);
        };
    }

    /** Number of keys currently held or waited for (tests). */
    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private void release(String key, Entry e) {
        synchronized (entries) {
            if (--e.users == 0) {
                entries.remove(key);
            }
        }
    }
}
