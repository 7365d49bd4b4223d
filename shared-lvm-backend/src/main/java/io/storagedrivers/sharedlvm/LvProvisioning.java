package io.storagedrivers.sharedlvm;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

import io.storagedrivers.exec.Runners;
import io.storagedrivers.sharedlvm.lvm.LvInfo;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.BackendException.Kind;
import io.storagedrivers.spi.VolumeRef;

/**
 * Creating, removing and growing LVs for {@link SharedLvmBackend}: each metadata change under the
 * VG's lock ({@link VgMetadata}), with the zeroing that keeps a new or grown LV from showing what
 * its extents held before ({@link DataOps}), and the half-made LVs of a crashed run
 * ({@link DataOps#INCOMPLETE}) discarded, never handed out. {@code preferredHost} is where copies
 * and zeroing may run (null: where {@link DataOps} places them).
 */
final class LvProvisioning {
    private final VgMetadata metadata;
    private final HostLvm hostLvm;
    private final Runners runners;
    private final DataOps data;
    private final BooleanSupplier frontendHasDeviceMapper;
    private final boolean zeroOnCreate;

    LvProvisioning(VgMetadata metadata, HostLvm hostLvm, Runners runners, DataOps data,
                   BooleanSupplier frontendHasDeviceMapper, boolean zeroOnCreate) {
        this.metadata = metadata;
        this.hostLvm = hostLvm;
        this.runners = runners;
        this.data = data;
        this.frontendHasDeviceMapper = frontendHasDeviceMapper;
        this.zeroOnCreate = zeroOnCreate;
    }

    /**
     * A new LV. With ZERO_LVM_ON_CREATE (the default) it is created tagged incomplete, zeroed as a
     * whole where data work runs (BLKZEROOUT), then marked complete: nothing of what its extents
     * held before can be read from it (docs/operator-guide.md, "Data safety"). Without, it is only allocated.
     */
    LvInfo create(VolumeRef volume, long sizeBytes, String preferredHost) {
        if (metadata.thin(volume.pool())) {
            // a thin volume in its own new pool: the pool zeroes each chunk it hands out (-Zy)
            return allocate(volume, sizeBytes, false, List.of(), preferredHost, false);
        }
        if (zeroOnCreate) {
            return data.createZeroed(volume, () -> allocate(volume, sizeBytes, false, List.of(DataOps.INCOMPLETE),
                    preferredHost, true), preferredHost);
        }
        // With device-mapper here, lvcreate activates the LV and zeroes its first 4 KiB (no stale
        // signatures from an earlier LV's data); then it is deactivated again: it becomes active
        // only where it is used. Without device-mapper, -an -Zn is LVM's only option.
        return allocate(volume, sizeBytes, frontendHasDeviceMapper.getAsBoolean(), List.of(), preferredHost, true);
    }

    /**
     * The LV under the VG lock. {@code createFirst} (a thick LV): lvcreate straight away, and only
     * when LVM answers that the LV exists (nothing changed) is it looked at: a complete one is
     * returned when big enough, a half-made one ({@link DataOps#INCOMPLETE}) discarded and made
     * again. Otherwise the report comes first (a thin volume's pool may exist without it).
     */
    private LvInfo allocate(VolumeRef volume, long sizeBytes, boolean activateHere, List<String> tags,
                            String preferredHost, boolean createFirst) {
        return metadata.underLock(volume.pool(), vg -> {
            if (createFirst) {
                Optional<LvInfo> made = vg.createIfAbsent(volume.name(), sizeBytes, activateHere, tags);
                if (made.isPresent()) {
                    return deactivatedHere(vg, made.get(), activateHere);
                }
            }
            Optional<LvInfo> cur = vg.find(volume.name());
            if (cur.isPresent() && !cur.get().hasTag(DataOps.INCOMPLETE)) {
                if (cur.get().sizeBytes() < sizeBytes) {
                    throw new BackendException(Kind.INVALID, "volume " + volume + " already exists and is smaller ("
                            + cur.get().sizeBytes() + " < " + sizeBytes + " bytes)");
                }
                return cur.get();
            }
            cur.ifPresent(half -> data.discard(vg, half, preferredHost));
            return deactivatedHere(vg, vg.create(volume.name(), sizeBytes, activateHere, tags), activateHere);
        });
    }

    /** An LV lvcreate activated here ({@code activatedHere}) is deactivated; on failure, removed. */
    private static LvInfo deactivatedHere(VgMetadata.Locked vg, LvInfo lv, boolean activatedHere) {
        if (activatedHere) {
            try {
                vg.deactivateHere(lv.name());
            } catch (RuntimeException e) {
                vg.remove(lv.name());
                throw e;
            }
        }
        return lv;
    }

