package io.storagedrivers.sharedlvm.lvm;

import java.util.List;

/**
 * One row of {@link LvmReports#lvs}. Activation is per machine: {@code attr} and
 * {@code activeState} describe the machine that ran {@code lvs}.
 *
 * @param uuid        LVM's {@code lv_uuid}; empty for an LV taken from lvcreate's own output, not reported
 * @param attr        LVM's 10-character {@code lv_attr} (e.g. {@code -wi-ao----}); index 5 is
 *                    "open". Its index 4 turns to {@code X} (unknown) on a host whose table no
 *                    longer matches the metadata (after an lvextend elsewhere), so activation is
 *                    read from {@code lv_active} instead
 * @param activeState {@code lv_active}: {@code active} (or {@code active locally}...), empty when
 *                    inactive, {@code unknown} without device-mapper
 * @param tags        LV tags, in LVM's order
 */
public record LvInfo(String vg, String name, String uuid, long sizeBytes, String attr, String activeState,
                     List<String> tags) {
    public LvInfo {
        tags = List.copyOf(tags);
    }

    /** Active (has a device-mapper table) where the report was taken. */
    public boolean active() {
        return activeState.startsWith("active");
    }

    /** Open (in use by a VM, dd...) where the report was taken. */
    public boolean open() {
        return attr.charAt(5) == 'o';
    }

    public boolean hasTag(String tag) {
        return tags.contains(tag);
    }
}
