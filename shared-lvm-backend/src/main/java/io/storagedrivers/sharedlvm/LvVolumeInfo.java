package io.storagedrivers.sharedlvm;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.storagedrivers.sharedlvm.lvm.LvInfo;
import io.storagedrivers.spi.VolumeInfo;
import io.storagedrivers.spi.VolumeRef;

/** An LV's report row as the SPI's {@link VolumeInfo}: LVM's uuid, attributes and tags as properties. */
final class LvVolumeInfo {
    private LvVolumeInfo() {
    }

    /** Where it is active is not known (no host asked). */
    static VolumeInfo of(LvInfo lv) {
        return of(lv, Set.of(), Map.of());
    }

    /** @param unknownHosts hosts that could not be asked, with why */
    static VolumeInfo of(LvInfo lv, Set<String> activeOn, Map<String, String> unknownHosts) {
        Map<String, String> props = new LinkedHashMap<>();
        if (!lv.uuid().isEmpty()) { // empty: a new LV taken from lvcreate's words, not reported (VgMetadata)
            props.put("lv_uuid", lv.uuid());
        }
        props.put("lv_attr", lv.attr());
        props.put("lv_tags", String.join(",", lv.tags()));
        props.put("incomplete", String.valueOf(lv.hasTag(DataOps.INCOMPLETE)));
        if (!unknownHosts.isEmpty()) {
            props.put(VolumeInfo.ACTIVATION_UNKNOWN_ON, String.join(" ", unknownHosts.keySet()));
            unknownHosts.forEach((host, why) -> props.put(VolumeInfo.ACTIVATION_ERROR + host, why));
        }
        return new VolumeInfo(new VolumeRef(lv.vg(), lv.name()), lv.sizeBytes(), activeOn, props);
    }
}
