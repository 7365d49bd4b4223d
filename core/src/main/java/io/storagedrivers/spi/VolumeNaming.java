package io.storagedrivers.spi;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * How one driver names the volumes it keeps for OpenNebula images and VM disks, and which image or
 * VM disk a volume of that driver belongs to. One definition per driver: the OpenNebula actions make
 * names with it, the admin CLI ({@code storage volumes}, {@code storage orphans}) reads them back.
 * Drivers offer theirs with {@link ServiceLoader}
 * ({@code META-INF/services/io.storagedrivers.spi.VolumeNaming}), so a new driver adds its own
 * without touching the core.
 */
public interface VolumeNaming {

    /** The OpenNebula driver name these names belong to: {@code shared_lvm}, {@code linstor}. */
    String driver();

    /** The volume of image {@code imageId}. */
    String imageVolume(int imageId);

    /** The private copy of image {@code imageId} for disk {@code diskId} of VM {@code vmId}. */
    String cloneVolume(int imageId, int vmId, int diskId);

    /** A volatile (no image) disk of a VM. */
    String volatileVolume(int vmId, int diskId);

    /**
     * The image or VM disk {@code volumeName} belongs to, for every name this driver makes (and the
     * names of the OpenNebula driver it replaces, which it adopts); empty for any other name.
     */
    Optional<VolumeOwner> owner(String volumeName);

    /** Every naming on the class path (each driver jar holds its own; the bridge holds both). */
    static List<VolumeNaming> installed() {
        return ServiceLoader.load(VolumeNaming.class, VolumeNaming.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).toList();
    }

    /** The owner of {@code volumeName} by the first installed naming that knows it. */
    static Optional<VolumeOwner> ownerOf(String volumeName) {
        for (VolumeNaming n : installed()) {
            Optional<VolumeOwner> o = n.owner(volumeName);
            if (o.isPresent()) {
                return o;
            }
        }
        return Optional.empty();
    }
}
