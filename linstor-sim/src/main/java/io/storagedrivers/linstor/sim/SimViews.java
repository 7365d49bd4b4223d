package io.storagedrivers.linstor.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.storagedrivers.linstor.api.Json;
import io.storagedrivers.linstor.api.dto.AutoSelectFilter;
import io.storagedrivers.linstor.api.dto.DrbdResource;
import io.storagedrivers.linstor.api.dto.NetInterface;
import io.storagedrivers.linstor.api.dto.Node;
import io.storagedrivers.linstor.api.dto.ResourceDefinition;
import io.storagedrivers.linstor.api.dto.ResourceDefinitionLayer;
import io.storagedrivers.linstor.api.dto.ResourceGroup;
import io.storagedrivers.linstor.api.dto.ResourceLayer;
import io.storagedrivers.linstor.api.dto.ResourceState;
import io.storagedrivers.linstor.api.dto.ResourceWithVolumes;
import io.storagedrivers.linstor.api.dto.Snapshot;
import io.storagedrivers.linstor.api.dto.SnapshotNode;
import io.storagedrivers.linstor.api.dto.SnapshotVolumeDefinition;
import io.storagedrivers.linstor.api.dto.StoragePool;
import io.storagedrivers.linstor.api.dto.Volume;
import io.storagedrivers.linstor.api.dto.VolumeDefinition;
import io.storagedrivers.linstor.api.dto.VolumeDefinitionLayer;
import io.storagedrivers.linstor.api.dto.VolumeGroup;
import io.storagedrivers.linstor.api.dto.VolumeLayer;
import io.storagedrivers.linstor.api.dto.VolumeState;
import io.storagedrivers.linstor.sim.SimModel.SNode;
import io.storagedrivers.linstor.sim.SimModel.SPool;
import io.storagedrivers.linstor.sim.SimModel.SRd;
import io.storagedrivers.linstor.sim.SimModel.SRg;
import io.storagedrivers.linstor.sim.SimModel.SRsc;
import io.storagedrivers.linstor.sim.SimModel.SSnap;
import io.storagedrivers.linstor.sim.SimModel.SVd;

/** Renders the model as the controller's JSON objects (shapes from the OpenAPI spec, impl details per linstor.md). */
final class SimViews {
    static final int DEFAULT_PLACE_COUNT = 2;

    private SimViews() {
    }

    static JsonNode tree(Map<String, ?> m) {
        return Json.LENIENT.valueToTree(m);
    }

    static Node node(SNode n) {
        return new Node(n.name, n.type, null, n.props,
                List.of(new NetInterface("default", n.address, 3366, "PLAIN", true, n.uuid)),
                n.online ? "ONLINE" : "OFFLINE", n.uuid,
                List.of("DISKLESS", "LVM", "LVM_THIN", "ZFS", "ZFS_THIN", "FILE", "FILE_THIN"),
                List.of("DRBD", "STORAGE", "NVME"));
    }

    static StoragePool pool(SNode n, SPool p) {
        Map<String, String> traits = p.diskless() ? Map.of("SupportsSnapshots", "false")
                : Map.of("Provisioning", p.thin() ? "Thin" : "Fat", "SupportsSnapshots", String.valueOf(p.snapshots()));
        return new StoragePool(p.name, n.name, p.provider, p.props, traits, p.diskless() ? null : p.freeKib,
                p.diskless() ? null : p.totalKib, n.name + ":" + p.name, p.uuid, null, p.snapshots(), null, false);
    }

    /** Every RG has a place count (default 2), as GET shows it. */
    static AutoSelectFilter filter(AutoSelectFilter f) {
        if (f == null) {
            return new AutoSelectFilter(DEFAULT_PLACE_COUNT, null, null, null, null, null, null, null, null, null,
                    null, null, null, null, null, null, null);
        }
        return f.placeCount() != null ? f : new AutoSelectFilter(DEFAULT_PLACE_COUNT, f.additionalPlaceCount(),
                f.nodeNameList(), f.storagePool(), f.storagePoolList(), f.storagePoolDisklessList(), f.notPlaceWithRsc(),
                f.notPlaceWithRscRegex(), f.replicasOnSame(), f.replicasOnDifferent(), f.xReplicasOnDifferentMap(),
                f.layerStack(), f.providerList(), f.disklessOnRemaining(), f.disklessType(), f.overprovision(),
                f.portCount());
    }

    static ResourceGroup rg(SRg g) {
        return new ResourceGroup(g.name, g.description, g.props, filter(g.selectFilter), g.uuid, null);
    }

    static VolumeGroup vg(int nr, Map<String, String> props, SRg g) {
        return new VolumeGroup(nr, props, g.uuid + "-" + nr, null);
    }

    static ResourceDefinition rd(SRd d, boolean withVolumes) {
        List<ResourceDefinitionLayer> layers = new ArrayList<>();
        for (String l : d.layerStack) {
            layers.add(new ResourceDefinitionLayer(l, "DRBD".equals(l) ? tree(Map.of("peer_slots", 7, "al_stripes", 1,
                    "al_stripe_size_kib", 32, "port", -1, "transport_type", "IP", "secret", d.secret, "down", false))
                    : null));
        }
        return new ResourceDefinition(d.name, d.externalName, d.props, d.flags, layers, d.uuid, d.resourceGroup,
                withVolumes ? d.volumes.values().stream().map(v -> vd(d, v)).toList() : null);
    }

    static VolumeDefinition vd(SRd d, SVd v) {
        List<VolumeDefinitionLayer> layers = new ArrayList<>();
        if (d.usesDrbd()) {
            layers.add(new VolumeDefinitionLayer("DRBD", tree(Map.of("volume_number", v.number, "minor_number", v.minor))));
        }
        layers.add(new VolumeDefinitionLayer("STORAGE", null));
        return new VolumeDefinition(v.number, v.sizeKib, v.props, null, layers, v.uuid);
    }