    /**
     * Zeroes first when asked (not a half-made LV: it is discarded), then lvremove under the lock.
     * A thin volume goes with its pool and snapshots (one lvremove of the pool); a pool left
     * without its volume (a revert that crashed half-way) too. Without zeroing, on a thick VG, the
     * report under the lock is the only one (one lvs, not two).
     */
    void delete(VolumeRef volume, boolean zeroFirst, String preferredHost) {
        if (!zeroFirst) {
            try {
                if (!removeUnderLock(volume, preferredHost)) {
                    removeOrphanPool(volume);
                }
            } catch (BackendException e) {
                if (e.kind() != Kind.NOT_FOUND) {
                    throw e;
                }
                // the VG itself is gone: so is the volume
            }
            return;
        }
        Optional<LvInfo> lv = lookup(volume);
        if (lv.isEmpty()) {
            removeOrphanPool(volume);
            return;
        }
        if (!lv.get().hasTag(DataOps.INCOMPLETE)) {
            data.zero(lv.get(), preferredHost);
        }
        removeUnderLock(volume, preferredHost);
    }

    /** Removes the LV if it is there (a half-made one is discarded); whether it was there. */
    private boolean removeUnderLock(VolumeRef volume, String preferredHost) {
        return metadata.underLock(volume.pool(), vg -> {
            Optional<LvInfo> cur = vg.find(volume.name());
            cur.ifPresent(lv -> {
                if (lv.hasTag(DataOps.INCOMPLETE)) {
                    data.discard(vg, lv, preferredHost);
                } else {
                    vg.remove(lv.name());
                }
            });
            return cur.isPresent();
        });
    }

    /** The pool of an absent thin volume (a revert that crashed half-way), with its snapshots. */
    private void removeOrphanPool(VolumeRef volume) {
        if (metadata.thin(volume.pool()) && metadata.find(volume.pool(), ThinVolumes.pool(volume.name())).isPresent()) {
            metadata.underLock(volume.pool(), vg -> {
                vg.find(ThinVolumes.pool(volume.name())).ifPresent(p -> vg.remove(p.name()));
                return null;
            });
        }
    }

    /**
     * Grows the LV on the frontend, then refreshes it on every host in {@code attachedOn} where it
     * is active, the hosts in parallel, one request each ({@link GrowRefresh}; also when the LV
     * already had the size: a re-run after a crash between the two steps must still refresh).
     * Returns the LV's size after it. Without ZERO_LVM_ON_CREATE nothing needs the old size, so
     * the lvextend runs with no report before it ({@link VgMetadata.Locked#extendTo}). With it, the
     * added extents are zeroed before this returns (before the hypervisor shows the guest the new
     * size): the LV is tagged {@link DataOps#UNZEROED_FROM} with the old size in the same locked
     * step as the lvextend, so a re-run after a crash zeroes what is still owed.
     */
    long resize(VolumeRef volume, long newSizeBytes, Set<String> attachedOn, String preferredHost) {
        if (!zeroOnCreate) {
            long size = metadata.underLock(volume.pool(), vg -> vg.extendTo(volume.name(), newSizeBytes));
            GrowRefresh.refresh(hostLvm, runners, volume, attachedOn);
            return size;
        }
        LvInfo lv = grow(volume, newSizeBytes);
        GrowRefresh.refresh(hostLvm, runners, volume, attachedOn);
        if (lv.tags().stream().anyMatch(t -> t.startsWith(DataOps.UNZEROED_FROM))) {
            data.zeroGrown(volume, attachedOn.isEmpty() ? preferredHost : attachedOn.iterator().next());
            lv = lookup(volume).orElseThrow(() -> BackendException.notFound("volume " + volume));
        }
        return lv.sizeBytes();
    }

    /** The locked step of {@link #resize}: the owed-zeroing tag (ZERO_LVM_ON_CREATE) and the lvextend. */
    private LvInfo grow(VolumeRef volume, long newSizeBytes) {
        return metadata.underLock(volume.pool(), vg -> {
            LvInfo cur = vg.find(volume.name()).orElseThrow(() -> BackendException.notFound("volume " + volume));
            if (cur.sizeBytes() >= newSizeBytes) {
                return cur;
            }
            if (zeroOnCreate) {
                String owed = DataOps.UNZEROED_FROM + cur.sizeBytes();
                vg.tags(volume.name(), List.of(owed), List.of());
                cur = new LvInfo(cur.vg(), cur.name(), cur.uuid(), cur.sizeBytes(), cur.attr(), cur.activeState(),
                        java.util.stream.Stream.concat(cur.tags().stream().filter(t -> !t.equals(owed)),
                                java.util.stream.Stream.of(owed)).toList());
            }
            return vg.extend(cur, newSizeBytes);
        });
    }

    /** The LV, or empty when it or its whole VG is gone. */
    Optional<LvInfo> lookup(VolumeRef volume) {
        try {
            return metadata.find(volume.pool(), volume.name());
        } catch (BackendException e) {
            if (e.kind() == Kind.NOT_FOUND) {
                return Optional.empty(); // the VG itself is gone: so is the volume
            }
            throw e;
        }
    }
}
