package io.storagedrivers.linstor.hl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.storagedrivers.linstor.api.ApiCalls;
import io.storagedrivers.linstor.api.Endpoints;
import io.storagedrivers.linstor.api.Flags;
import io.storagedrivers.linstor.api.LinstorApiException;
import io.storagedrivers.linstor.api.dto.ApiCallRc;
import io.storagedrivers.linstor.api.dto.AutoPlaceRequest;
import io.storagedrivers.linstor.api.dto.AutoSelectFilter;
import io.storagedrivers.linstor.api.dto.ResourceCreate;
import io.storagedrivers.linstor.api.dto.ResourceDefinition;
import io.storagedrivers.linstor.api.dto.ResourceDefinitionCreate;
import io.storagedrivers.linstor.api.dto.ResourceDefinitionModify;
import io.storagedrivers.linstor.api.dto.ResourceMakeAvailable;
import io.storagedrivers.linstor.api.dto.ResourceWithVolumes;
import io.storagedrivers.linstor.api.dto.ToggleDiskRequest;
import io.storagedrivers.linstor.api.dto.VolumeDefinition;
import io.storagedrivers.linstor.api.dto.VolumeDefinitionCreate;
import io.storagedrivers.spi.Sizes;

/**
 * A LINSTOR resource as python-linstor's {@code linstor.Resource} presents it (linstor.md §10):
 * looked up by name, defined lazily and idempotently on the first change, with volumes,
 * placement, per-node assignments and device paths read in two calls ({@link #refresh}).
 * Names that are valid LINSTOR names are used as the RD name directly; other names become the
 * RD's external name and LINSTOR generates the real one ({@link #linstorName}).
 */
public final class Resource {
    static final String ALLOW_TWO_PRIMARIES = "DrbdOptions/Net/allow-two-primaries";
    private static final Pattern LINSTOR_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{1,47}");

    private final Linstor ls;
    private final String name;
    private final Placement placement = new Placement();
    private String resourceGroup;
    private String linstorName;
    private Map<String, String> props = Map.of();
    private final Map<Integer, Volume> volumes = new TreeMap<>();
    private final Map<String, ResourceWithVolumes> assignments = new LinkedHashMap<>();

    Resource(Linstor ls, String name, String resourceGroup) {
        this.ls = ls;
        this.name = name;
        this.resourceGroup = resourceGroup;
        refresh();
    }

