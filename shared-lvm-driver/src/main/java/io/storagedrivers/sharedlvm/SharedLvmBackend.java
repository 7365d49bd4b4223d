package io.storagedrivers.sharedlvm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

import io.storagedrivers.exec.Runners;
import io.storagedrivers.exec.copy.CopyCommands;
import io.storagedrivers.exec.copy.CopyEngine;
import io.storagedrivers.sharedlvm.copy.CopyPlacement;
import io.storagedrivers.sharedlvm.lvm.LvInfo;
import io.storagedrivers.sharedlvm.lvm.LvmCommands;
import io.storagedrivers.sharedlvm.lvm.SudoRunners;
import io.storagedrivers.sharedlvm.lvm.VgInfo;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.BackendException.Kind;
import io.storagedrivers.spi.Capability;
import io.storagedrivers.spi.ImageSource;
import io.storagedrivers.spi.PoolInfo;
import io.storagedrivers.spi.Progress;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeInfo;
import io.storagedrivers.spi.VolumeRef;

/**
 * Shared LVM: pool = VG on a LUN that the frontend and every host see. Every metadata change
 * (lvcreate, lvremove, lvextend, tags) runs on this machine under the VG's cross-process lock
 * ({@link VgMetadata}); hosts are only asked for reports and {@code lvchange -ay/-an/--refresh}
 * ({@link HostLvm}); data moves through {@link DataOps}.
 *
 * <p>Which hosts an LV is active on is not recorded anywhere in shared LVM (each host has its own
 * device-mapper tables): {@link #list}, {@link #attachments} and {@link #deleteIfUnused} ask every
 * known host ({@link HostActivity}: {@code HOSTS}, else the SSH config's hosts); {@link #find},
 * {@link #create} and {@link #resize} do not (their {@code activeOn} is empty). {@link #delete}
 * does not deactivate on hosts (callers detach first, as OpenNebula's TM does), and
 * {@link #resize(VolumeRef, long, Set)} takes the hosts to refresh from the caller. Metadata
 * changes report only the LVs they touch; a host gets one request per action where it can
 * ({@link #attachAll}, {@link #detachAll}).
 */
public final class SharedLvmBackend implements VolumeBackend {
    static final long DEFAULT_CHUNK_BYTES = CopyEngine.DEFAULT_CHUNK_BYTES;

    private final String defaultVg;
    private final Runners runners;
    private final boolean ownsRunners;
    private final VgMetadata metadata;
    private final HostLvm hostLvm;
    private final DataOps data;
    private final BooleanSupplier frontendHasDeviceMapper;
    private final String preferredHost;
    private final HostActivity activity;
    private final boolean zeroOnCreate;

    /**
     * @param defaultVg the VG {@link #pools()} reports; other VGs are served too (VolumeRef.pool)
     * @param frontendHasDeviceMapper whether this machine can activate LVs (decides lvcreate
     *        zeroing and where copies run); {@link CopyPlacement#localDeviceMapper} in production
     */
    public SharedLvmBackend(String defaultVg, SharedLvmSettings settings, Runners runners, VgLocks locks,
                            BooleanSupplier frontendHasDeviceMapper, long chunkBytes) {
        this(defaultVg, settings, runners, locks, frontendHasDeviceMapper, chunkBytes, true);
    }

