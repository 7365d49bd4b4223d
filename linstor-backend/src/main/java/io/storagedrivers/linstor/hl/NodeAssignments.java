package io.storagedrivers.linstor.hl;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.storagedrivers.linstor.api.Flags;
import io.storagedrivers.linstor.api.dto.ResourceWithVolumes;
import io.storagedrivers.linstor.api.dto.Volume;

/**
 * Where a resource is, as one read of the controller saw it ({@link Resource#refresh}): which
 * nodes hold it diskful, diskless or as an NVMe-oF initiator, where it is open, and each volume's
 * device path there. Node names compare case-insensitively, as LINSTOR's do.
 */
public final class NodeAssignments {
    private final String linstorName;
    private final List<ResourceWithVolumes> resources;

    NodeAssignments(String linstorName, List<ResourceWithVolumes> resources) {
        this.linstorName = linstorName;
        this.resources = List.copyOf(resources);
    }

    static NodeAssignments none() {
        return new NodeAssignments(null, List.of());
    }

    ResourceWithVolumes on(String node) {
        return resources.stream().filter(r -> r.nodeName().equalsIgnoreCase(node)).findFirst().orElse(null);
    }

    public boolean isAssigned(String node) {
        return on(node) != null;
    }

    public boolean isDiskless(String node) {
        ResourceWithVolumes r = on(node);
        return r != null && Flags.diskless(r.flags());
    }

    public boolean isDiskful(String node) {
        ResourceWithVolumes r = on(node);
        return r != null && !Flags.diskless(r.flags());
    }

    /** An NVMe-oF initiator on {@code node} (no DRBD; the data is on the target node). */
    public boolean isNvmeInitiator(String node) {
        ResourceWithVolumes r = on(node);
        return r != null && r.flags() != null && r.flags().contains("NVME_INITIATOR");
    }

    public Set<String> disklessNodes() {
        return nodes(true);
    }

    public Set<String> diskfulNodes() {
        return nodes(false);
    }

    private Set<String> nodes(boolean diskless) {
        Set<String> out = new TreeSet<>();
        resources.stream().filter(r -> Flags.diskless(r.flags()) == diskless).forEach(r -> out.add(r.nodeName()));
        return out;
    }

    /** Where the resource is Primary (open), as the controller reports it. */
    public Set<String> inUseNodes() {
        Set<String> out = new TreeSet<>();
        resources.stream().filter(r -> r.state() != null && Boolean.TRUE.equals(r.state().inUse()))
                .forEach(r -> out.add(r.nodeName()));
        return out;
    }

    /** The storage pool of the first diskful volume (null when there is none). */
    Optional<String> diskfulStoragePool() {
        return resources.stream().filter(r -> !Flags.diskless(r.flags()) && r.volumes() != null)
                .flatMap(r -> r.volumes().stream()).findFirst().map(Volume::storagePoolName);
    }

    /**
     * Device of volume {@code nr} on {@code node} (null when not assigned there). DRBD volumes get
     * the stable udev name {@code /dev/drbd/by-res/<resource>/<volume>} that LINSTOR's Cinder
     * driver prefers (as the satellite reports it in {@code Satellite/Device/Symlinks/0}, else the
     * name drbd-utils' udev rule gives it), which survives a minor number change; other layers
     * (storage only, NVMe-oF) the device LINSTOR reports.
     */
    public String devicePath(String node, int nr) {
        ResourceWithVolumes r = on(node);
        if (r == null || r.volumes() == null) {
            return null;
        }
        return r.volumes().stream().filter(v -> v.volumeNumber() != null && v.volumeNumber() == nr).findFirst()
                .map(v -> stablePath(v, nr)).orElse(null);
    }

    private String stablePath(Volume v, int nr) {
        String link = v.props() == null ? null : v.props().get("Satellite/Device/Symlinks/0");
        if (link != null && link.startsWith("/dev/")) {
            return link;
        }
        boolean drbd = (v.devicePath() != null && v.devicePath().startsWith("/dev/drbd"))
                || (v.layerDataList() != null && v.layerDataList().stream().anyMatch(l -> "DRBD".equals(l.type())));
        if (drbd) {
            return "/dev/drbd/by-res/" + linstorName + "/" + nr;
        }
        if (v.devicePath() != null && !v.devicePath().isEmpty()) {
            return v.devicePath();
        }
        return null;
    }
}
