package io.storagedrivers.linstor.backend;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.storagedrivers.exec.Runners;
import io.storagedrivers.linstor.api.LinstorClient;
import io.storagedrivers.linstor.api.dto.ResourceDefinitionModify;
import io.storagedrivers.linstor.hl.Linstor;
import io.storagedrivers.linstor.api.dto.AutoSelectFilter;
import io.storagedrivers.linstor.hl.Resource;
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
 * The SPI on LINSTOR: pools are resource groups, a volume is a resource definition (spawned from
 * its group, so placement is atomic), attach is make-available on the host (diskless where it
 * holds no data) returning the stable {@code /dev/drbd/by-res/<resource>/0}, detach removes only a diskless assignment,
 * live migration allows two primaries for its duration. Data paths (image import, copy, zeroing)
 * run on a node holding a replica, through {@link Runners}.
 */
public final class LinstorBackend implements VolumeBackend {
    private final Linstor ls;
    private final LinstorSettings settings;
    private final Runners runners;
    private final HostData data;
    private final boolean ownsRunners;
    private volatile java.util.function.Consumer<String> notices = m -> { };
    /** The host the following calls serve (a VM's deploy host), or null; see {@link #preferringHost}. */
    private final String preferredHost;
    private final LinstorBackend owner;

    public LinstorBackend(LinstorClient client, LinstorSettings settings, Runners runners, boolean ownsRunners) {
        this.ls = new Linstor(client).withClonePolling(java.time.Duration.ofMillis(200), settings.cloneTimeout());
        this.settings = settings;
        this.runners = runners;
        this.data = new HostData(runners);
        this.ownsRunners = ownsRunners;
        this.preferredHost = null;
        this.owner = null;
    }

    /** A view of {@code of} serving {@code host}: shares its client, settings, runners and notices. */
    private LinstorBackend(LinstorBackend of, String host) {
        this.ls = of.ls;
        this.settings = of.settings;
        this.runners = of.runners;
        this.data = of.data;
        this.ownsRunners = false;
        this.notices = of.notices;
        this.preferredHost = host;
        this.owner = of;
    }

    /**
     * New volumes made through this view (create, clone) are placed with {@code host} among their
     * replicas when the resource group allows it (a pool there its autoplace settings accept), as
     * addon-linstor places a VM's disks near its deploy host; otherwise as the group places them.
     */
    @Override
    public VolumeBackend preferringHost(String host) {
        return host == null || host.equals(preferredHost) ? this : new LinstorBackend(owner == null ? this : owner, host);
    }

    /**
     * Puts a replica of the new resource {@code name} on the preferred host when the group allows
     * it; says which. Returns whether it is diskful there.
     */
    boolean placeNearHost(Resource r) {
        if (preferredHost == null || r.isDiskful(preferredHost)) {
            return preferredHost != null;
        }
        try {
            r.activateDiskful(preferredHost);
            notices.accept(r.name() + " placed with a replica on " + preferredHost + " (the host it is made for)");
            return true;
        } catch (io.storagedrivers.linstor.api.LinstorException e) {
            notices.accept(r.name() + " has no replica on " + preferredHost + " (" + e.getMessage() + ")");
            return false;
        }
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
        return LinstorErrors.call("listing resource groups", () -> {
            var pools = ls.client().storagePools(null, null);
            return ls.client().api().resourceGroups(null).stream().map(rg -> RgViews.capacity(rg, pools)).toList();
        });
    }