    /** @param ownsRunners whether {@link #close} closes {@code runners} (false when the caller shares them) */
    public SharedLvmBackend(String defaultVg, SharedLvmSettings settings, Runners given, VgLocks locks,
                            BooleanSupplier frontendHasDeviceMapper, long chunkBytes, boolean ownsRunners) {
        // not root (oneadmin on the frontend): LVM here through sudo -n, as the sudoers file allows
        Runners runners = SudoRunners.whenNotRoot(given, settings.tools());
        LvmCommands lvm = new LvmCommands(settings.tools());
        this.defaultVg = defaultVg;
        this.runners = runners;
        this.ownsRunners = ownsRunners;
        this.metadata = new VgMetadata(runners.local(), lvm, locks);
        this.hostLvm = new HostLvm(lvm);
        this.frontendHasDeviceMapper = frontendHasDeviceMapper;
        CopyEngine engine = new CopyEngine(new CopyCommands(settings.copyTools()), chunkBytes, settings.sparseCopy(),
                settings.stagingDir());
        this.zeroOnCreate = settings.zeroOnCreate();
        CopyPlacement placement = new CopyPlacement(settings.copyHost(), settings.bridgeList(), frontendHasDeviceMapper);
        this.data = new DataOps(metadata, hostLvm, runners, engine, placement, frontendHasDeviceMapper);
        this.preferredHost = null;
        this.activity = new HostActivity(hostLvm, runners,
                () -> settings.hosts().isEmpty() ? runners.knownHosts() : settings.hosts());
    }

    private SharedLvmBackend(SharedLvmBackend base, String preferredHost) {
        this.defaultVg = base.defaultVg;
        this.runners = base.runners;
        this.ownsRunners = false;
        this.metadata = base.metadata;
        this.hostLvm = base.hostLvm;
        this.data = base.data;
        this.frontendHasDeviceMapper = base.frontendHasDeviceMapper;
        this.preferredHost = preferredHost;
        this.activity = base.activity;
        this.zeroOnCreate = base.zeroOnCreate;
    }

    @Override
    public String kind() {
        return "shared_lvm";
    }

