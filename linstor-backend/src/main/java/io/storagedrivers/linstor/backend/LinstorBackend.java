package io.storagedrivers.linstor.backend;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.storagedrivers.exec.Runners;
import io.storagedrivers.linstor.api.LinstorClient;
import io.storagedrivers.linstor.hl.Linstor;
import io.storagedrivers.linstor.hl.Resource;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.Capability;
import io.storagedrivers.spi.ImageSource;
import io.storagedrivers.spi.PoolInfo;
import io.storagedrivers.spi.Progress;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeInfo;
import io.storagedrivers.spi.VolumeRef;

/**
 * The SPI on LINSTOR: pools are resource groups, a volume is a resource definition (spawned from
 * its group, so placement is atomic), attach is make-available on the host (diskless where it
 * holds no data) returning the stable {@code /dev/drbd/by-res/<resource>/0}, detach removes only a diskless assignment,
 * live migration allows two primaries for its duration. Data paths (image import, copy, zeroing)
 * run on a node holding a replica, through {@link Runners} ({@link HostData}). The work is in
 * {@link ResourceProvisioning}, {@link HostPlacement}, {@link LinstorCopies}, {@link LinstorAttachments},
 * {@link LinstorSnapshots} and {@link ResourceGroupPools}; this class is the SPI's face.
 */
public final class LinstorBackend implements VolumeBackend {
    private final Linstor ls;
    private final LinstorSettings settings;
    private final Runners runners;
    private final HostData data;
    private final boolean ownsRunners;
    private volatile java.util.function.Consumer<String> notices;
    /** The host the following calls serve (a VM's deploy host), or null; see {@link #preferringHost}. */
    private final String preferredHost;
    private final LinstorBackend owner;
    private final LinstorAttachments attachments;
    private final LinstorSnapshots snapshots;
    private final HostPlacement placement;
    private final ResourceGroupPools groups;
    private final ResourceProvisioning provisioning;

    public LinstorBackend(LinstorClient client, LinstorSettings settings, Runners runners, boolean ownsRunners) {
        this(new Linstor(client).withClonePolling(java.time.Duration.ofMillis(200), settings.cloneTimeout()), settings,
                runners, new HostData(runners, settings), ownsRunners, null, null);
    }

    /** With {@code owner}: a view of it serving {@code host}, sharing its client, settings, runners and notices. */
    private LinstorBackend(Linstor ls, LinstorSettings settings, Runners runners, HostData data, boolean ownsRunners,
                           String host, LinstorBackend owner) {
        this.ls = ls;
        this.settings = settings;
        this.runners = runners;
        this.data = data;
        this.ownsRunners = ownsRunners;
        this.notices = owner == null ? m -> { } : owner.notices;
        this.preferredHost = host;
        this.owner = owner;
        this.attachments = new LinstorAttachments(ls, settings, m -> notices.accept(m));
        this.snapshots = new LinstorSnapshots(ls, this::find);
        this.placement = new HostPlacement(ls, settings, host, m -> notices.accept(m));
        this.groups = new ResourceGroupPools(ls, this::find);
        this.provisioning = new ResourceProvisioning(ls, settings, data, placement, groups, this::find);
    }

    /** New volumes made through this view (create, clone) are placed near {@code host}: see {@link HostPlacement}. */
    @Override
    public VolumeBackend preferringHost(String host) {
        return host == null || host.equals(preferredHost) ? this : view(owner == null ? this : owner, host);
    }

    private static LinstorBackend view(LinstorBackend of, String host) {
        return new LinstorBackend(of.ls, of.settings, of.runners, of.data, false, host, of);
    }

    /**
     * Where this backend's INFO lines go: controller failover and, per attach, whether the host
     * uses a local replica, got one added, or reads over the network (diskless).
     */
    public LinstorBackend onNotice(java.util.function.Consumer<String> sink) {
        this.notices = sink == null ? m -> { } : sink;
        ls.client().onNotice(this.notices);
        return this;
    }

