package io.storagedrivers.sharedlvm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.Runners;
import io.storagedrivers.exec.copy.CopyEngine;
import io.storagedrivers.sharedlvm.copy.CopyPlacement;
import io.storagedrivers.sharedlvm.lvm.LvInfo;
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
 * through {@link DataOps}; thin volumes and snapshots are {@link ThinSnapshots}'. This class maps
 * the SPI onto those parts ({@link SharedLvmParts}).
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

    private final SharedLvmParts parts;
    private final boolean ownsRunners;
    /** Where copies and zeroing may run ({@link #preferringHost}); null: wherever {@link CopyPlacement} says. */
    private final String preferredHost;

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
    public SharedLvmBackend(String defaultVg, SharedLvmSettings settings, Runners runners, VgLocks locks,
                            BooleanSupplier frontendHasDeviceMapper, long chunkBytes, boolean ownsRunners) {
        this(defaultVg, settings, runners, locks, frontendHasDeviceMapper, chunkBytes, ownsRunners, new VgLockTypes());
    }

    /** @param lockTypes where VGs' lock types are kept: {@link VgLockTypes#PROCESS} for the provider's backends */
    SharedLvmBackend(String defaultVg, SharedLvmSettings settings, Runners runners, VgLocks locks,
                     BooleanSupplier frontendHasDeviceMapper, long chunkBytes, boolean ownsRunners,
                     VgLockTypes lockTypes) {
        this.parts = SharedLvmParts.wire(defaultVg, settings, runners, locks, frontendHasDeviceMapper, chunkBytes,
                vg -> thinSnapshots().thinVg(vg), v -> thinSnapshots().thinVolume(v).isPresent(), lockTypes);
        this.ownsRunners = ownsRunners;
        this.preferredHost = null;
    }

    private SharedLvmBackend(SharedLvmBackend base, String preferredHost) {
        this.parts = base.parts;
        this.ownsRunners = false;
        this.preferredHost = preferredHost;
    }

    @Override
    public String kind() {
        return "shared_lvm";
    }

    @Override
    public Map<String, String> systemInfo() {
        return Map.of("id", "lvm://" + parts.defaultVg(), "name", parts.defaultVg());
    }

    @Override
    public Set<Capability> capabilities() {
        if (parts.thinSnapshots().thinVg(parts.defaultVg())) {
            return Set.of(Capability.HOST_COPY_CLONE, Capability.RESIZE, Capability.MULTI_ATTACH, Capability.THIN,
                    Capability.SNAPSHOTS);
        }
        return Set.of(Capability.HOST_COPY_CLONE, Capability.RESIZE, Capability.MULTI_ATTACH);
    }

    @Override
    public List<PoolInfo> pools() {
        return List.of(pool(parts.defaultVg()));
    }

    /** One {@code vgs}. */
    @Override
    public PoolInfo pool(String vg) {
        VgInfo info = parts.metadata().vgs(vg);
        return new PoolInfo(info.name(), info.sizeBytes(), info.freeBytes(), false);
    }

    /** One {@code lvs} here and one on every known host (in parallel) for where each LV is active. */
    @Override
    public List<VolumeInfo> list(String vg) {
        List<LvInfo> lvs = parts.metadata().lvs(vg);
        HostActivity.Report report = parts.activity().scan(vg);
        List<VolumeInfo> out = new ArrayList<>();
        for (LvInfo lv : lvs) {
            if (!ThinVolumes.internal(lv)) {
                out.add(LvVolumeInfo.of(lv, report.activeOn(lv), report.unknown()));
            }
        }
        return out;
    }

    /** One lean {@code lvs} of the VG on this machine; no host is asked. */
    @Override
    public Map<String, Long> volumeSizes(String vg) {
        Map<String, Long> sizes = parts.metadata().sizes(vg);
        if (parts.thinSnapshots().enabled()) {
            sizes.keySet().removeIf(ThinVolumes::internal);
        }
        return sizes;
    }

    @Override
    public Optional<VolumeInfo> find(VolumeRef volume) {
        return lookup(volume).map(LvVolumeInfo::of);
    }

    /** See {@link LvProvisioning#create}. */
    @Override
    public VolumeInfo create(VolumeRef volume, long sizeBytes) {
        return LvVolumeInfo.of(parts.provisioning().create(volume, sizeBytes, preferredHost));
    }

    @Override
    public void delete(VolumeRef volume, boolean zeroFirst) {
        parts.provisioning().delete(volume, zeroFirst, preferredHost);
    }

    @Override
    public VolumeInfo resize(VolumeRef volume, long newSizeBytes) {
        return resize(volume, newSizeBytes, Set.of());
    }

    /** See {@link LvProvisioning#resize}; a thin volume grows with its pool ({@link ThinVolumes#resize}). */
    @Override
    public VolumeInfo resize(VolumeRef volume, long newSizeBytes, Set<String> attachedOn) {
        Optional<LvInfo> thinLv = parts.thinSnapshots().thinVolume(volume);
        if (thinLv.isPresent()) {
            return LvVolumeInfo.of(parts.thin().resize(thinLv.get(), newSizeBytes, attachedOn, preferredHost));
        }
        // the size only: a resize reports no LV (its uuid, attributes and tags did not change)
        return new VolumeInfo(volume, parts.provisioning().resize(volume, newSizeBytes, attachedOn, preferredHost),
                Set.of(), Map.of());
    }

    // --- snapshots: thin volumes on a shared VG with LVM_THIN_ENABLE (ThinSnapshots) ------------

    @Override
    public List<String> snapshots(VolumeRef volume) {
        return parts.thinSnapshots().snapshots(volume);
    }

    /** Where the volume's pool is active (the hint {@link #preferringHost}, else every host asked). */
    @Override
    public void createSnapshot(VolumeRef volume, String snapshot) {
        parts.thinSnapshots().create(volume, snapshot, preferredHost);
    }

    @Override
    public void deleteSnapshot(VolumeRef volume, String snapshot) {
        parts.thinSnapshots().delete(volume, snapshot, preferredHost);
    }

    @Override
    public void revertSnapshot(VolumeRef volume, String snapshot) {
        parts.thinSnapshots().revert(volume, snapshot, preferredHost);
    }

    @Override
    public VolumeInfo createFromSnapshot(VolumeRef volume, String snapshot, VolumeRef target) {
        return LvVolumeInfo.of(parts.thinSnapshots().copyToVolume(volume, snapshot, target, preferredHost));
    }

    @Override
    public VolumeInfo clone(VolumeRef source, VolumeRef target, long minSizeBytes, Progress progress) {
        return LvVolumeInfo.of(parts.data().clone(source, target, minSizeBytes, progress, preferredHost));
    }

    @Override
    public void copy(VolumeRef source, VolumeRef target, Progress progress) {
        parts.data().copy(source, target, progress, preferredHost);
    }

    @Override
    public void importImage(VolumeRef target, ImageSource source, Progress progress) {
        parts.data().importImage(target, source, progress, preferredHost);
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
        return parts.attachments().attachAll(volumes, host);
    }

    /**
     * {@code lvchange -ay} of every LV (one LVM process per activation mode) and the follow-ups,
     * one request to the host (see {@link HostLvm#activateThen}).
     */
    @Override
    public List<String> attachAllThen(List<VolumeRef> volumes, String host,
                                      java.util.function.Function<List<String>, List<List<String>>> then,
                                      java.util.function.Consumer<List<List<String>>> runOnHost) {
        return parts.attachments().attachAllThen(volumes, host, then);
    }

    /** {@code lvchange -an} and the follow-ups in one request to the host (see {@link HostLvm#deactivateThen}). */
    @Override
    public boolean detachThen(VolumeRef volume, String host, List<List<String>> then,
                              java.util.function.Consumer<List<List<String>>> runOnHost) {
        return parts.attachments().detachThen(List.of(volume), host, then.stream().map(Command::of).toList());
    }

    /** {@code lvchange -an} of every LV, one round trip to the host. */
    @Override
    public void detachAll(List<VolumeRef> volumes, String host) {
        parts.attachments().detachAll(volumes, host);
    }

    @Override
    public void releaseHost(String vg, String host) {
        parts.releases().release(vg, host);
    }

    @Override
    public void rejoinHost(String vg, String host) {
        parts.releases().rejoin(vg, host);
    }

    @Override
    public Set<String> releasedHosts(String vg) {
        return parts.releases().released(vg);
    }

    /** Where the LV is active, as far as the hosts that answered tell (see {@link HostActivity}). */
    @Override
    public Set<String> attachments(VolumeRef volume) {
        return lookup(volume).map(lv -> parts.activity().scan(volume.pool()).activeOn(lv)).orElse(Set.of());
    }

    /** One {@code lvs} on {@code host}. */
    @Override
    public boolean attachedOn(VolumeRef volume, String host) {
        return SharedLvmSettings.FRONTEND.equals(host)
                ? lookup(volume).map(LvInfo::active).orElse(false)
                : parts.activity().activeOn(host, volume.pool()).contains(volume.name());
    }

    @Override
    public List<String> knownHosts() {
        return parts.activity().hosts();
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
            parts.activity().requireInactive(lv.get());
            delete(volume, zeroFirst);
        }
    }

    /** On a shared VG: the source's LV lock becomes shared, the destination will activate shared. */
    @Override
    public void beginMigration(VolumeRef volume, String source, String destination) {
        parts.migrations().begin(volume, source, destination);
    }

    /** On a shared VG: the side that keeps the VM gets its exclusive LV lock back. */
    @Override
    public void endMigration(VolumeRef volume, String source, String destination, boolean succeeded) {
        parts.migrations().end(volume, source, destination, succeeded);
    }

    /** Copies and zeroing of calls through the returned view may run on {@code host}. */
    @Override
    public VolumeBackend preferringHost(String host) {
        return new SharedLvmBackend(this, host);
    }

    @Override
    public void close() {
        if (ownsRunners) {
            parts.runners().close();
        }
    }

    /** A method, not a field read, so that the parts' own predicates can ask it once wired. */
    private ThinSnapshots thinSnapshots() {
        return parts.thinSnapshots();
    }

    private Optional<LvInfo> lookup(VolumeRef volume) {
        return parts.provisioning().lookup(volume);
    }
}
