package io.storagedrivers.sharedlvm.copy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Decides where data work (copies, zeroing) runs, as an ordered list of candidates; the backend
 * uses the first one it can reach. {@link #FRONTEND} stands for this machine.
 * <ol>
 *   <li>{@code COPY_HOST} set: only that ({@code frontend} or a host name);</li>
 *   <li>the frontend, when it has device-mapper (it can activate LVs itself);</li>
 *   <li>the host the caller works for (e.g. the destination host of a TM clone), if any;</li>
 *   <li>the {@code BRIDGE_LIST} hosts, starting at a position derived from the volume name, so a
 *       re-run after a crash picks the same host first (and can clean up there).</li>
 * </ol>
 */
public final class CopyPlacement {
    public static final String FRONTEND = "frontend";

    private final Optional<String> copyHost;
    private final List<String> bridgeList;
    private final BooleanSupplier frontendHasDeviceMapper;

    public CopyPlacement(Optional<String> copyHost, List<String> bridgeList, BooleanSupplier frontendHasDeviceMapper) {
        this.copyHost = copyHost;
        this.bridgeList = List.copyOf(bridgeList);
        this.frontendHasDeviceMapper = frontendHasDeviceMapper;
    }

    /** device-mapper is usable on this machine when the running kernel lists it in /proc/misc. */
    public static boolean localDeviceMapper() {
        // /dev/mapper/control alone proves nothing: the lvm2 package creates the node on kernels
        // without device-mapper too (seen on the CI machines). The kernel lists its misc devices.
        try {
            return Files.readAllLines(Path.of("/proc/misc")).stream()
                    .anyMatch(l -> l.strip().endsWith(" device-mapper"));
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Candidates in order of preference, never empty.
     *
     * @param preferredHost the host the caller works for, or null
     * @param volumeKey     the volume the work is for (spreads work over BRIDGE_LIST deterministically)
     * @throws IllegalStateException with a message for the operator when nothing can do the work
     */
    public List<String> candidates(String preferredHost, String volumeKey) {
        if (copyHost.isPresent()) {
            return List.of(copyHost.get());
        }
        if (frontendHasDeviceMapper.getAsBoolean()) {
            return List.of(FRONTEND);
        }
        List<String> out = new ArrayList<>();
        if (preferredHost != null) {
            out.add(preferredHost);
        }
        int n = bridgeList.size();
        int start = n == 0 ? 0 : Math.floorMod(volumeKey.hashCode(), n);
        for (int i = 0; i < n; i++) {
            String h = bridgeList.get((start + i) % n);
            if (!out.contains(h)) {
                out.add(h);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no machine can copy or zero LV data: the frontend has no device-mapper"
                    + " and neither COPY_HOST nor BRIDGE_LIST is set on the datastore");
        }
        return out;
    }
}
