package io.storagedrivers.one;

import java.util.Locale;

import io.storagedrivers.spi.CopySummary;
import io.storagedrivers.spi.Progress;
import io.storagedrivers.spi.Sizes;

/**
 * Turns copy progress into {@code INFO:} lines: one per 10% at most, so a long copy shows it is
 * alive, and one summary line when it is done (in a TM action each carries the VM id).
 */
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

    @Override
    public void copied(CopySummary s) {
        reply.info(summary(what, s));
    }

    /** "clone of X: 1024 MiB in 3.2 s (320.0 MiB/s) on host1; 800 MiB of zero blocks skipped; 0 MiB zeroed". */
    static String summary(String what, CopySummary s) {
        String zeroes = s.zeroBytesSkipped() == CopySummary.NOT_COUNTED ? "zero blocks skipped (not counted)"
                : s.zeroBytesSkipped() == 0 ? "every byte written"
                : mib(s.zeroBytesSkipped()) + " MiB of zero blocks skipped";
        return String.format(Locale.ROOT, "%s: copied %s MiB in %.1f s (%.1f MiB/s) on %s; %s; %s MiB zeroed", what,
                mib(s.bytes()), s.took().toNanos() / 1e9, s.mibPerSecond(), s.where(), zeroes, mib(s.zeroedBytes()));
    }

    private static String mib(long bytes) {
        return bytes % Sizes.MIB == 0 ? Long.toString(bytes / Sizes.MIB)
                : String.format(Locale.ROOT, "%.1f", bytes / (double) Sizes.MIB);
    }
}