    @Override
    public PoolInfo pool(String pool) {
        return LinstorErrors.call("resource group " + pool, () -> {
            var rg = ls.client().api().resourceGroups(List.of(pool)).stream().findFirst()
                    .orElseThrow(() -> BackendException.notFound("LINSTOR resource group " + pool));
            return RgViews.capacity(rg, ls.client().storagePools(null, null));
        });
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

    private Resource existing(VolumeRef v) {
        Resource r = ls.resource(v.name());
        if (!r.defined()) {
            throw BackendException.notFound("LINSTOR resource " + v.name());
        }
        return r;
    }

    @Override
    public VolumeInfo create(VolumeRef volume, long sizeBytes) {
        return LinstorErrors.call("cannot create " + volume.name(), () -> {
            Optional<VolumeInfo> have = find(volume);
            if (have.isPresent()) {
                if (have.get().sizeBytes() < sizeBytes) {
                    throw new BackendException(Kind.INVALID, volume.name() + " exists and is smaller ("
                            + have.get().sizeBytes() + " bytes) than requested");
                }
                return have.get();
            }
            pool(volume.pool());
            spawnNearHost(volume, sizeBytes);
            return find(volume).orElseThrow();
        });
    }

    /**
     * Spawns {@code volume} from its group: with a preferred host, as definitions only, a replica on
     * that host first (when the group allows), then the group's autoplace for the rest; a failure
     * removes the half-made resource.
     */
    Resource spawnNearHost(VolumeRef volume, long sizeBytes) {
        if (preferredHost == null) {
            return Resource.fromResourceGroup(ls, volume.pool(), volume.name(), List.of(sizeBytes), false,
                    settings.layerList());
        }
        Resource r = Resource.fromResourceGroup(ls, volume.pool(), volume.name(), List.of(sizeBytes), true,
                settings.layerList());
        try {
            placeNearHost(r);
            return r.refresh().autoplace();
        } catch (RuntimeException e) {
            try {
                ls.resource(volume.name()).delete(true);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    @Override
    public void delete(VolumeRef volume, boolean zeroFirst) {
        LinstorErrors.run("cannot delete " + volume.name(), () -> {
            Resource r = ls.resource(volume.name());
            if (!r.defined()) {
                return;
            }
            if (zeroFirst && !r.diskfulNodes().isEmpty() && !r.volumes().isEmpty()) {
                String node = r.diskfulNodes().iterator().next();
                String device = r.devicePath(node, 0);
                if (device == null) {
                    throw new BackendException(Kind.BACKEND_ERROR, "LINSTOR reports no device for " + volume.name()
                            + " on " + node + ": cannot zero it; nothing was deleted");
                }
                data.zero(node, device, r.volume(0).sizeBytes());
            }
            r.delete(true);
        });
    }

    /**
     * Refused while a node has the resource open (DRBD primary, "InUse"); checked before anything
     * is removed, because {@link #delete} drops the snapshots first. Diskless clients and replicas
     * that are not in use are no reason to keep it.
     */
    @Override
    public void deleteIfUnused(VolumeRef volume, boolean zeroFirst) {
        LinstorErrors.run("cannot delete " + volume.name(), () -> {
            Resource r = ls.resource(volume.name());
            if (r.defined() && !r.inUseNodes().isEmpty()) {
                throw new BackendException(Kind.BUSY, "volume " + volume + " is in use on "
                        + String.join(", ", r.inUseNodes()) + ": detach it there first");
            }
        });
        delete(volume, zeroFirst);
    }

    @Override
    public VolumeInfo resize(VolumeRef volume, long newSizeBytes) {
        return LinstorErrors.call("cannot resize " + volume.name(), () -> {
            Resource r = existing(volume);
            if (newSizeBytes > r.volume(0).sizeBytes()) {
                r.volume(0).resize(newSizeBytes);
            }
            return find(volume).orElseThrow();
        });
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

    /**
     * Data locality: a host holding a diskful replica uses it; a host without one gets a diskless
     * client, or first a replica of its own when {@code LINSTOR_LOCALITY=replica} and the
     * resource group can place one there (else diskless, said so). One INFO line says which.
     */
    @Override
    public String attach(VolumeRef volume, String host) {
        return LinstorErrors.call("cannot attach " + volume.name() + " on " + host, () -> {
            Resource r = existing(volume);
            String how = null;
            if (r.isDiskful(host)) {
                how = "uses its local replica on " + host;
            } else if (settings.locality() == LinstorSettings.Locality.REPLICA) {
                try {
                    r.diskful(host);
                    how = "got a replica on " + host + " (LINSTOR_LOCALITY=replica); it syncs in the background";
                } catch (io.storagedrivers.linstor.api.LinstorException e) {
                    how = "could not get a replica on " + host + " (" + e.getMessage() + ")";
                }
            }
            String dev = r.activate(host);
            if (dev == null) {
                r.deactivate(host); // undo a diskless client this call may have made
                throw new BackendException(Kind.BACKEND_ERROR, "LINSTOR reports no device for " + volume.name()
                        + " on " + host);
            }
            if (!r.isDiskful(host)) {
                how = (how == null ? "" : how + "; ") + (r.isNvmeInitiator(host) ? "attached over NVMe-oF on " + host
                        + " (initiator), target on " : "attached diskless on " + host + ", data on ")
                        + (r.diskfulNodes().isEmpty() ? "no node" : String.join(", ", r.diskfulNodes()));
            }
            notices.accept(volume.name() + " " + how);
            return dev;
        });
    }

    /**
     * Same cluster, another resource group: the resource definition is given the new group (its
     * replicas stay where they are), as addon-linstor's mv does; no data is copied.
     */
    @Override
    public Optional<VolumeInfo> moveToPool(VolumeRef volume, String pool) {
        return LinstorErrors.call("cannot move " + volume.name() + " to " + pool, () -> {
            Resource r = ls.resource(volume.name());
            if (!r.defined()) {
                return Optional.<VolumeInfo>empty();
            }
            if (!pool.equalsIgnoreCase(r.resourceGroup())) {
                pool(pool); // the group must exist
                ls.client().api().modifyResourceDefinition(r.linstorName(), new ResourceDefinitionModify(null, null,
                        null, null, null, null, pool));
            }
            return find(new VolumeRef(pool, volume.name()));
        });
    }

    @Override
    public void detach(VolumeRef volume, String host) {
        LinstorErrors.run("cannot detach " + volume.name() + " from " + host, () -> {
            Resource r = ls.resource(volume.name());
            if (r.defined()) {
                r.deactivate(host);
            }
        });
    }

    /** Every node with a resource of the volume (diskful or diskless): all can open the device. */
    @Override
    public Set<String> attachments(VolumeRef volume) {
        return find(volume).map(VolumeInfo::activeOn).orElse(Set.of());
    }

    @Override
    public List<String> snapshots(VolumeRef volume) {
        return LinstorErrors.call("listing snapshots of " + volume.name(), () -> ls.resource(volume.name()).snapshots());
    }

    @Override
    public void createSnapshot(VolumeRef volume, String snapshot) {
        LinstorErrors.run("cannot snapshot " + volume.name(), () -> existing(volume).snapshotCreate(snapshot));
    }

    /**
     * LINSTOR's multi-snapshot ({@code POST /v1/actions/snapshot/multi}, REST 1.18): IO is
     * suspended on every resource, all snapshots are taken, IO resumes; all or nothing. A
     * controller older than 1.18 is refused in one line (separate snapshots would not be consistent).
     */
    @Override
    public void createSnapshots(Map<VolumeRef, String> snapshots) {
        String what = "cannot snapshot " + snapshots.keySet().stream().map(VolumeRef::name).toList() + " together";
        LinstorErrors.run(what,
                () -> {
                    if (!ls.client().supports("1.18.0")) {
                        throw new BackendException(Kind.UNSUPPORTED, what + ": the LINSTOR controller's REST API "
                                + ls.client().version().restApiVersion()
                                + " has no multi-volume snapshots (1.18.0 or newer)");
                    }
                    Map<String, String> byRd = new java.util.LinkedHashMap<>();
                    snapshots.forEach((v, snap) -> {
                        if (byRd.put(existing(v).linstorName(), snap) != null) {
                            throw new BackendException(Kind.INVALID, v.name() + " is named twice");
                        }
                    });
                    ls.client().api().createSnapshots(byRd);
                });
    }

    @Override
    public void deleteSnapshot(VolumeRef volume, String snapshot) {
        LinstorErrors.run("cannot delete snapshot " + snapshot + " of " + volume.name(),
                () -> ls.resource(volume.name()).snapshotDelete(snapshot));
    }

    @Override
    public void revertSnapshot(VolumeRef volume, String snapshot) {
        LinstorErrors.run("cannot revert " + volume.name() + " to " + snapshot,
                () -> existing(volume).snapshotRollback(snapshot));
    }

    @Override
    public VolumeInfo createFromSnapshot(VolumeRef volume, String snapshot, VolumeRef target) {
        return LinstorErrors.call("cannot create " + target.name() + " from " + snapshot, () -> {
            Resource src = existing(volume);
            if (ls.resource(target.name()).defined()) {
                throw new BackendException(Kind.INVALID, "volume " + target + " already exists");
            }
            src.restoreFromSnapshot(snapshot, target.name());
            try {
                if (!target.pool().equalsIgnoreCase(src.resourceGroup())) {
                    ls.client().api().modifyResourceDefinition(target.name(), new ResourceDefinitionModify(null, null,
                            null, null, null, null, target.pool()));
                }
                return find(target).orElseThrow();
            } catch (RuntimeException e) {
                try {
                    ls.resource(target.name()).delete(true); // no half-made copy in the wrong group
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
        });
    }

    @Override
    public void beginMigration(VolumeRef volume, String source, String destination) {
        LinstorErrors.run("cannot prepare migration of " + volume.name(), () -> existing(volume).allowTwoPrimaries(true));
    }

    @Override
    public void endMigration(VolumeRef volume, String source, String destination, boolean succeeded) {
        LinstorErrors.run("cannot finish migration of " + volume.name(), () -> {
            Resource r = ls.resource(volume.name());
            if (r.defined()) {
                r.allowTwoPrimaries(false);
            }
        });
    }

    /**
     * Creates resource group {@code name} (with one volume group) if missing, placing
     * {@code placeCount} replicas in {@code storagePool} (null: any pool). For datastores that
     * still use the add-on's older LINSTOR_AUTO_PLACE / LINSTOR_STORAGE_POOL attributes. The
     * settings are compared on every call and set where they differ, so a run that died between
     * creating the group and setting it is mended by the next one (no extra call when they match).
     */
    public void ensureResourceGroup(String name, int placeCount, String storagePool) {
        LinstorErrors.run("cannot prepare resource group " + name, () -> {
            AutoSelectFilter have = ls.client().api().resourceGroups(List.of(name)).stream().findFirst()
                    .map(io.storagedrivers.linstor.api.dto.ResourceGroup::selectFilter).orElse(null);
            var rg = ls.resourceGroup(name);
            if (have == null || have.placeCount() == null || have.placeCount() != placeCount) {
                rg.redundancy(placeCount);
            }
            if (storagePool != null && (have == null || !List.of(storagePool).equals(have.storagePoolList()))) {
                rg.storagePools(List.of(storagePool));
            }
        });
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
