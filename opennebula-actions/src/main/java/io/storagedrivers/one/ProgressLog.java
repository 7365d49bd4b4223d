package io.storagedrivers.one;

import io.storagedrivers.spi.Progress;
import io.storagedrivers.spi.Sizes;

/** Turns copy progress into {@code INFO:} lines: one per 10% at most, so a long copy shows it is alive. */
public final class ProgressLog implements Progress {
    private final Reply reply;
    private final String what;
    private int lastDecile = -1;

    public ProgressLog(Reply reply, String what) {
        this.reply = reply;
        this.what = what;
    }

    @Override
    public synchronized void report(long doneBytes, long totalBytes) {
        if (totalBytes <= 0) {
            return;
        }
        int decile = (int) Math.min(10, doneBytes * 10 / totalBytes);
        if (decile > lastDecile) {
            lastDecile = decile;
            reply.info(what + ": " + decile * 10 + "% (" + doneBytes / Sizes.MIB + " of " + totalBytes / Sizes.MIB + " MiB)");
        }
    }
}
