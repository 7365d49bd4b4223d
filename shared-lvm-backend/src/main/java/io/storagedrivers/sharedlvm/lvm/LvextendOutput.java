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
 * {@code lvs}.
 */
public final class LvextendOutput {

    private LvextendOutput() {
    }

    /**
     * The size of {@code vg/lv} after the lvextend that printed {@code stdout}, given its exact
     * size before (only that LV's line counts: a thin pool growing with it has its own).
     */
    public static OptionalLong newSizeBytes(String stdout, String vg, String lv, long oldSizeBytes) {
        Matcher m = Pattern.compile("Size of logical volume " + Pattern.quote(vg + "/" + lv)
                + " changed from [^(\\n]*\\((\\d{1,12}) extents?\\) to [^(\\n]*\\((\\d{1,12}) extents?\\)\\.").matcher(stdout);
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
}