    static ResourceWithVolumes resource(SimModel m, SRd d, SRsc r) {
        SNode n = m.nodes.get(SimModel.key(r.node));
        boolean drbd = r.layers.contains("DRBD");
        boolean nvme = r.layers.contains("NVME");
        ResourceLayer storage = r.nvmeInitiator() ? null
                : new ResourceLayer(null, "", "STORAGE", null, null, tree(Map.of()), null, null, null, null);
        ResourceLayer below = storage;
        if (nvme) {
            List<Map<String, Object>> nv = d.volumes.values().stream().map(v -> nvmeVolume(d, r, v, n.online)).toList();
            below = new ResourceLayer(storage == null ? List.of() : List.of(storage), "", "NVME", null, null, null,
                    tree(Map.of("nvme_volumes", nv)), null, null, null);
        }
        ResourceLayer top = drbd ? new ResourceLayer(List.of(below), "", "DRBD",
                new DrbdResource(null, r.nodeId, List.of(r.port), 7, 1, 32L, null, null, null, null, null),
                null, null, null, null, null, null) : below;
        SPool pool = r.pool == null ? null : n.pools.get(SimModel.key(r.pool));
        String provider = pool == null ? "DISKLESS" : pool.provider;
        List<Volume> vols = d.volumes.values().stream().map(v -> volume(d, r, v, n.online, drbd, provider)).toList();
        return new ResourceWithVolumes(d.name, n.name, r.props, null, r.flags, top,
                n.online ? new ResourceState(r.inUse) : null, r.uuid, r.created, vols, null);
    }

    /** The storage device of a diskful resource's volume (null when diskless). */
    private static String backing(SRd d, SRsc r, SVd v) {
        return r.pool == null ? null : "/dev/vg_" + r.pool.toLowerCase() + "/" + d.name + "_" + String.format("%05d", v.number);
    }

    /**
     * The NVMe-oF device: on an initiator the namespace the kernel made for the target's volume
     * ({@code /dev/nvme<ctrl>n<ns>}); on the target its backing device, which it exports.
     */
    private static String nvmeDevice(SRd d, SRsc r, SVd v) {
        return r.nvmeInitiator() ? "/dev/nvme" + (v.minor - SimState.MINOR_MIN) + "n" + (v.number + 1) : backing(d, r, v);
    }

    private static Map<String, Object> nvmeVolume(SRd d, SRsc r, SVd v, boolean online) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("volume_number", v.number);
        m.put("device_path", nvmeDevice(d, r, v));
        if (!r.nvmeInitiator() && backing(d, r, v) != null) {
            m.put("backing_device", backing(d, r, v));
        }
        m.put("allocated_size_kib", r.diskless() ? 0 : v.sizeKib);
        m.put("usable_size_kib", v.sizeKib);
        m.put("disk_state", !online ? "DUnknown" : (r.nvmeInitiator() ? "Diskless" : "UpToDate"));
        return m;
    }

    private static Volume volume(SRd d, SRsc r, SVd v, boolean online, boolean drbd, String provider) {
        String backing = backing(d, r, v);
        String dev = drbd ? "/dev/drbd" + v.minor : (r.layers.contains("NVME") ? nvmeDevice(d, r, v) : backing);
        String disk = !online ? "DUnknown" : (r.diskless() ? "Diskless" : "UpToDate");
        long alloc = r.diskless() ? 0 : v.sizeKib;
        List<VolumeLayer> layers = new ArrayList<>();
        if (drbd) {
            Map<String, Object> dv = new LinkedHashMap<>();
            dv.put("drbd_volume_definition", Map.of("volume_number", v.number, "minor_number", v.minor));
            dv.put("device_path", dev);
            if (backing != null) {
                dv.put("backing_device", backing);
            }
            dv.put("meta_disk", "internal");
            dv.put("allocated_size_kib", alloc);
            dv.put("usable_size_kib", v.sizeKib);
            dv.put("disk_state", disk);
            layers.add(new VolumeLayer("DRBD", tree(dv)));
        }
        if (r.layers.contains("NVME")) {
            layers.add(new VolumeLayer("NVME", tree(nvmeVolume(d, r, v, online))));
        }
        if (backing != null) {
            layers.add(new VolumeLayer("STORAGE", tree(Map.of("volume_number", v.number, "device_path", backing,
                    "allocated_size_kib", alloc, "usable_size_kib", v.sizeKib, "disk_state", "[]"))));
        }
        Map<String, String> props = drbd ? Map.of("Satellite/Device/Symlinks/0",
                "/dev/drbd/by-res/" + d.name + "/" + v.number) : Map.of();
        return new Volume(v.number, r.pool == null ? "DfltDisklessStorPool" : r.pool, provider, dev, alloc, v.sizeKib, props, null, new VolumeState(disk, null), layers, v.uuid, null);
    }

    static Snapshot snapshot(SRd d, SSnap s) {
        List<SnapshotVolumeDefinition> vds = s.volumeSizes.entrySet().stream()
                .map(e -> new SnapshotVolumeDefinition(e.getKey(), e.getValue(), null, null)).toList();
        List<SnapshotNode> nodes = s.nodes.stream().map(n -> new SnapshotNode(s.name, n, s.created,
                List.of("SUCCESSFUL"), s.uuid + "-" + n, null, null, null)).toList();
        return new Snapshot(s.name, d.name, s.nodes, null, null, s.rdProps, List.of("SUCCESSFUL"), vds, s.uuid, nodes);
    }
}
