package io.storagedrivers.sharedlvm.lvm;

import java.util.List;

/**
 * One row of {@link LvmCommands#lvs}.
 *
 * @param attr LVM's 10-character {@code lv_attr} (e.g. {@code -wi-a-----}); index 4 is the
 *             activation state <em>on the machine that ran lvs</em>, index 5 whether it is open there
 * @param tags LV tags, in LVM's order
 */
public record LvInfo(String vg, String name, String uuid, long sizeBytes, String attr, List<String> tags) {
    public LvInfo {
        tags = List.copyOf(tags);
    }

    /** Active (has a device-mapper table) where the report was taken. */
    public boolean active() {
        return attr.charAt(4) == 'a';
    }

    /** Open (in use by a VM, dd...) where the report was taken. */
    public boolean open() {
        return attr.charAt(5) == 'o';
    }

    public boolean hasTag(String tag) {
        return tags.contains(tag);
    }
}
