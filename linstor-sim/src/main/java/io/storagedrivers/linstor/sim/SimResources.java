package io.storagedrivers.linstor.sim;

import static io.storagedrivers.linstor.api.RetCodes.MASK_CRT;
import static io.storagedrivers.linstor.api.RetCodes.MASK_DEL;
import static io.storagedrivers.linstor.api.RetCodes.MASK_MOD;
import static io.storagedrivers.linstor.api.RetCodes.MASK_RSC;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;

import io.storagedrivers.linstor.api.RetCodes;
import io.storagedrivers.linstor.api.dto.ApiCallRc;
import io.storagedrivers.linstor.api.dto.AutoPlaceRequest;
import io.storagedrivers.linstor.api.dto.ResourceCreate;
import io.storagedrivers.linstor.api.dto.ResourceMakeAvailable;
import io.storagedrivers.linstor.api.dto.ResourceModify;
import io.storagedrivers.linstor.api.dto.ResourceWithVolumes;
import io.storagedrivers.linstor.api.dto.ToggleDiskDiskful;
import io.storagedrivers.linstor.api.dto.ToggleDiskRequest;
import io.storagedrivers.linstor.sim.SimModel.SNode;
import io.storagedrivers.linstor.sim.SimModel.SPool;
import io.storagedrivers.linstor.sim.SimModel.SRd;
import io.storagedrivers.linstor.sim.SimModel.SRg;
import io.storagedrivers.linstor.sim.SimModel.SRsc;
import io.storagedrivers.linstor.sim.SimRouter.SimReply;

/** Resources: views, manual placement, delete rules, make-available, toggle-disk, autoplace. */
final class SimResources {
    private final SimState s;

    SimResources(SimState s) {
        this.s = s;
    }

    static List<ApiCallRc> created(SRd d, String node) {
        Map<String, String> refs = Map.of("RscDfn", d.name, "Node", node);
        return List.of(Rcs.ok(MASK_CRT | MASK_RSC, RetCodes.CREATED, "Created resource '" + d.name + "' on '" + node
                + "'", refs), Rcs.ok(MASK_CRT | MASK_RSC, RetCodes.CREATED, "Resource '" + d.name + "' on '" + node
                + "' ready", refs));
    }

    SimReply view(String[] p, SimRequest r) {
        List<String> rds = r.queryList("resources");
        List<String> nodes = r.queryList("nodes");
        List<ResourceWithVolumes> out = new ArrayList<>();
        for (SRd d : s.m.resourceDefinitions.values()) {
            if (SimNodes.matches(rds, d.name)) {
                d.resources.values().stream().filter(x -> SimNodes.matches(nodes, x.node))
                        .forEach(x -> out.add(SimViews.resource(s.m, d, x)));
            }
        }
        return SimRequest.ok(out);
    }

    SimReply list(String[] p, SimRequest r) {
        SRd d = s.rd(p[0], 0);
        return SimRequest.ok(d.resources.values().stream().map(x -> withoutVolumes(SimViews.resource(s.m, d, x))).toList());
    }

    SimReply one(String[] p, SimRequest r) {
        SRd d = s.rd(p[0], 0);
        return SimRequest.ok(withoutVolumes(SimViews.resource(s.m, d, rsc(d, p[1], 0))));
    }

    private static ResourceWithVolumes withoutVolumes(ResourceWithVolumes x) {
        return new ResourceWithVolumes(x.name(), x.nodeName(), x.props(), null, x.flags(), x.layerObject(), x.state(),
                x.uuid(), x.createTimestamp(), null, null);
    }

    private SRsc rsc(SRd d, String node, long bits) {
        SRsc x = d.resources.get(SimModel.key(node));
        if (x == null) {
            throw SimError.of(bits, RetCodes.FAIL_NOT_FOUND_RSC, "Resource '" + d.name + "' on node '" + node
                    + "' not found.");
        }
        return x;
    }

    SimReply create(String[] p, SimRequest r) {
        List<ResourceCreate> reqs = r.body(new TypeReference<List<ResourceCreate>>() { });
        return createAll(s.rd(p[0], MASK_CRT | MASK_RSC), reqs);
    }

    SimReply createOne(String[] p, SimRequest r) {
        ResourceCreate req = r.body(ResourceCreate.class);
        var rs = req.resource();
        var withNode = new ResourceCreate(new io.storagedrivers.linstor.api.dto.Resource(rs == null ? null : rs.name(),
                p[1], rs == null ? null : rs.props(), null, rs == null ? null : rs.flags(), null, null, null, null),
                req.layerList(), req.drbdNodeId(), req.drbdTcpPortCount(), req.drbdTcpPorts(), req.snapNames(),
                req.copyAllSnaps(), req.drbdClient());
        return createAll(s.rd(p[0], MASK_CRT | MASK_RSC), List.of(withNode));
    }

