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

    /**
     * {@link #properties} key: the hosts (space-separated) that could not be asked whether the
     * volume is active there, so {@link #activeOn} may be incomplete; absent when every host answered.
     * {@code *} stands for "any host": the backend knows no host to ask.
     */
    public static final String ACTIVATION_UNKNOWN_ON = "activation_unknown_on";
    /** {@link #properties} key prefix: {@code activation_error.<host>} says why that host could not be asked. */
    public static final String ACTIVATION_ERROR = "activation_error.";

    /** The hosts of {@link #ACTIVATION_UNKNOWN_ON}, sorted. */
    public java.util.SortedSet<String> activationUnknownOn() {
        java.util.SortedSet<String> out = new java.util.TreeSet<>();
        String v = properties.get(ACTIVATION_UNKNOWN_ON);
        if (v != null) {
            for (String h : v.split(" ")) {
                if (!h.isEmpty()) {
                    out.add(h);
                }
            }
        }
        return out;
    }

    public static VolumeInfo of(VolumeRef ref, long sizeBytes) {
        return new VolumeInfo(ref, sizeBytes, Set.of(), Map.of());
    }

    public long sizeMiB() {
        return (sizeBytes + Sizes.MIB - 1) / Sizes.MIB;
    }
}