    @Override
    public Map<String, String> systemInfo() {
        return Map.of("id", "lvm://" + defaultVg, "name", defaultVg);
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.HOST_COPY_CLONE, Capability.RESIZE, Capability.MULTI_ATTACH);
    }

    @Override
    public List<PoolInfo> pools() {
        return List.of(pool(defaultVg));
    }

    /** One {@code vgs}. */
    @Override
    public PoolInfo pool(String vg) {
        VgInfo info = metadata.vgs(vg);
        return new PoolInfo(info.name(), info.sizeBytes(), info.freeBytes(), false);
    }

    /** One {@code lvs} here and one on every known host (in parallel) for where each LV is active. */
    @Override
    public List<VolumeInfo> list(String vg) {
        List<LvInfo> lvs = metadata.lvs(vg);
        HostActivity.Report report = activity.scan(vg);
        List<VolumeInfo> out = new ArrayList<>();
        for (LvInfo lv : lvs) {
            out.add(info(lv, report.activeOn(lv), report.unknown()));
        }
        return out;
    }

    /** One lean {@code lvs} of the VG on this machine; no host is asked. */
    @Override
    public Map<String, Long> volumeSizes(String vg) {
        return metadata.sizes(vg);
    }

    @Override
    public Optional<VolumeInfo> find(VolumeRef volume) {
        return lookup(volume).map(SharedLvmBackend::info);
    }

    /**
     * A new LV. With ZERO_LVM_ON_CREATE (the default) it is created tagged incomplete, zeroed as a
     * whole where data work runs (BLKZEROOUT), then marked complete: nothing of what its extents
     * held before can be read from it (docs/operator-guide.md, "Data safety"). Without, it is only allocated.
     */
    @Override
    public VolumeInfo create(VolumeRef volume, long sizeBytes) {
        if (zeroOnCreate) {
            return info(data.createZeroed(volume, () -> allocate(volume, sizeBytes, false, List.of(DataOps.INCOMPLETE)),
                    preferredHost));
        }
        // With device-mapper here, lvcreate activates the LV and zeroes its first 4 KiB (no stale
        // signatures from an earlier LV's data); then it is deactivated again: it becomes active
        // only where it is used. Without device-mapper, -an -Zn is LVM's only option.
        return info(allocate(volume, sizeBytes, frontendHasDeviceMapper.getAsBoolean(), List.of()));
    }

    private LvInfo allocate(VolumeRef volume, long sizeBytes, boolean activateHere, List<String> tags) {
        return metadata.underLock(volume.pool(), vg -> {
            Optional<LvInfo> cur = vg.find(volume.name());
            if (cur.isPresent() && !cur.get().hasTag(DataOps.INCOMPLETE)) {
                if (cur.get().sizeBytes() < sizeBytes) {
                    throw new BackendException(Kind.INVALID, "volume " + volume + " already exists and is smaller ("
                            + cur.get().sizeBytes() + " < " + sizeBytes + " bytes)");
                }
                return cur.get();
            }
            cur.ifPresent(half -> data.discard(vg, half, preferredHost));
            LvInfo lv = vg.create(volume.name(), sizeBytes, activateHere, tags);
            if (activateHere) {
                try {
                    vg.deactivateHere(volume.name());
                } catch (RuntimeException e) {
                    vg.remove(volume.name());
                    throw e;
                }
            }
            return lv;
        });
    }

    @Override
    public void delete(VolumeRef volume, boolean zeroFirst) {
        Optional<LvInfo> lv = lookup(volume);
        if (lv.isEmpty()) {
            return;
        }
        if (zeroFirst && !lv.get().hasTag(DataOps.INCOMPLETE)) {
            data.zero(lv.get(), preferredHost);
        }
        metadata.underLock(volume.pool(), vg -> {
            vg.find(volume.name()).ifPresent(cur -> {
                if (cur.hasTag(DataOps.INCOMPLETE)) {
                    data.discard(vg, cur, preferredHost);
                } else {
                    vg.remove(cur.name());
                }
            });
            return null;
        });
    }

    @Override
    public VolumeInfo resize(VolumeRef volume, long newSizeBytes) {
        return resize(volume, newSizeBytes, Set.of());
    }

    /**
     * Grows the LV on the frontend, then refreshes it ({@link HostLvm#refresh}) on every host in
     * {@code attachedOn} (also when the LV already had the size: a re-run after a crash between
     * the two steps must still refresh). With ZERO_LVM_ON_CREATE the added extents are zeroed
     * before this returns (before the hypervisor shows the guest the new size): the LV is tagged
     * {@link DataOps#UNZEROED_FROM} with the old size in the same locked step as the lvextend, so a
     * re-run after a crash zeroes what is still owed.
     */
    @Override
    public VolumeInfo resize(VolumeRef volume, long newSizeBytes, Set<String> attachedOn) {
        LvInfo lv = metadata.underLock(volume.pool(), vg -> {
            LvInfo cur = vg.find(volume.name()).orElseThrow(() -> BackendException.notFound("volume " + volume));
            if (cur.sizeBytes() >= newSizeBytes) {
                return cur;
            }
            if (zeroOnCreate) {
                vg.tags(volume.name(), List.of(DataOps.UNZEROED_FROM + cur.sizeBytes()), List.of());
            }
            vg.extend(volume.name(), newSizeBytes);
            return vg.find(volume.name()).orElseThrow();
        });
        for (String host : attachedOn) {
            hostLvm.refresh(runners.host(host), volume.pool(), volume.name());
        }
        if (lv.tags().stream().anyMatch(t -> t.startsWith(DataOps.UNZEROED_FROM))) {
            data.zeroGrown(volume, attachedOn.isEmpty() ? preferredHost : attachedOn.iterator().next());
            lv = lookup(volume).orElseThrow(() -> BackendException.notFound("volume " + volume));
        }
        return info(lv);
    }

    @Override
    public VolumeInfo clone(VolumeRef source, VolumeRef target, long minSizeBytes, Progress progress) {
        return info(data.clone(source, target, minSizeBytes, progress, preferredHost));
    }

    @Override
    public void copy(VolumeRef source, VolumeRef target, Progress progress) {
        data.copy(source, target, progress, preferredHost);
    }

    @Override
    public void importImage(VolumeRef target, ImageSource source, Progress progress) {
        data.importImage(target, source, progress, preferredHost);
    }

    /** {@code lvchange -ay} on the host; returns {@code /dev/<vg>/<lv>}. */
    @Override
    public String attach(VolumeRef volume, String host) {
        return hostLvm.activate(at(host), volume.pool(), volume.name());
    }

    /** {@code lvchange -an} on the host; an LV that is gone counts as detached. */
    @Override
    public void detach(VolumeRef volume, String host) {
        hostLvm.deactivate(at(host), volume.pool(), volume.name());
    }

    /** {@code lvchange -ay} of every LV, one round trip to the host. */
    @Override
    public List<String> attachAll(List<VolumeRef> volumes, String host) {
        return volumes.isEmpty() ? List.of() : hostLvm.activateAll(at(host), volumes);
    }

    /** {@code lvchange -an} of every LV, one round trip to the host. */
    @Override
    public void detachAll(List<VolumeRef> volumes, String host) {
        if (!volumes.isEmpty()) {
            hostLvm.deactivateAll(at(host), volumes);
        }
    }

    /** Where the LV is active, as far as the hosts that answered tell (see {@link HostActivity}). */
    @Override
    public Set<String> attachments(VolumeRef volume) {
        return lookup(volume).map(lv -> activity.scan(volume.pool()).activeOn(lv)).orElse(Set.of());
    }

    /** One {@code lvs} on {@code host}. */
    @Override
    public boolean attachedOn(VolumeRef volume, String host) {
        return SharedLvmSettings.FRONTEND.equals(host)
                ? lookup(volume).map(LvInfo::active).orElse(false)
                : activity.activeOn(host, volume.pool()).contains(volume.name());
    }

    @Override
    public List<String> knownHosts() {
        return activity.hosts();
    }

    /**
     * Asks every known host first and deletes only when none has the LV active and all answered.
     * A host that activates the LV between the question and the lvremove is not seen: this is for
     * cleaning up volumes nothing should be using (orphans), not a lock against OpenNebula.
     */
    @Override
    public void deleteIfUnused(VolumeRef volume, boolean zeroFirst) {
        Optional<LvInfo> lv = lookup(volume);
        if (lv.isPresent()) {
            activity.requireInactive(lv.get());
            delete(volume, zeroFirst);
        }
    }

    /** Copies and zeroing of calls through the returned view may run on {@code host}. */
    @Override
    public VolumeBackend preferringHost(String host) {
        return new SharedLvmBackend(this, host);
    }

    @Override
    public void close() {
        if (ownsRunners) {
            runners.close();
        }
    }

    /** {@code frontend} (how this machine shows up in {@code activeOn}) is this machine, not an SSH host. */
    private io.storagedrivers.exec.CommandRunner at(String host) {
        return SharedLvmSettings.FRONTEND.equals(host) ? runners.local() : runners.host(host);
    }

    private Optional<LvInfo> lookup(VolumeRef volume) {
        try {
            return metadata.find(volume.pool(), volume.name());
        } catch (BackendException e) {
            if (e.kind() == Kind.NOT_FOUND) {
                return Optional.empty(); // the VG itself is gone: so is the volume
            }
            throw e;
        }
    }

    static VolumeInfo info(LvInfo lv) {
        return info(lv, Set.of(), Map.of());
    }

    static VolumeInfo info(LvInfo lv, Set<String> activeOn, Map<String, String> unknownHosts) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("lv_uuid", lv.uuid());
        props.put("lv_attr", lv.attr());
        props.put("lv_tags", String.join(",", lv.tags()));
        props.put("incomplete", String.valueOf(lv.hasTag(DataOps.INCOMPLETE)));
        if (!unknownHosts.isEmpty()) {
            props.put(VolumeInfo.ACTIVATION_UNKNOWN_ON, String.join(" ", unknownHosts.keySet()));
            unknownHosts.forEach((host, why) -> props.put(VolumeInfo.ACTIVATION_ERROR + host, why));
        }
        return new VolumeInfo(new VolumeRef(lv.vg(), lv.name()), lv.sizeBytes(), activeOn, props);
    }
}