    private SimReply createAll(SRd d, List<ResourceCreate> reqs) {
        long bits = MASK_CRT | MASK_RSC;
        List<Runnable> apply = new ArrayList<>();
        List<ApiCallRc> out = new ArrayList<>();
        for (ResourceCreate req : reqs) {
            if (req.resource() == null || req.resource().nodeName() == null) {
                throw SimError.of(bits, RetCodes.FAIL_INVLD_NODE_NAME, "Resource node name is missing");
            }
            SNode n = s.node(req.resource().nodeName(), bits);
            List<String> flags = req.resource().flags() == null ? List.of() : req.resource().flags();
            boolean diskless = flags.contains("DISKLESS") || flags.contains("DRBD_DISKLESS")
                    || Boolean.TRUE.equals(req.drbdClient());
            SRsc existing = d.resources.get(SimModel.key(n.name));
            if (existing != null && (diskless || !existing.diskless())) {
                out.add(Rcs.info(bits, RetCodes.INFO_RSC_ALREADY_EXISTS, "Resource '" + d.name + "' already exists on '"
                        + n.name + "'", Map.of("RscDfn", d.name, "Node", n.name)));
                continue;
            }
            SPool pool = diskless ? null : resolvePool(d, n, req.resource().props(), bits);
            checkFree(d, pool, bits);
            apply.add(() -> {
                if (existing != null) {
                    s.setDisk(d, existing, pool);
                } else {
                    SRsc x = s.addResource(d, n, pool, req.layerList(), bits);
                    if (req.resource().props() != null) {
                        x.props.putAll(req.resource().props());
                    }
                }
            });
            out.addAll(created(d, n.name));
        }
        apply.forEach(Runnable::run);
        return new SimReply(201, out);
    }

