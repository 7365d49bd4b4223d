package io.storagedrivers.sharedlvm;

import java.util.Optional;
import java.util.regex.Pattern;

import io.storagedrivers.spi.VolumeNaming;
import io.storagedrivers.spi.VolumeOwner;

/**
 * The shared_lvm volume names, the same as OpenNebula's fs_lvm (so its LVs are adopted): images
 * {@code img-one-<image>}, VM disks (copies and volatile) {@code lv-one-<vm>-<disk>}; fs_lvm's
 * thin disks {@code vm-one-<vm>-<disk>} are recognised too.
 */
public final class SharedLvmNames implements VolumeNaming {

    private static final Pattern IMAGE = Pattern.compile("img-one-(?<image>\\d+)");
    private static final Pattern VM_DISK = Pattern.compile("(?:lv|vm)-one-(?<vm>\\d+)-(?<disk>\\d+)");

    @Override
    public String driver() {
        return "shared_lvm";
    }

    @Override
    public String imageVolume(int imageId) {
        return "img-one-" + imageId;
    }

    @Override
    public String cloneVolume(int imageId, int vmId, int diskId) {
        return volatileVolume(vmId, diskId);
    }

    @Override
    public String volatileVolume(int vmId, int diskId) {
        return "lv-one-" + vmId + "-" + diskId;
    }

    @Override
    public Optional<VolumeOwner> owner(String volumeName) {
        return VolumeOwner.match(volumeName, IMAGE, VM_DISK);
    }
}
