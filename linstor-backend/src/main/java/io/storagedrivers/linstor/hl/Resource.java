package io.storagedrivers.linstor.hl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.storagedrivers.linstor.api.ApiCalls;
import io.storagedrivers.linstor.api.Endpoints;
import io.storagedrivers.linstor.api.LinstorApiException;
import io.storagedrivers.linstor.api.dto.ApiCallRc;
import io.storagedrivers.linstor.api.dto.AutoPlaceRequest;
import io.storagedrivers.linstor.api.dto.AutoSelectFilter;
import io.storagedrivers.linstor.api.dto.ResourceDefinition;
import io.storagedrivers.linstor.api.dto.ResourceDefinitionCreate;
import io.storagedrivers.linstor.api.dto.ResourceDefinitionModify;
import io.storagedrivers.linstor.api.dto.ResourceWithVolumes;
import io.storagedrivers.linstor.api.dto.VolumeDefinition;
import io.storagedrivers.linstor.api.dto.VolumeDefinitionCreate;
import io.storagedrivers.spi.Sizes;

/**
 * A LINSTOR resource as python-linstor's {@code linstor.Resource} presents it (linstor.md §10):
 * looked up by name, defined lazily and idempotently on the first change, with volumes,
 * placement, per-node assignments ({@link NodeAssignments}) and device paths read in two calls
 * ({@link #refresh}); per-node changes in {@link NodeChanges}, multi-step copies in {@link ResourceCopies}.
 * Names that are valid LINSTOR names are used as the RD name directly; other names become the
 * RD's external name and LINSTOR generates the real one ({@link #linstorName}).
 */
public final class Resource {
    static final String ALLOW_TWO_PRIMARIES = "DrbdOptions/Net/allow-two-primaries";

    private final Linstor ls;
    private final String name;
    private final Placement placement = new Placement();
    private String resourceGroup;
    private String linstorName;
    private Map<String, String> props = Map.of();
    private final Map<Integer, Volume> volumes = new TreeMap<>();
    private NodeAssignments nodes = NodeAssignments.none();

    Resource(Linstor ls, String name, String resourceGroup) {
        this.ls = ls;
        this.name = name;
        this.resourceGroup = resourceGroup;
        refresh();
    }

    Linstor linstor() {
        return ls;
    }

    private Endpoints api() {
        return ls.client().api();
    }

    public String name() {
        return name;
    }

    /** The RD's name in LINSTOR (null until defined). */
    public String linstorName() {
        return linstorName;
    }

    public boolean defined() {
        return linstorName != null;
    }

    public String resourceGroup() {
        return resourceGroup;
    }

    public Placement placement() {
        return placement;
    }

    public Map<String, String> props() {
        return props;
    }

    /** Re-reads definition, volumes and assignments (two GETs). */
    public Resource refresh() {
        Optional<ResourceDefinition> rd = ResourceNames.definition(api(), name);
        volumes.clear();
        nodes = NodeAssignments.none();
        if (rd.isEmpty()) {
            linstorName = null;
            props = Map.of();
            return this;
        }
        ResourceDefinition d = rd.get();
        linstorName = d.name();
        resourceGroup = d.resourceGroupName();
        props = d.props() == null ? Map.of() : d.props();
        for (VolumeDefinition vd : d.volumeDefinitions() == null ? List.<VolumeDefinition>of() : d.volumeDefinitions()) {
            volumes.put(vd.volumeNumber(), Volume.of(this, vd));
        }
        nodes = new NodeAssignments(linstorName, api().viewResources(List.of(linstorName), null));
        return this;
    }

    /** Creates the RD if it does not exist yet (idempotent). */
    public Resource define() {
        if (defined()) {
            return this;
        }
        boolean plain = ResourceNames.valid(name);
        ResourceDefinition rd = new ResourceDefinition(plain ? name : "", plain ? null : name, null, null, null, null,
                resourceGroup, null);
        try {
            List<ApiCallRc> rcs = api().createResourceDefinition(new ResourceDefinitionCreate(null, null, null, null, rd));
            linstorName = ApiCalls.objRef(rcs, "RscDfn").orElse(plain ? name : null);
        } catch (LinstorApiException.Exists raced) {
            // created meanwhile by someone else: use it
        }
        return refresh();
    }

    /** Adds a volume of {@code sizeBytes} (rounded up to KiB) with the lowest free number. */
    public Volume addVolume(long sizeBytes) {
        define();
        int nr = 0;
        while (volumes.containsKey(nr)) {
            nr++;
        }
        Map<String, String> vprops = placement.storagePool() == null ? null
                : Map.of("StorPoolName", placement.storagePool());
        api().createVolumeDefinition(linstorName, new VolumeDefinitionCreate(
                new VolumeDefinition(nr, ResourceNames.kib(sizeBytes), vprops, null, null, null), null, null), volumes.size() + 1);
        refresh();
        return volumes.get(nr);
    }

    /** Adds a volume given as "10 GiB", "10G" or bytes. */
    public Volume addVolume(String size) {
        return addVolume(Sizes.parse(size));
    }

    public Map<Integer, Volume> volumes() {
        return Map.copyOf(volumes);
    }

