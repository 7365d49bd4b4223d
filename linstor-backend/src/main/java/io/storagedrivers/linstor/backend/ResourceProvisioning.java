package io.storagedrivers.linstor.backend;

import java.util.Optional;
import java.util.function.Function;

import io.storagedrivers.linstor.hl.Linstor;
import io.storagedrivers.linstor.hl.Resource;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.BackendException.Kind;
import io.storagedrivers.spi.VolumeInfo;
import io.storagedrivers.spi.VolumeRef;

/**
 * Creating, growing and removing resources for {@link LinstorBackend}: spawned where
 * {@link HostPlacement} says, zeroed where a thick pool could show another volume's old data
 * (ZERO_ON_CREATE), removed with their snapshots, never while a node has them open when asked so.
 */
final class ResourceProvisioning {
    private final Linstor ls;
    private final LinstorSettings settings;
    private final HostData data;
    private final HostPlacement placement;
    private final ResourceGroupPools groups;
    private final Function<VolumeRef, Optional<VolumeInfo>> find;

    ResourceProvisioning(Linstor ls, LinstorSettings settings, HostData data, HostPlacement placement,
                         ResourceGroupPools groups, Function<VolumeRef, Optional<VolumeInfo>> find) {
        this.ls = ls;
        this.settings = settings;
        this.data = data;
        this.placement = placement;
        this.groups = groups;
        this.find = find;
    }

    /** Idempotent: an existing volume at least as large is returned as it is. */
    VolumeInfo create(VolumeRef volume, long sizeBytes) {
        return LinstorErrors.call("cannot create " + volume.name(), () -> {
            Optional<VolumeInfo> have = find.apply(volume);
            if (have.isPresent()) {
                if (have.get().sizeBytes() < sizeBytes) {
                    throw new BackendException(Kind.INVALID, volume.name() + " exists and is smaller ("
                            + have.get().sizeBytes() + " bytes) than requested");
                }
                return have.get();
            }
            groups.get(volume.pool());
            placement.spawn(volume, sizeBytes);
            try {
                zeroIfThick(ls.resource(volume.name()), 0);
            } catch (RuntimeException e) {
                try {
                    ls.resource(volume.name()).delete(true); // never hand out a volume that may show old data
                } catch (RuntimeException again) {
                    e.addSuppressed(again);
                }
                throw e;
            }
            return find.apply(volume).orElseThrow();
        });
    }

    /**
     * ZERO_ON_CREATE: zeroes volume 0 from byte {@code from} to its end when its pool is thick
     * (thick LVM/ZFS hand out extents as they are). Thin pools read as zero.
     */
    private void zeroIfThick(Resource r, long from) {
        if (settings.zeroOnCreate() && !r.isThin()) {
            data.zeroVolume0(r, from, "cannot zero it");
        }
    }

    void delete(VolumeRef volume, boolean zeroFirst) {
        LinstorErrors.run("cannot delete " + volume.name(), () -> {
            Resource r = ls.resource(volume.name());
            if (!r.defined()) {
                return;
            }
            if (zeroFirst && !r.volumes().isEmpty()) {
                data.zeroVolume0(r, 0, "cannot zero it; nothing was deleted");
            }
            r.delete(true);
        });
    }

    /**
     * Refused while a node has the resource open (DRBD primary, "InUse"); checked before anything
     * is removed, because {@link #delete} drops the snapshots first. Diskless clients and replicas
     * that are not in use are no reason to keep it.
     */
    void deleteIfUnused(VolumeRef volume, boolean zeroFirst) {
        LinstorErrors.run("cannot delete " + volume.name(), () -> {
            Resource r = ls.resource(volume.name());
            if (r.defined() && !r.nodes().inUseNodes().isEmpty()) {
                throw new BackendException(Kind.BUSY, "volume " + volume + " is in use on "
                        + String.join(", ", r.nodes().inUseNodes()) + ": detach it there first");
            }
        });
        delete(volume, zeroFirst);
    }

    /** Grows volume 0 (never shrinks) and zeroes what was added on a thick pool. */
    VolumeInfo resize(VolumeRef volume, long newSizeBytes) {
        return LinstorErrors.call("cannot resize " + volume.name(), () -> {
            Resource r = LinstorBackend.existing(ls, volume);
            long old = r.volume(0).sizeBytes();
            if (newSizeBytes > old) {
                r.volume(0).resize(newSizeBytes);
                zeroIfThick(ls.resource(volume.name()), old);
            }
            return find.apply(volume).orElseThrow();
        });
    }
}
