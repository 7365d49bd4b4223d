package io.storagedrivers.sharedlvm.lvm;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The new size of an LV from what {@link LvmCommands#lvextend} prints, so that a resize needs no
 * second {@code lvs} (an LVM process, ~15 ms, more on a large VG). LVM 2.03 says {@code Size of
 * logical volume VG/LV changed from 8.00 MiB (2 extents) to 20.00 MiB (5 extents).}: the extent
 * counts are exact, the sizes beside them are rounded for people, so the new size in bytes is the
 * old exact size divided by the old extents times the new ones. Anything else (another wording,
 * another LVM version, a size that is not a whole number of extents): empty, and the caller asks
 * {@code lvs}. Without the old size, {@link #reachedRequested} says whether the LV now has
 * exactly the size asked for.
 */
public final class LvextendOutput {

    private LvextendOutput() {
    }

    /**
     * The size of {@code vg/lv} after the lvextend that printed {@code stdout}, given its exact
     * size before (only that LV's line counts: a thin pool growing with it has its own).
     */
    public static OptionalLong newSizeBytes(String stdout, String vg, String lv, long oldSizeBytes) {
        Matcher m = changeLine(vg, lv).matcher(stdout);
        if (!m.find()) {
            return OptionalLong.empty();
        }
        long oldExtents = Long.parseLong(m.group(1));
        long newExtents = Long.parseLong(m.group(2));
        if (oldExtents <= 0 || newExtents < oldExtents || oldSizeBytes <= 0 || oldSizeBytes % oldExtents != 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.multiplyExact(oldSizeBytes / oldExtents, newExtents));
    }

    /**
     * Whether the lvextend that printed {@code stdout} for {@code -L requestedBytes b} left
     * {@code vg/lv} at exactly {@code requestedBytes}: it reports the change of that LV and did
     * not round the size up to a whole number of extents (LVM 2.03 then prints {@code Rounding
     * size to boundary between physical extents: ...} before the change, a striped LV {@code Rounding
     * size (n extents) up to stripe boundary ...}; both lines are left out
     * together under {@code log/silent}, which then gives false). False: the caller asks {@code lvs}.
     */
    public static boolean reachedRequested(String stdout, String vg, String lv) {
        return changeLine(vg, lv).matcher(stdout).find() && !stdout.contains("Rounding");
    }

    private static Pattern changeLine(String vg, String lv) {
        return Pattern.compile("Size of logical volume " + Pattern.quote(vg + "/" + lv)
                + " changed from [^(\\n]*\\((\\d{1,12}) extents?\\) to [^(\\n]*\\((\\d{1,12}) extents?\\)\\.");
    }
}
