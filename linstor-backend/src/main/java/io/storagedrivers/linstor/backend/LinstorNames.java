package io.storagedrivers.linstor.backend;

import java.util.Optional;
import java.util.regex.Pattern;

import io.storagedrivers.spi.VolumeNaming;
import io.storagedrivers.spi.VolumeOwner;

/**
 * The linstor resource names, as LINBIT's addon-linstor makes them (so its resources are adopted):
 * images {@code OpenNebula-Image-<id>}, per-VM copies {@code OpenNebula-Image-<id>-vm<vm>-disk<n>},
 * volatile disks {@code OpenNebula-Volatile-vm<vm>-disk<n>}; the add-on's context disks
 * {@code OpenNebula-vm-context-vm<vm>-disk<n>[-N]} are recognised too.
 */
public final class LinstorNames implements VolumeNaming {

    private static final Pattern IMAGE = Pattern.compile("OpenNebula-Image-(?<image>\\d+)");
    private static final Pattern CLONE = Pattern.compile("OpenNebula-Image-(?<image>\\d+)-vm(?<vm>\\d+)-disk(?<disk>\\d+)");
    private static final Pattern VOLATILE = Pattern.compile("OpenNebula-Volatile-vm(?<vm>\\d+)-disk(?<disk>\\d+)");
    private static final Pattern CONTEXT = Pattern.compile("OpenNebula-vm-context-vm(?<vm>\\d+)-disk(?<disk>\\d+)(?:-\\d+)?");

    @Override
    public String driver() {
        return "linstor";
    }

    @Override
    public String imageVolume(int imageId) {
        return "OpenNebula-Image-" + imageId;
    }

    @Override
    public String cloneVolume(int imageId, int vmId, int diskId) {
        return "OpenNebula-Image-" + imageId + "-vm" + vmId + "-disk" + diskId;
    }

    @Override
    public String volatileVolume(int vmId, int diskId) {
        return "OpenNebula-Volatile-vm" + vmId + "-disk" + diskId;
    }

    @Override
    public Optional<VolumeOwner> owner(String volumeName) {
        return VolumeOwner.match(volumeName, IMAGE, CLONE, VOLATILE, CONTEXT);
    }
}
