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
 * ({@link HostLvm}); LVs are made, removed and grown by {@link LvProvisioning}; data moves
 * through {@link DataOps}.
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
    private final LvProvisioning provisioning;
    private final LiveMigrations migrations;
    private final HostReleases releases;
    private final ThinVolumes thin;
    private final boolean thinEnabled;

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
        this.thinEnabled = settings.thin();
        this.metadata = new VgMetadata(runners.local(), lvm, locks, settings.lockTimeout(), this::thinVg);
        this.hostLvm = new HostLvm(lvm);
        this.migrations = new LiveMigrations(runners.local(), lvm, hostLvm, this::at,
                v -> thinVg(v.pool()) && lookup(v).map(ThinVolumes::thin).orElse(false));
        this.frontendHasDeviceMapper = frontendHasDeviceMapper;
        CopyEngine engine = new CopyEngine(new CopyCommands(settings.copyTools()), chunkBytes, settings.sparseCopy(),
                settings.stagingDir());
        CopyPlacement placement = new CopyPlacement(settings.copyHost(), settings.bridgeList(), frontendHasDeviceMapper);
        this.data = new DataOps(metadata, hostLvm, runners, engine, placement, frontendHasDeviceMapper);
        this.preferredHost = null;
        this.releases = new HostReleases(metadata, runners);
        this.activity = new HostActivity(hostLvm, runners,
                () -> settings.hosts().isEmpty() ? runners.knownHosts() : settings.hosts(), releases::released);
        this.provisioning = new LvProvisioning(metadata, hostLvm, runners, data, frontendHasDeviceMapper,
                settings.zeroOnCreate());
        this.thin = new ThinVolumes(metadata, lvm, hostLvm, activity, this::at);
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
        this.provisioning = base.provisioning;
        this.migrations = base.migrations;
        this.releases = base.releases;
        this.thin = base.thin;
        this.thinEnabled = base.thinEnabled;
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
        if (thinEnabled && thinVg(defaultVg)) {
            return Set.of(Capability.HOST_COPY_CLONE, Capability.RESIZE, Capability.MULTI_ATTACH, Capability.THIN,
                    Capability.SNAPSHOTS);
        }
        return Set.of(Capability.HOST_COPY_CLONE, Capability.RESIZE, Capability.MULTI_ATTACH);
    }

    /**
     * Whether volumes of {@code vg} are thin, with snapshots: {@code LVM_THIN_ENABLE} and a shared
     * VG (one cached {@code vgs -o lock_type}); a VG LVM cannot report has none.
     */
    private boolean thinVg(String vg) {
        if (!thinEnabled) {
            return false;
        }
        try {
            return migrations.lockType(vg).lvmlockd();
        } catch (io.storagedrivers.spi.BackendException e) {
            return false;
        }
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
            if (!ThinVolumes.internal(lv)) {
                out.add(info(lv, report.activeOn(lv), report.unknown()));
            }
        }
        return out;
    }

    /** One lean {@code lvs} of the VG on this machine; no host is asked. */
    @Override
    public Map<String, Long> volumeSizes(String vg) {
        Map<String, Long> sizes = metadata.sizes(vg);
        if (thinEnabled) {
            sizes.keySet().removeIf(ThinVolumes::internal);
        }
        return sizes;
    }

    @Override
    public Optional<VolumeInfo> find(VolumeRef volume) {
        return lookup(volume).map(SharedLvmBackend::info);
    }

    /** See {@link LvProvisioning#create}. */
    @Override
    public VolumeInfo create(VolumeRef volume, long sizeBytes) {
        return info(provisioning.create(volume, sizeBytes, preferredHost));
    }

    @Override
    public void delete(VolumeRef volume, boolean zeroFirst) {
        provisioning.delete(volume, zeroFirst, preferredHost);
    }

    @Override
    public VolumeInfo resize(VolumeRef volume, long newSizeBytes) {
        return resize(volume, newSizeBytes, Set.of());
    }

    /** See {@link LvProvisioning#resize}. */
    @Override
    public VolumeInfo resize(VolumeRef volume, long newSizeBytes, Set<String> attachedOn) {
        if (thinVg(volume.pool())) {
            Optional<LvInfo> lv = lookup(volume);
            if (lv.isPresent() && ThinVolumes.thin(lv.get())) {
                return info(thin.resize(lv.get(), newSizeBytes, attachedOn, preferredHost));
            }
        }
        return info(provisioning.resize(volume, newSizeBytes, attachedOn, preferredHost));
    }

    // --- snapshots: thin volumes on a shared VG with LVM_THIN_ENABLE (ThinVolumes) --------------

    @Override
    public List<String> snapshots(VolumeRef volume) {
        requireSnapshots(volume);
        return thin.snapshots(volume);
    }

    /** Where the volume's pool is active (the hint {@link #preferringHost}, else every host asked). */
    @Override
    public void createSnapshot(VolumeRef volume, String snapshot) {
        requireSnapshots(volume);
        thin.createSnapshot(volume, snapshot, preferredHost);
    }

    @Override
    public void deleteSnapshot(VolumeRef volume, String snapshot) {
        requireSnapshots(volume);
        thin.deleteSnapshot(volume, snapshot, preferredHost);
    }

    @Override
    public void revertSnapshot(VolumeRef volume, String snapshot) {
        requireSnapshots(volume);
        thin.revertSnapshot(volume, snapshot, preferredHost);
    }

    /** A full copy of the snapshot into a new thin volume (a pool holds one volume only). */
    @Override
    public VolumeInfo createFromSnapshot(VolumeRef volume, String snapshot, VolumeRef target) {
        requireSnapshots(volume);
        VolumeRef snap = new VolumeRef(volume.pool(), ThinVolumes.snapshotLv(volume.name(), snapshot));
        if (lookup(snap).isEmpty()) {
            throw io.storagedrivers.spi.BackendException.notFound("snapshot " + snapshot + " of volume " + volume);
        }
        return info(data.clone(snap, target, 0, Progress.NONE, preferredHost));
    }

    private void requireSnapshots(VolumeRef volume) {
        if (!thinVg(volume.pool())) {
            throw new io.storagedrivers.spi.BackendException(io.storagedrivers.spi.BackendException.Kind.UNSUPPORTED,
                    "snapshots on shared LVM need a shared VG (vgcreate --shared) and LVM_THIN_ENABLE=yes; "
                            + volume.pool() + " is " + (thinEnabled ? "a plain VG" : "without LVM_THIN_ENABLE")
                            + " (docs/lvmlockd.md)");
        }
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

    /**
     * {@code lvchange -ay} on the host (exclusive on a shared VG; {@code -asy} on a live migration's
     * destination there, see {@link LiveMigrations}); returns {@code /dev/<vg>/<lv>}.
     */
    @Override
    public String attach(VolumeRef volume, String host) {
        return attachAll(List.of(volume), host).get(0);
    }

    /** {@code lvchange -an} on the host; an LV that is gone counts as detached. */
    @Override
    public void detach(VolumeRef volume, String host) {
        detachAll(List.of(volume), host);
    }

    /** {@code lvchange -ay} of every LV, one round trip to the host. */
    @Override
    public List<String> attachAll(List<VolumeRef> volumes, String host) {
        return volumes.isEmpty() ? List.of() : hostLvm.activateAll(at(host), volumes, v -> migrations.sharedOn(v, host));
    }

    /** {@code lvchange -an} of every LV, one round trip to the host. */
    @Override
    public void detachAll(List<VolumeRef> volumes, String host) {
        if (volumes.isEmpty()) {
            return;
        }
        try {
            hostLvm.deactivateAll(at(host), volumes);
        } catch (RuntimeException e) {
            // a host released as gone ('storage host-release') holds nothing any more
            if (SharedLvmSettings.FRONTEND.equals(host) || !released(volumes.get(0).pool(), host)) {
                throw e;
            }
        }
    }

    private boolean released(String vg, String host) {
        try {
            return releases.released(vg).contains(host);
        } catch (RuntimeException e) {
            return false; // the first failure is the one to report
        }
    }

    @Override
    public void releaseHost(String vg, String host) {
        releases.release(vg, host);
    }

    @Override
    public void rejoinHost(String vg, String host) {
        releases.rejoin(vg, host);
    }

    @Override
    public Set<String> releasedHosts(String vg) {
        return releases.released(vg);
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

    /** On a shared VG: the source's LV lock becomes shared, the destination will activate shared. */
    @Override
    public void beginMigration(VolumeRef volume, String source, String destination) {
        migrations.begin(volume, source, destination);
    }

    /** On a shared VG: the side that keeps the VM gets its exclusive LV lock back. */
    @Override
    public void endMigration(VolumeRef volume, String source, String destination, boolean succeeded) {
        migrations.end(volume, source, destination, succeeded);
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
        return provisioning.lookup(volume);
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
