package io.storagedrivers.sharedlvm;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import io.storagedrivers.sharedlvm.lvm.LockType;
import io.storagedrivers.sharedlvm.lvm.LvInfo;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.Progress;
import io.storagedrivers.spi.VolumeRef;

/**
 * Where shared LVM has thin volumes and snapshots, and the SPI's snapshot verbs there: only on a
 * shared VG (lvmlockd) with {@code LVM_THIN_ENABLE=yes}; anywhere else a snapshot verb is
 * {@code UNSUPPORTED}, saying what is missing. The volumes themselves are {@link ThinVolumes}'.
 */
final class ThinSnapshots {
    private final boolean enabled;
    private final Function<String, LockType> lockType;
    private final Function<VolumeRef, Optional<LvInfo>> lookup;
    private final ThinVolumes thin;
    private final DataOps data;

    /**
     * @param lockType the VG's lock type (asked once per VG)
     * @param lookup   one LV's report row, empty when it does not exist
     */
    ThinSnapshots(boolean enabled, Function<String, LockType> lockType, Function<VolumeRef, Optional<LvInfo>> lookup,
                  ThinVolumes thin, DataOps data) {
        this.enabled = enabled;
        this.lockType = lockType;
        this.lookup = lookup;
        this.thin = thin;
        this.data = data;
    }

    boolean enabled() {
        return enabled;
    }

    /**
     * Whether volumes of {@code vg} are thin, with snapshots: {@code LVM_THIN_ENABLE} and a shared
     * VG (one cached {@code vgs -o lock_type}); a VG LVM cannot report has none.
     */
    boolean thinVg(String vg) {
        if (!enabled) {
            return false;
        }
        try {
            return lockType.apply(vg).lvmlockd();
        } catch (BackendException e) {
            return false;
        }
    }

    /** The LV of {@code volume} when it is a thin volume of a thin VG (one {@code lvs} of it). */
    Optional<LvInfo> thinVolume(VolumeRef volume) {
        return thinVg(volume.pool()) ? lookup.apply(volume).filter(ThinVolumes::thin) : Optional.empty();
    }

    List<String> snapshots(VolumeRef volume) {
        requireSnapshots(volume);
        return thin.snapshots(volume);
    }

    /** Where the volume's pool is active ({@code preferredHost}, else every host asked). */
    void create(VolumeRef volume, String snapshot, String preferredHost) {
        requireSnapshots(volume);
        thin.createSnapshot(volume, snapshot, preferredHost);
    }

    void delete(VolumeRef volume, String snapshot, String preferredHost) {
        requireSnapshots(volume);
        thin.deleteSnapshot(volume, snapshot, preferredHost);
    }

    void revert(VolumeRef volume, String snapshot, String preferredHost) {
        requireSnapshots(volume);
        thin.revertSnapshot(volume, snapshot, preferredHost);
    }

    /** A full copy of the snapshot into a new thin volume (a pool holds one volume only). */
    LvInfo copyToVolume(VolumeRef volume, String snapshot, VolumeRef target, String preferredHost) {
        requireSnapshots(volume);
        VolumeRef snap = new VolumeRef(volume.pool(), ThinVolumes.snapshotLv(volume.name(), snapshot));
        if (lookup.apply(snap).isEmpty()) {
            throw BackendException.notFound("snapshot " + snapshot + " of volume " + volume);
        }
        return data.clone(snap, target, 0, Progress.NONE, preferredHost);
    }

    private void requireSnapshots(VolumeRef volume) {
        if (!thinVg(volume.pool())) {
            throw new BackendException(BackendException.Kind.UNSUPPORTED,
                    "snapshots on shared LVM need a shared VG (vgcreate --shared) and LVM_THIN_ENABLE=yes; "
                            + volume.pool() + " is " + (enabled ? "a plain VG" : "without LVM_THIN_ENABLE")
                            + " (docs/lvmlockd.md)");
        }
    }
}