    @Override
    public String kind() {
        return "linstor";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.SNAPSHOTS, Capability.SERVER_SIDE_CLONE, Capability.HOST_COPY_CLONE,
                Capability.RESIZE, Capability.REPLICATION, Capability.MULTI_ATTACH, Capability.GROUP_SNAPSHOTS);
    }

    @Override
    public Map<String, String> systemInfo() {
        return LinstorErrors.call("LINSTOR controller", () -> {
            var v = ls.client().version();
            return Map.of("id", "linstor", "name", ls.client().activeController().toString(), "version",
                    String.valueOf(v.version()), "rest_api_version", String.valueOf(v.restApiVersion()));
        });
    }

    @Override
    public List<PoolInfo> pools() {
        return groups.all();
    }

    @Override
    public PoolInfo pool(String pool) {
        return groups.get(pool);
    }

    @Override
    public List<VolumeInfo> list(String pool) {
        return LinstorErrors.call("listing " + pool, () -> RgViews.list(ls.client(), pool));
    }

    @Override
    public Optional<VolumeInfo> find(VolumeRef volume) {
        return LinstorErrors.call("looking up " + volume, () -> {
            var rds = ls.client().api().resourceDefinitions(List.of(volume.name()), true);
            if (rds.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(RgViews.volume(volume.pool(), rds.get(0),
                    ls.client().api().viewResources(List.of(rds.get(0).name()), null)));
        });
    }

    static Resource existing(Linstor ls, VolumeRef v) {
        Resource r = ls.resource(v.name());
        if (!r.defined()) {
            throw BackendException.notFound("LINSTOR resource " + v.name());
        }
        return r;
    }

    @Override
    public VolumeInfo create(VolumeRef volume, long sizeBytes) {
        return provisioning.create(volume, sizeBytes);
    }

    /** The placement of new volumes made through this view (see {@link #preferringHost}). */
    HostPlacement placement() {
        return placement;
    }

    @Override
    public void delete(VolumeRef volume, boolean zeroFirst) {
        provisioning.delete(volume, zeroFirst);
    }

    /** See {@link ResourceProvisioning#deleteIfUnused}. */
    @Override
    public void deleteIfUnused(VolumeRef volume, boolean zeroFirst) {
        provisioning.deleteIfUnused(volume, zeroFirst);
    }

    @Override
    public VolumeInfo resize(VolumeRef volume, long newSizeBytes) {
        return provisioning.resize(volume, newSizeBytes);
    }

    @Override
    public VolumeInfo clone(VolumeRef source, VolumeRef target, long minSizeBytes, Progress progress) {
        return new LinstorCopies(ls, settings, data).clone(source, target, minSizeBytes, progress, this);
    }

    @Override
    public void copy(VolumeRef source, VolumeRef target, Progress progress) {
        new LinstorCopies(ls, settings, data).copy(source, target, progress, this);
    }

    @Override
    public void importImage(VolumeRef target, ImageSource source, Progress progress) {
        new LinstorCopies(ls, settings, data).importImage(target, source, progress);
    }

    /** See {@link LinstorAttachments#attach}. */
    @Override
    public String attach(VolumeRef volume, String host) {
        return attachments.attach(volume, host);
    }

    /** See {@link ResourceGroupPools#moveTo}. */
    @Override
    public Optional<VolumeInfo> moveToPool(VolumeRef volume, String pool) {
        return groups.moveTo(volume, pool);
    }

    @Override
    public void detach(VolumeRef volume, String host) {
        attachments.detach(volume, host);
    }

    /**
     * Not needed here: the controller, not the nodes, records where a resource is, and detaching
     * on a node that is down is a controller operation. A node gone for good is LINSTOR's own
     * {@code linstor node lost NODE}.
     */
    @Override
    public void releaseHost(String pool, String host) {
        throw new BackendException(BackendException.Kind.UNSUPPORTED, "not needed on LINSTOR: the controller detaches"
                + " without the node; for a node gone for good run 'linstor node lost " + host + "'");
    }

    /** Every node with a resource of the volume (diskful or diskless): all can open the device. */
    @Override
    public Set<String> attachments(VolumeRef volume) {
        return find(volume).map(VolumeInfo::activeOn).orElse(Set.of());
    }

    @Override
    public List<String> snapshots(VolumeRef volume) {
        return snapshots.list(volume);
    }

    @Override
    public void createSnapshot(VolumeRef volume, String snapshot) {
        snapshots.create(volume, snapshot);
    }

    /** See {@link LinstorSnapshots#createTogether}. */
    @Override
    public void createSnapshots(Map<VolumeRef, String> byVolume) {
        snapshots.createTogether(byVolume);
    }

    @Override
    public void deleteSnapshot(VolumeRef volume, String snapshot) {
        snapshots.delete(volume, snapshot);
    }

    @Override
    public void revertSnapshot(VolumeRef volume, String snapshot) {
        snapshots.revert(volume, snapshot);
    }

    @Override
    public VolumeInfo createFromSnapshot(VolumeRef volume, String snapshot, VolumeRef target) {
        return snapshots.restore(volume, snapshot, target);
    }

    @Override
    public void beginMigration(VolumeRef volume, String source, String destination) {
        attachments.beginMigration(volume);
    }

    @Override
    public void endMigration(VolumeRef volume, String source, String destination, boolean succeeded) {
        attachments.endMigration(volume);
    }

    /**
     * Creates resource group {@code name} (with one volume group) if missing, placing
     * {@code placeCount} replicas in {@code storagePool} (null: any pool). For datastores that
     * still use the add-on's older LINSTOR_AUTO_PLACE / LINSTOR_STORAGE_POOL attributes. The
     * settings are compared on every call and set where they differ, so a run that died between
     * creating the group and setting it is mended by the next one (no extra call when they match).
     */
    public void ensureResourceGroup(String name, int placeCount, String storagePool) {
        groups.ensure(name, placeCount, storagePool);
    }

    @Override
    public void close() {
        if (owner != null) {
            return; // a view: its owner closes the client
        }
        ls.close();
        if (ownsRunners) {
            runners.close();
        }
    }
}
