package io.storagedrivers.exec.copy;

import java.util.function.LongSupplier;

import io.storagedrivers.spi.Progress;

/**
 * Passes progress on at most once per interval (plus the final report), so a copy that reports
 * every 64 KiB still produces only a handful of {@code INFO:} lines upstream.
 */
final class ThrottledProgress implements Progress {
    private final Progress target;
    private final long intervalNanos;
    private final LongSupplier clock;
    private long last;
    private boolean reported;

    ThrottledProgress(Progress target, long intervalMillis, LongSupplier clock) {
        this.target = target;
        this.intervalNanos = intervalMillis * 1_000_000L;
        this.clock = clock;
    }

    static Progress every(Progress target, long intervalMillis) {
        return target == Progress.NONE ? target : new ThrottledProgress(target, intervalMillis, System::nanoTime);
    }

    @Override
    public synchronized void report(long done, long total) {
        long now = clock.getAsLong();
        if (done >= total || !reported || now - last >= intervalNanos) {
            reported = true;
            last = now;
            target.report(done, total);
        }
    }
}
