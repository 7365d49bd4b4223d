package io.storagedrivers.spi;

import java.time.Duration;

/**
 * What one copy did, for the one line an action logs about it (issue 14: "bytes, bytes skipped as
 * zero, MiB/s, where it ran").
 *
 * @param bytes            bytes of the source that were copied (read)
 * @param zeroBytesSkipped bytes of the source that were all-zero blocks and were not written
 *                         (the target already reads as zero there); {@link #NOT_COUNTED} when the
 *                         tool skipped them on the host without telling how many; 0 when every
 *                         byte was written
 * @param zeroedBytes      bytes of the target zeroed before or after the copy (the whole target
 *                         for a sparse copy, else the tail past the source)
 * @param took             wall time of the whole copy, zeroing included
 * @param where            where the data moved: "local" (the frontend) or a host name
 */
public record CopySummary(long bytes, long zeroBytesSkipped, long zeroedBytes, Duration took, String where) {
    /** The tool ran on another machine and skips zero blocks without counting them. */
    public static final long NOT_COUNTED = -1;

    /** MiB per second of source bytes over the whole time (0 for an instant copy). */
    public double mibPerSecond() {
        double seconds = took.toNanos() / 1e9;
        return seconds <= 0 ? 0 : bytes / (double) Sizes.MIB / seconds;
    }
}