    /** StorPoolName of resource > RD > RG > node, else a diskful peer's pool, else DfltStorPool. */
    SPool resolvePool(SRd d, SNode n, Map<String, String> rscProps, long bits) {
        SRg g = s.m.resourceGroups.get(SimModel.key(d.resourceGroup));
        String name = first(rscProps == null ? null : rscProps.get("StorPoolName"), d.props.get("StorPoolName"),
                g == null ? null : g.props.get("StorPoolName"), n.props.get("StorPoolName"),
                d.resources.values().stream().filter(x -> x.pool != null).map(x -> x.pool).findFirst().orElse(null),
                "DfltStorPool");
        SPool pool = n.pools.get(SimModel.key(name));
        if (pool == null || pool.diskless()) {
            throw SimError.of(bits, RetCodes.FAIL_NOT_FOUND_STOR_POOL, "Storage pool '" + name + "' not found on node '"
                    + n.name + "'.");
        }
        return pool;
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static void checkFree(SRd d, SPool pool, long bits) {
        if (pool != null && !pool.thin() && pool.freeKib < d.sizeKib()) {
            throw SimError.of(bits, RetCodes.FAIL_NOT_ENOUGH_FREE_SPACE, "Not enough free space in storage pool '"
                    + pool.name + "'.");
        }
    }

    SimReply modify(String[] p, SimRequest r) {
        ResourceModify req = r.body(ResourceModify.class);
        long bits = MASK_MOD | MASK_RSC;
        SRd d = s.rd(p[0], bits);
        SRsc x = rsc(d, p[1], bits);
        Props.apply(x.props, req.overrideProps(), req.deleteProps(), req.deleteNamespaces());
        return SimRequest.ok(List.of(Rcs.ok(bits, RetCodes.MODIFIED, "Resource '" + d.name + "' on '" + x.node
                + "' modified.", Map.of("RscDfn", d.name, "Node", x.node))));
    }

    SimReply delete(String[] p, SimRequest r) {
        long bits = MASK_DEL | MASK_RSC;
        SRd d = s.rd(p[0], bits);
        SRsc x = d.resources.get(SimModel.key(p[1]));
        Map<String, String> refs = Map.of("RscDfn", d.name, "Node", p[1]);
        if (x == null) {
            return SimRequest.ok(List.of(Rcs.warn(bits, RetCodes.WARN_NOT_FOUND, "Resource '" + d.name + "' on node '"
                    + p[1] + "' not found.", refs)));
        }
        if (x.inUse) {
            throw SimError.of(bits, RetCodes.FAIL_IN_USE, "Resource '" + d.name + "' on node '" + x.node
                    + "' is still in use.", "Resource is mounted/in use.", "Un-mount resource '" + d.name
                    + "' on the node '" + x.node + "'.");
        }
        boolean lastDiskful = !x.diskless() && d.resources.values().stream().filter(o -> !o.diskless()).count() == 1;
        if (lastDiskful && d.resources.values().stream().anyMatch(SRsc::diskless)) {
            throw SimError.of(bits, RetCodes.FAIL_IN_USE, "Cannot delete the last diskful resource '" + d.name
                    + "' on '" + x.node + "' while diskless resources exist.");
        }
        s.release(d, x);
        d.resources.remove(SimModel.key(x.node));
        return SimRequest.ok(List.of(Rcs.ok(bits, RetCodes.DELETED, "Resource '" + d.name + "' on node '" + x.node
                + "' deleted.", refs)));
    }

    SimReply makeAvailable(String[] p, SimRequest r) {
        ResourceMakeAvailable req = r.optionalBody(ResourceMakeAvailable.class);
        boolean diskful = req != null && Boolean.TRUE.equals(req.diskful());
        long bits = MASK_CRT | MASK_RSC;
        SRd d = s.rd(p[0], bits);
        SNode n = s.node(p[1], bits);
        SRsc x = d.resources.get(SimModel.key(n.name));
        Map<String, String> refs = Map.of("RscDfn", d.name, "Node", n.name);
        if (x != null && (!diskful || !x.diskless())) {
            x.flags.remove("INACTIVE");
            return SimRequest.ok(List.of(Rcs.ok(bits, 0, "Resource already deployed as requested", refs)));
        }
        // a node without data reads over the network: a DRBD client, or an NVMe-oF initiator of the
        // target (the diskful node) when the stack is nvme,storage; a storage-only stack has no network path
        boolean peerHasDisk = d.resources.values().stream().anyMatch(o -> !o.diskless()
                && (o.layers.contains("DRBD") || d.nvmeOnly() && o.layers.contains("NVME")));
        SPool pool = null;
        if (diskful || !peerHasDisk) {
            SRg g = s.m.resourceGroups.get(SimModel.key(d.resourceGroup));
            pool = new SimAutoplacer(s).bestPool(d, SimViews.filter(g == null ? null : g.selectFilter), n)
                    .orElseThrow(() -> SimError.of(bits, RetCodes.FAIL_NOT_FOUND_STOR_POOL, "Autoplacer could not find "
                            + "diskful stor pool on node " + n.name + " matching resource-groups autoplace-settings"));
        }
        if (x != null) {
            s.setDisk(d, x, pool);
        } else if (pool == null && d.nvmeOnly()) {
            s.addNvmeInitiator(d, n, bits);
        } else {
            s.addResource(d, n, pool, req == null ? null : req.layerList(), bits);
        }
        return SimRequest.ok(created(d, n.name));
    }

    SimReply toggleDisk(String[] p, SimRequest r) {
        ToggleDiskRequest req = r.body(ToggleDiskRequest.class);
        boolean toDiskful = "INTO_DRBD_DISKFUL".equals(req.operation());
        return toggle(p[0], p[1], toDiskful, req.storagePool());
    }

    SimReply toggleDiskDeprecated(String[] p, SimRequest r) {
        r.optionalBody(ToggleDiskDiskful.class);
        return toggle(p[0], p[1], "diskful".equals(p[2]), "diskful".equals(p[2]) && p.length > 3 ? p[3] : null);
    }

    private SimReply toggle(String rd, String node, boolean toDiskful, String poolName) {
        long bits = MASK_MOD | MASK_RSC;
        SRd d = s.rd(rd, bits);
        SRsc x = rsc(d, node, bits);
        SNode n = s.node(node, bits);
        Map<String, String> refs = Map.of("RscDfn", d.name, "Node", n.name);
        if (toDiskful == !x.diskless()) {
            return SimRequest.ok(List.of(Rcs.warn(bits, RetCodes.WARN_RSC_ALREADY_DEPLOYED, "Resource '" + d.name
                    + "' on '" + n.name + "' is already " + (toDiskful ? "diskful" : "diskless"), refs)));
        }
        SPool pool = null;
        if (toDiskful) {
            pool = poolName != null ? resolvePool(d, n, Map.of("StorPoolName", poolName), bits)
                    : resolvePool(d, n, null, bits);
            checkFree(d, pool, bits);
        } else if (x.inUse) {
            throw SimError.of(bits, RetCodes.FAIL_IN_USE, "Resource '" + d.name + "' on '" + n.name + "' is in use.");
        }
        s.setDisk(d, x, pool);
        return SimRequest.ok(List.of(Rcs.ok(bits, RetCodes.MODIFIED, "Resource '" + d.name + "' on '" + n.name
                + "' toggled to " + (toDiskful ? "diskful" : "diskless"), refs)));
    }

    SimReply activation(String[] p, SimRequest r) {
        long bits = MASK_MOD | MASK_RSC;
        SRd d = s.rd(p[0], bits);
        SRsc x = rsc(d, p[1], bits);
        x.flags.remove("INACTIVE");
        if ("deactivate".equals(p[2])) {
            x.flags.add("INACTIVE");
        }
        return SimRequest.ok(List.of(Rcs.ok(bits, RetCodes.MODIFIED, "Resource '" + d.name + "' on '" + x.node + "' "
                + p[2] + "d.", Map.of("RscDfn", d.name, "Node", x.node))));
    }

    SimReply autoplace(String[] p, SimRequest r) {
        AutoPlaceRequest req = r.body(AutoPlaceRequest.class);
        SRd d = s.rd(p[0], MASK_CRT | MASK_RSC);
        SRg g = s.m.resourceGroups.get(SimModel.key(d.resourceGroup));
        return new SimReply(201, new SimAutoplacer(s).place(d, SimGroups.merge(req.selectFilter(),
                g == null ? null : g.selectFilter), req.disklessOnRemaining(), req.layerList()));
    }
}
