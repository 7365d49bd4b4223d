package io.storagedrivers.cli.storage;

import java.util.Optional;
import java.util.regex.Pattern;

import io.storagedrivers.spi.VolumeNaming;
import io.storagedrivers.spi.VolumeOwner;

/**
 * The drivers live above this module, so its tests install a naming of their own (the shapes of
 * both drivers' names) through the same ServiceLoader file the drivers use. The drivers' own
 * namings are tested in their modules (SharedLvmNamesTest, LinstorNamesTest) and through the CLI in
 * their StorageCli*IT. Left out of this module's test-jar, so the drivers' ITs see only theirs.
 */
public final class TestNamings implements VolumeNaming {
    private static final Pattern[] NAMES = {
        Pattern.compile("(?:img-one-|OpenNebula-Image-)(?<image>\\d+)"),
        Pattern.compile("lv-one-(?<vm>\\d+)-(?<disk>\\d+)"),
        Pattern.compile("OpenNebula-Image-(?<image>\\d+)-vm(?<vm>\\d+)-disk(?<disk>\\d+)"),
        Pattern.compile("OpenNebula-Volatile-vm(?<vm>\\d+)-disk(?<disk>\\d+)")};

    @Override
    public String driver() {
        return "test";
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
        return VolumeOwner.match(volumeName, NAMES);
    }
}
