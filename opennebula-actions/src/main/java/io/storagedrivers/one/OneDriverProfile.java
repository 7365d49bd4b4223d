package io.storagedrivers.one;

import java.util.Optional;
import java.util.function.Supplier;

import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeNaming;
import io.storagedrivers.spi.VolumeOwner;
import io.storagedrivers.spi.VolumeRef;

/**
 * What one OpenNebula driver (shared_lvm, linstor) adds to the generic DS/TM actions: its name,
 * which backend and pool serve a datastore, and how volumes are named (its {@link VolumeNaming}).
 * Everything else (argv, stdin, host-side links, the order of steps) is in the actions, written once.
 *
 * <p>Names returned here must already be valid for the backend; the actions only build them from
 * validated numeric ids. A profile is used by one action in one process; it may cache backends.
 */
public interface OneDriverProfile extends AutoCloseable {

    /** The DS_MAD / TM_MAD directory name: {@code shared_lvm}, {@code linstor}. */
    String driverName();

    /**
     * The backend serving {@code datastore}'s volumes. Image and system datastores on the same
     * storage must get a backend that can read volumes of both pools (clone crosses them).
     */
    VolumeBackend backend(OneDatastore datastore);

    /**
     * Whether a resize asks the host where the volume is in use to see the new size (shared LVM:
     * {@code vgchange --refresh} there), so that host's connection is worth opening in advance.
     */
    default boolean resizeAsksTheHost() {
        return false;
    }

    /** The pool (VG, resource group...) of {@code datastore}, e.g. VG_NAME or {@code vg-one-<id>}. */
    String pool(OneDatastore datastore);

    /** How this driver names volumes: the one definition the admin CLI reads names back with. */
    VolumeNaming naming();

    /** The volume of image {@code imageId} (shared LVM {@code img-one-<id>}). */
    default String imageVolumeName(int imageId) {
        return naming().imageVolume(imageId);
    }

    /** The private copy of image {@code imageId} for disk {@code diskId} of VM {@code vmId}. */
    default String cloneVolumeName(int imageId, int vmId, int diskId) {
        return naming().cloneVolume(imageId, vmId, diskId);
    }

    /** A volatile (no image) disk of a VM. */
    default String volatileVolumeName(int vmId, int diskId) {
        return naming().volatileVolume(vmId, diskId);
    }

    /**
     * The datastore whose pool holds a VM's private copy (clone) of an image, for a VM on
     * {@code systemDs}. Default: the system datastore (CLONE_TARGET SYSTEM). A driver that also
     * serves images next to system datastores of other drivers (TM_MAD_SYSTEM) may keep copies
     * in the image datastore ({@code imageDs} is looked up only when asked).
     */
    default OneDatastore cloneDatastore(OneDatastore systemDs, Supplier<OneDatastore> imageDs) {
        return systemDs;
    }

    /**
     * The VM disk a volume of a system datastore is, by {@link #naming()}: {@code {vmId, diskId}},
     * empty for any other volume. The system datastore monitor reports the disk sizes of VMs from it.
     */
    default Optional<int[]> vmDiskOf(String volumeName) {
        return naming().owner(volumeName).filter(VolumeOwner::isVmDisk)
                .filter(o -> o.vm() <= Integer.MAX_VALUE && o.disk() <= Integer.MAX_VALUE)
                .map(o -> new int[] {o.vm().intValue(), o.disk().intValue()});
    }

    /** The image SOURCE oned stores for {@code volume} (one word: no spaces). */
    String source(VolumeRef volume);

    /**
     * The volume an image SOURCE names, the inverse of {@link #source}. The image datastore is
     * looked up only if the profile needs it (a SOURCE may carry its pool). Throws
     * {@link OneException} when SOURCE is not one this driver writes.
     */
    VolumeRef volumeOfSource(String source, Supplier<OneDatastore> imageDatastore);

    /** Whether a VM disk volume is wiped before it is removed (shared LVM: ZERO_LVM_ON_DELETE). */
    default boolean zeroOnDelete(OneDatastore datastore) {
        return false;
    }

    /**
     * The backend's name of OpenNebula snapshot {@code snapId} of a disk or image (snap_* actions,
     * only used when the backend offers snapshots).
     */
    default String snapshotName(int snapId) {
        return "one-snap-" + snapId;
    }

    /**
     * Where the profile's own notices (INFO lines its backends report on their own, e.g. LINSTOR's
     * data locality) go for this action: its stderr, which is not System.err in the warm service;
     * {@code vmId}: the TM action's VM (its log gets them), -1 when the action has none.
     */
    default void noticesTo(java.io.PrintStream err, int vmId) {
    }

    /** Releases backends and connections. */
    @Override
    default void close() {
    }
}