    public Volume volume(int nr) {
        Volume v = volumes.get(nr);
        if (v == null) {
            throw new IllegalArgumentException("resource " + name + " has no volume " + nr);
        }
        return v;
    }

    /** Places diskful replicas per {@link #placement()} (target count: re-running adds nothing). */
    public Resource autoplace() {
        define();
        List<String> pools = placement.storagePool() == null ? null : List.of(placement.storagePool());
        List<String> disklessPools = placement.disklessStoragePool() == null ? null
                : List.of(placement.disklessStoragePool());
        AutoSelectFilter f = new AutoSelectFilter(placement.redundancy(), null, null, null, pools, disklessPools,
                null, null, null, null, null, null, null, null, null, null, null);
        api().autoplace(linstorName, new AutoPlaceRequest(placement.disklessOnRemaining(), f, placement.layerList(),
                null, null));
        return refresh();
    }

    /** Makes the resource usable on {@code node} (diskless unless it holds data there) and returns volume 0's device. */
    public String activate(String node) {
        return NodeChanges.makeAvailable(this, node, false);
    }

    /**
     * Makes the resource diskful on {@code node} (a replica there, in a pool the resource group's
     * autoplace settings allow), as make-available with {@code diskful}; throws when no such pool
     * exists there.
     */
    public String activateDiskful(String node) {
        return NodeChanges.makeAvailable(this, node, true);
    }

    /** Removes the resource on {@code node} only if it is diskless; diskful replicas are kept. */
    public Resource deactivate(String node) {
        NodeChanges.removeDiskless(this, node);
        return this;
    }

    /** Diskless on {@code node}: created that way, or toggled; no-op when already diskless. */
    public Resource diskless(String node) {
        NodeChanges.assign(this, node, true);
        return this;
    }

    /** Diskful on {@code node} (in the placement's pool): created, or toggled; no-op when already diskful. */
    public Resource diskful(String node) {
        NodeChanges.assign(this, node, false);
        return this;
    }

    ResourceWithVolumes assignment(String node) {
        return nodes.on(node);
    }

    /** Which nodes hold the resource and how, with device paths, as of the last {@link #refresh}. */
    public NodeAssignments nodes() {
        return nodes;
    }

    /** Thin when the pool of volume 0 reports Provisioning=Thin. */
    public boolean isThin() {
        return nodes.diskfulStoragePool().map(pool -> ls.client().storagePools(null, List.of(pool)).stream()
                .anyMatch(p -> p.staticTraits() != null && "Thin".equalsIgnoreCase(p.staticTraits().get("Provisioning"))))
                .orElse(false);
    }

    public boolean allowTwoPrimaries() {
        return "yes".equals(props.get(ALLOW_TWO_PRIMARIES));
    }

    /** Writes DrbdOptions/Net/allow-two-primaries yes/no on the RD (live migration). */
    public Resource allowTwoPrimaries(boolean allow) {
        define();
        api().modifyResourceDefinition(linstorName, new ResourceDefinitionModify(
                Map.of(ALLOW_TWO_PRIMARIES, allow ? "yes" : "no"), null, null, null, null, null, null));
        return refresh();
    }

    /** Removes the resource on {@code node} (any kind). */
    public Resource delete(String node) {
        if (defined()) {
            api().deleteResource(linstorName, node);
        }
        return refresh();
    }

    /** Deletes the snapshots (if asked) and the RD with all resources; no-op if never defined. */
    public void delete(boolean withSnapshots) {
        if (!defined()) {
            return;
        }
        if (withSnapshots) {
            new ArrayList<>(snapshots()).forEach(this::snapshotDelete);
        }
        api().deleteResourceDefinition(linstorName);
        refresh();
    }

    public void delete() {
        delete(true);
    }

    // --- snapshots and copies (ResourceCopies does the multi-step work) -------------------------

    public List<String> snapshots() {
        return defined() ? api().snapshots(linstorName).stream().map(s -> s.name()).toList() : List.of();
    }

    public void snapshotCreate(String snapshot) {
        ResourceCopies.snapshotCreate(this, snapshot);
    }

    public void snapshotDelete(String snapshot) {
        if (defined()) {
            api().deleteSnapshot(linstorName, snapshot);
        }
    }

    public void snapshotRollback(String snapshot) {
        api().rollback(linstorName, snapshot);
        refresh();
    }

    /** New resource {@code newName} (same resource group) filled from {@code snapshot}; removed again on failure. */
    public Resource restoreFromSnapshot(String snapshot, String newName) {
        return ResourceCopies.restore(this, snapshot, newName);
    }

    /** Server-side clone, polled until COMPLETE; a FAILED or timed-out clone is removed and reported. */
    public Resource clone(String newName) {
        return ResourceCopies.serverClone(this, newName, null);
    }

    /** Clone into another resource group (its pools are used). */
    public Resource clone(String newName, String targetResourceGroup) {
        return ResourceCopies.serverClone(this, newName, targetResourceGroup);
    }

    /** Clone through a temporary snapshot ("for-<newName>") and a restore. */
    public Resource cloneViaSnapshot(String newName) {
        return ResourceCopies.snapshotClone(this, newName);
    }
}
