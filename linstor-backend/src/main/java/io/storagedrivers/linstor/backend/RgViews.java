package io.storagedrivers.linstor.backend;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.storagedrivers.linstor.api.Flags;
import io.storagedrivers.linstor.api.LinstorClient;
import io.storagedrivers.linstor.api.dto.AutoSelectFilter;
import io.storagedrivers.linstor.api.dto.ResourceDefinition;
import io.storagedrivers.linstor.api.dto.ResourceGroup;
import io.storagedrivers.linstor.api.dto.ResourceWithVolumes;
import io.storagedrivers.linstor.api.dto.StoragePool;
import io.storagedrivers.linstor.api.dto.VolumeDefinition;
import io.storagedrivers.spi.PoolInfo;
import io.storagedrivers.spi.Sizes;
import io.storagedrivers.spi.VolumeInfo;
import io.storagedrivers.spi.VolumeRef;

/** Pool capacity and volume listings of resource groups, each in a fixed number of calls. */
final class RgViews {
    private RgViews() {
    }

    /**
     * Capacity of a resource group as the OpenNebula add-on computes it (linstor.md §11.5): the
     * group's pools (all diskful pools when it names none) summed per node, divided by the place
     * count, summed over nodes.
     */
    static PoolInfo capacity(ResourceGroup rg, List<StoragePool> pools) {
        AutoSelectFilter f = rg.selectFilter();
        int places = f == null || f.placeCount() == null || f.placeCount() < 1 ? 2 : f.placeCount();
        List<String> names = new ArrayList<>();
        if (f != null && f.storagePoolList() != null) {
            names.addAll(f.storagePoolList());
        }
        if (f != null && f.storagePool() != null) {
            names.add(f.storagePool());
        }
        Map<String, long[]> perNode = new HashMap<>();
        boolean thin = false;
        for (StoragePool p : pools) {
            if ("DISKLESS".equals(p.providerKind()) || p.totalCapacity() == null
                    || (!names.isEmpty() && names.stream().noneMatch(p.storagePoolName()::equalsIgnoreCase))) {
                continue;
            }
            thin |= p.providerKind() != null && p.providerKind().endsWith("_THIN");
            long[] sums = perNode.computeIfAbsent(p.nodeName(), n -> new long[2]);
            sums[0] += p.totalCapacity();
            sums[1] += p.freeCapacity() == null ? 0 : p.freeCapacity();
        }
        long total = 0;
        long free = 0;
        for (long[] sums : perNode.values()) {
            total += sums[0] / places;
            free += sums[1] / places;
        }
        return new PoolInfo(rg.name(), total * Sizes.KIB, free * Sizes.KIB, thin);
    }

    /** Volume 0's size, the nodes holding the resource, and LINSTOR facts as properties. */
    static VolumeInfo volume(String pool, ResourceDefinition rd, List<ResourceWithVolumes> resources) {
        long kib = 0;
        Integer minor = null;
        for (VolumeDefinition vd : rd.volumeDefinitions() == null ? List.<VolumeDefinition>of() : rd.volumeDefinitions()) {
            if (vd.volumeNumber() != null && vd.volumeNumber() == 0) {
                kib = vd.sizeKib();
                minor = vd.layerData() == null ? null : vd.layerData().stream()
                        .filter(l -> "DRBD".equals(l.type()) && l.data() != null && l.data().has("minor_number"))
                        .map(l -> l.data().get("minor_number").asInt()).findFirst().orElse(null);
            }
        }
        Set<String> nodes = new TreeSet<>();
        Set<String> diskful = new TreeSet<>();
        for (ResourceWithVolumes r : resources) {
            nodes.add(r.nodeName());
            if (!Flags.diskless(r.flags())) {
                diskful.add(r.nodeName());
            }
        }
        Map<String, String> props = new HashMap<>();
        props.put("linstor_name", rd.name());
        props.put("resource_group", String.valueOf(rd.resourceGroupName()));
        props.put("diskful_nodes", String.join(",", diskful));
        if (minor != null) {
            props.put("drbd_minor", String.valueOf(minor));
            props.put("device", "/dev/drbd/by-res/" + rd.name() + "/0");
        }
        return new VolumeInfo(new VolumeRef(pool, rd.name()), kib * Sizes.KIB, nodes, props);
    }

    static List<VolumeInfo> list(LinstorClient c, String pool) {
        List<ResourceDefinition> rds = c.api().resourceDefinitions(null, true).stream()
                .filter(d -> pool.equalsIgnoreCase(d.resourceGroupName())).toList();
        if (rds.isEmpty()) {
            return List.of();
        }
        Map<String, List<ResourceWithVolumes>> byRd = new HashMap<>();
        for (ResourceWithVolumes r : c.api().viewResources(rds.stream().map(ResourceDefinition::name).toList(), null)) {
            byRd.computeIfAbsent(r.name().toUpperCase(java.util.Locale.ROOT), k -> new ArrayList<>()).add(r);
        }
        return rds.stream().map(d -> volume(pool, d, byRd.getOrDefault(d.name().toUpperCase(java.util.Locale.ROOT),
                List.of()))).toList();
    }
}
