package io.storagedrivers.spi;

import java.util.Map;
import java.util.Set;

/**
 * What a backend knows of one volume.
 *
 * @param ref        pool and name
 * @param sizeBytes  provisioned size
 * @param activeOn   hosts where the volume is attached/active (empty when unknown or none)
 * @param properties backend-specific extras (LV attributes, tags, DRBD minor...), never null
 */
public record VolumeInfo(VolumeRef ref, long sizeBytes, Set<String> activeOn, Map<String, String> properties) {
    public VolumeInfo {
        activeOn = Set.copyOf(activeOn);
        properties = Map.copyOf(properties);
    }

    public static VolumeInfo of(VolumeRef ref, long sizeBytes) {
        return new VolumeInfo(ref, sizeBytes, Set.of(), Map.of());
    }

    public long sizeMiB() {
        return (sizeBytes + Sizes.MIB - 1) / Sizes.MIB;
    }
}