    static long kib(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("size must be positive: " + bytes);
        }
        return (bytes + Sizes.KIB - 1) / Sizes.KIB;
    }

    static boolean validLinstorName(String n) {
        return LINSTOR_NAME.matcher(n).matches() && n.chars().anyMatch(Character::isLetter)
                && !"all".equalsIgnoreCase(n) && !"proxy".equalsIgnoreCase(n);
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
        Optional<ResourceDefinition> rd = find();
        volumes.clear();
        assignments.clear();
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
            volumes.put(vd.volumeNumber(), new Volume(this, vd.volumeNumber(), vd.sizeKib(), minorOf(vd)));
        }
        for (ResourceWithVolumes r : api().viewResources(List.of(linstorName), null)) {
            assignments.put(r.nodeName(), r);
        }
        return this;
    }

    private static Integer minorOf(VolumeDefinition vd) {
        return vd.layerData() == null ? null : vd.layerData().stream().filter(l -> "DRBD".equals(l.type()) && l.data() != null)
                .map(l -> l.data().path("minor_number")).filter(n -> n.isInt()).map(n -> n.asInt()).findFirst().orElse(null);
    }

    private Optional<ResourceDefinition> find() {
        if (validLinstorName(name)) {
            return api().resourceDefinitions(List.of(name), true).stream().findFirst();
        }
        return api().resourceDefinitions(null, true).stream().filter(d -> name.equals(d.externalName())).findFirst();
    }

    /** Creates the RD if it does not exist yet (idempotent). */
    public Resource define() {
        if (defined()) {
            return this;
        }
        boolean plain = validLinstorName(name);
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
                new VolumeDefinition(nr, kib(sizeBytes), vprops, null, null, null), null, null), volumes.size() + 1);
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
        define();
        api().makeAvailable(linstorName, node, new ResourceMakeAvailable(placement.layerList(), false, null, null, null));
        refresh();
        return devicePath(node, 0);
    }

    /**
     * Makes the resource diskful on {@code node} (a replica there, in a pool the resource group's
     * autoplace settings allow), as make-available with {@code diskful}; throws when no such pool
     * exists there.
     */
    public String activateDiskful(String node) {
        define();
        api().makeAvailable(linstorName, node, new ResourceMakeAvailable(placement.layerList(), true, null, null, null));
        refresh();
        return devicePath(node, 0);
    }

    /** Removes the resource on {@code node} only if it is diskless; diskful replicas are kept. */
    public Resource deactivate(String node) {
        ResourceWithVolumes r = assignment(node);
        if (r != null && Flags.diskless(r.flags())) {
            api().deleteResource(linstorName, r.nodeName());
        }
        return refresh();
    }

    /** Diskless on {@code node}: created that way, or toggled; no-op when already diskless. */
    public Resource diskless(String node) {
        return assign(node, true);
    }

    /** Diskful on {@code node} (in the placement's pool): created, or toggled; no-op when already diskful. */
    public Resource diskful(String node) {
        return assign(node, false);
    }

    private Resource assign(String node, boolean diskless) {
        define();
        ResourceWithVolumes r = assignment(node);
        if (r != null && Flags.diskless(r.flags()) == diskless) {
            return this;
        }
        if (r == null) {
            List<String> flags = diskless ? List.of(Flags.DRBD_DISKLESS) : null;
            String pool = diskless ? placement.disklessStoragePool() : placement.storagePool();
            Map<String, String> rprops = pool == null ? null : Map.of("StorPoolName", pool);
            api().createResources(linstorName, List.of(new ResourceCreate(new io.storagedrivers.linstor.api.dto.Resource(null, node, rprops, null, flags,
                    null, null, null, null), placement.layerList(), null, null, null, null, null, null)));
        } else {
            api().toggleDisk(linstorName, r.nodeName(), new ToggleDiskRequest(diskless ? "INTO_DRBD_DISKLESS"
                    : "INTO_DRBD_DISKFUL", diskless ? placement.disklessStoragePool() : placement.storagePool(),
                    null, null));
        }
        return refresh();
    }

    ResourceWithVolumes assignment(String node) {
        return assignments.values().stream().filter(r -> r.nodeName().equalsIgnoreCase(node)).findFirst().orElse(null);
    }

    public boolean isAssigned(String node) {
        return assignment(node) != null;
    }

    public boolean isDiskless(String node) {
        ResourceWithVolumes r = assignment(node);
        return r != null && Flags.diskless(r.flags());
    }

    /** An NVMe-oF initiator on {@code node} (no DRBD; the data is on the target node). */
    public boolean isNvmeInitiator(String node) {
        ResourceWithVolumes r = assignment(node);
        return r != null && r.flags() != null && r.flags().contains("NVME_INITIATOR");
    }

    public boolean isDiskful(String node) {
        ResourceWithVolumes r = assignment(node);
        return r != null && !Flags.diskless(r.flags());
    }

    public Set<String> disklessNodes() {
        return nodes(true);
    }

    public Set<String> diskfulNodes() {
        return nodes(false);
    }

    private Set<String> nodes(boolean diskless) {
        Set<String> out = new TreeSet<>();
        assignments.values().stream().filter(r -> Flags.diskless(r.flags()) == diskless).forEach(r -> out.add(r.nodeName()));
        return out;
    }

    /** Whether the resource is Primary (open) on some node, as the controller reports it. */
    public Set<String> inUseNodes() {
        Set<String> out = new TreeSet<>();
        assignments.values().stream().filter(r -> r.state() != null && Boolean.TRUE.equals(r.state().inUse()))
                .forEach(r -> out.add(r.nodeName()));
        return out;
    }

    /**
     * Device of volume {@code nr} on {@code node} (null when not assigned there). DRBD volumes get
     * the stable udev name {@code /dev/drbd/by-res/<resource>/<volume>} that LINSTOR's Cinder
     * driver prefers (as the satellite reports it in {@code Satellite/Device/Symlinks/0}, else the
     * name drbd-utils' udev rule gives it), which survives a minor number change; other layers
     * (storage only, NVMe-oF) the device LINSTOR reports.
     */
    public String devicePath(String node, int nr) {
        ResourceWithVolumes r = assignment(node);
        if (r == null || r.volumes() == null) {
            return null;
        }
        return r.volumes().stream().filter(v -> v.volumeNumber() != null && v.volumeNumber() == nr).findFirst()
                .map(v -> stablePath(v, nr)).orElse(null);
    }

    private String stablePath(io.storagedrivers.linstor.api.dto.Volume v, int nr) {
        String link = v.props() == null ? null : v.props().get("Satellite/Device/Symlinks/0");
        if (link != null && link.startsWith("/dev/")) {
            return link;
        }
        boolean drbd = (v.devicePath() != null && v.devicePath().startsWith("/dev/drbd"))
                || (v.layerDataList() != null && v.layerDataList().stream().anyMatch(l -> "DRBD".equals(l.type())));
        if (drbd) {
            return "/dev/drbd/by-res/" + linstorName + "/" + nr;
        }
        if (v.devicePath() != null && !v.devicePath().isEmpty()) {
            return v.devicePath();
        }
        return null;
    }

    /** Thin when the pool of volume 0 reports Provisioning=Thin. */
    public boolean isThin() {
        return assignments.values().stream().filter(r -> !Flags.diskless(r.flags()) && r.volumes() != null)
                .flatMap(r -> r.volumes().stream()).findFirst().map(v -> ls.client().storagePools(null,
                        List.of(v.storagePoolName())).stream().anyMatch(p -> p.staticTraits() != null
                        && "Thin".equalsIgnoreCase(p.staticTraits().get("Provisioning")))).orElse(false);
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

    /** Spawns {@code name} from {@code resourceGroup} with volumes of the given sizes (bytes). */
    public static Resource fromResourceGroup(Linstor ls, String resourceGroup, String name, List<Long> sizesBytes,
                                             boolean definitionsOnly) {
        return ResourceCopies.spawn(ls, resourceGroup, name, sizesBytes, definitionsOnly, null);
    }

    /**
     * {@link #fromResourceGroup} with the layer stack {@code layers} (e.g. {@code [NVME, STORAGE]})
     * instead of the group's; null = the group's.
     */
    public static Resource fromResourceGroup(Linstor ls, String resourceGroup, String name, List<Long> sizesBytes,
                                             boolean definitionsOnly, List<String> layers) {
        return ResourceCopies.spawn(ls, resourceGroup, name, sizesBytes, definitionsOnly, layers);
}
}
