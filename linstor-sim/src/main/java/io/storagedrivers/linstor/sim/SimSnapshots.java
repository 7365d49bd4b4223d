package io.storagedrivers.linstor.sim;

import static io.storagedrivers.linstor.api.RetCodes.MASK_CRT;
import static io.storagedrivers.linstor.api.RetCodes.MASK_DEL;
import static io.storagedrivers.linstor.api.RetCodes.MASK_MOD;
import static io.storagedrivers.linstor.api.RetCodes.MASK_RSC;
import static io.storagedrivers.linstor.api.RetCodes.MASK_RSC_DFN;
import static io.storagedrivers.linstor.api.RetCodes.MASK_SNAPSHOT;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.storagedrivers.linstor.api.RetCodes;
import io.storagedrivers.linstor.api.dto.ApiCallRc;
import io.storagedrivers.linstor.api.dto.ResourceDefinitionCloneRequest;
import io.storagedrivers.linstor.api.dto.ResourceDefinitionCloneStarted;
import io.storagedrivers.linstor.api.dto.ResourceDefinitionCloneStatus;
import io.storagedrivers.linstor.api.dto.CreateMultiSnapshotRequest;
import io.storagedrivers.linstor.api.dto.Snapshot;
import io.storagedrivers.linstor.api.dto.SnapshotRestore;
import io.storagedrivers.linstor.api.dto.SnapshotRollback;
import io.storagedrivers.linstor.sim.SimModel.SNode;
import io.storagedrivers.linstor.sim.SimModel.SPool;
import io.storagedrivers.linstor.sim.SimModel.SRd;
import io.storagedrivers.linstor.sim.SimModel.SRsc;
import io.storagedrivers.linstor.sim.SimModel.SSnap;
import io.storagedrivers.linstor.sim.SimRouter.SimReply;

/** Snapshots (diskful, snapshot-capable pools only), restore, rollback, server-side clone with status. */
final class SimSnapshots {
    private final SimState s;

    SimSnapshots(SimState s) {
        this.s = s;
    }

    SimReply list(String[] p, SimRequest r) {
        SRd d = s.rd(p[0], 0);
        return SimRequest.ok(d.snapshots.values().stream().map(x -> SimViews.snapshot(d, x)).toList());
    }

    SimReply one(String[] p, SimRequest r) {
        SRd d = s.rd(p[0], 0);
        return SimRequest.ok(SimViews.snapshot(d, snap(d, p[1], 0)));
    }

    SimReply view(String[] p, SimRequest r) {
        List<String> rds = r.queryList("resources");
        List<Snapshot> out = new ArrayList<>();
        s.m.resourceDefinitions.values().stream().filter(d -> SimNodes.matches(rds, d.name))
                .forEach(d -> d.snapshots.values().forEach(x -> out.add(SimViews.snapshot(d, x))));
        return SimRequest.ok(out);
    }

    private static SSnap snap(SRd d, String name, long bits) {
        SSnap x = d.snapshots.get(SimModel.key(name));
        if (x == null) {
            throw SimError.of(bits, RetCodes.FAIL_NOT_FOUND_SNAPSHOT_DFN, "Snapshot '" + name + "' of resource '"
                    + d.name + "' not found.");
        }
        return x;
    }

    SimReply create(String[] p, SimRequest r) {
        Snapshot req = r.body(Snapshot.class);
        long bits = MASK_CRT | MASK_SNAPSHOT;
        SRd d = s.rd(p[0], bits);
        List<ApiCallRc> out = new ArrayList<>();
        SSnap snap = take(d, req.name(), req.nodes(), bits, out);
        register(d, snap, bits, out);
        return new SimReply(201, out);
    }

    /**
     * POST /v1/actions/snapshot/multi: every snapshot is checked first and then all are taken with
     * IO suspended on every resource together (all or nothing), as LINSTOR does for a crash-consistent
     * group.
     */
    SimReply createMulti(String[] p, SimRequest r) {
        CreateMultiSnapshotRequest req = r.body(CreateMultiSnapshotRequest.class);
        long bits = MASK_CRT | MASK_SNAPSHOT;
        if (req.snapshots() == null || req.snapshots().isEmpty()) {
            throw SimError.of(bits, RetCodes.FAIL_INVLD_SNAPSHOT_NAME, "No snapshots given.");
        }
        List<ApiCallRc> out = new ArrayList<>();
        List<SRd> rds = new ArrayList<>();
        List<SSnap> snaps = new ArrayList<>();
        for (Snapshot one : req.snapshots()) {
            SRd d = s.rd(one.resourceName() == null ? "" : one.resourceName(), bits);
            if (rds.contains(d)) {
                throw SimError.of(bits, RetCodes.FAIL_EXISTS_SNAPSHOT_DFN, "Resource '" + d.name + "' is named twice.");
            }
            rds.add(d);
            snaps.add(take(d, one.name(), one.nodes(), bits, out));
        }
        for (int i = 0; i < rds.size(); i++) {
            register(rds.get(i), snaps.get(i), bits, out);
        }
        return new SimReply(201, out);
    }

    /** Checks and prepares a snapshot of {@code d} (nothing registered yet); warnings go to {@code out}. */
    private SSnap take(SRd d, String name, List<String> nodes, long bits, List<ApiCallRc> out) {
        SimNames.check("snapshot", name, bits, RetCodes.FAIL_INVLD_SNAPSHOT_NAME);
        if (d.snapshots.containsKey(SimModel.key(name))) {
            throw SimError.of(bits, RetCodes.FAIL_EXISTS_SNAPSHOT_DFN, "Snapshot '" + name + "' of resource '"
                    + d.name + "' already exists.");
        }
        List<SRsc> targets = new ArrayList<>();
        if (nodes != null && !nodes.isEmpty()) {
            for (String n : nodes) {
                SRsc x = d.resources.get(SimModel.key(n));
                if (x == null || x.diskless()) {
                    throw SimError.of(bits, RetCodes.FAIL_SNAPSHOTS_NOT_SUPPORTED, "Snapshots are not supported on the "
                            + "diskless or missing resource on node '" + n + "'.");
                }
                targets.add(x);
            }
        } else {
            d.resources.values().stream().filter(x -> !x.diskless()).forEach(targets::add);
        }
        if (targets.isEmpty()) {
            throw SimError.of(bits, RetCodes.FAIL_NOT_FOUND_RSC, "Resource '" + d.name + "' has no diskful resource.");
        }
        SSnap snap = new SSnap();
        for (SRsc x : targets) {
            SNode n = s.m.nodes.get(SimModel.key(x.node));
            SPool pool = n.pools.get(SimModel.key(x.pool));
            if (!pool.snapshots()) {
                throw SimError.of(bits, RetCodes.FAIL_SNAPSHOTS_NOT_SUPPORTED, "Storage pool '" + pool.name
                        + "' (" + pool.provider + ") on node '" + n.name + "' does not support snapshots.");
            }
            if (n.online) {
                snap.nodes.add(n.name);
            } else {
                out.add(Rcs.warn(bits, RetCodes.WARN_NOT_CONNECTED, "No active connection to satellite '" + n.name
                        + "', snapshot skipped there", Map.of("Node", n.name)));
            }
        }
        if (snap.nodes.isEmpty()) {
            throw SimError.of(bits, RetCodes.FAIL_NOT_CONNECTED, "No satellite holding '" + d.name + "' is connected.");
        }
        snap.name = name;
        return snap;
    }

    private void register(SRd d, SSnap snap, long bits, List<ApiCallRc> out) {
        d.volumes.values().forEach(v -> snap.volumeSizes.put(v.number, v.sizeKib));
        snap.rdProps.putAll(d.props);
        snap.data = d.data;
        d.snapshots.put(SimModel.key(snap.name), snap);
        out.add(Rcs.ok(bits, RetCodes.CREATED, "New snapshot '" + snap.name + "' of resource '" + d.name
                + "' registered.", Map.of("RscDfn", d.name, "Snapshot", snap.name)));
        out.add(Rcs.ok(bits, RetCodes.CREATED, "Suspended IO of '" + d.name + "' on " + snap.nodes
                + " for snapshot; snapshot '" + snap.name + "' of '" + d.name + "' successfully taken.",
                Map.of("RscDfn", d.name, "Snapshot", snap.name)));
    }

    SimReply delete(String[] p, SimRequest r) {
        long bits = MASK_DEL | MASK_SNAPSHOT;
        SRd d = s.rd(p[0], bits);
        SSnap x = d.snapshots.remove(SimModel.key(p[1]));
        Map<String, String> refs = Map.of("RscDfn", d.name, "Snapshot", p[1]);
        if (x == null) {
            return SimRequest.ok(List.of(Rcs.warn(bits, RetCodes.WARN_NOT_FOUND, "Snapshot '" + p[1] + "' of resource '"
                    + d.name + "' not found.", refs)));
        }
        return SimRequest.ok(List.of(Rcs.ok(bits, RetCodes.DELETED, "Snapshot '" + x.name + "' of resource '" + d.name
                + "' deleted.", refs)));
    }

    SimReply restoreVolumeDefinitions(String[] p, SimRequest r) {
        SnapshotRestore req = r.body(SnapshotRestore.class);
        long bits = MASK_CRT | RetCodes.MASK_VLM_DFN;
        SRd src = s.rd(p[0], bits);
        SSnap snap = snap(src, p[1], bits);
        SRd target = s.rd(req.toResource(), bits);
        if (!target.volumes.isEmpty()) {
            throw SimError.of(bits, RetCodes.FAIL_EXISTS_VLM_DFN, "Resource definition '" + target.name
                    + "' already has volume definitions.");
        }
        List<ApiCallRc> out = new ArrayList<>();
        snap.volumeSizes.forEach((nr, size) -> SimDefinitions.newVolume(s, target, nr, size, null, bits, out));
        return SimRequest.ok(out);
    }

    SimReply restoreResources(String[] p, SimRequest r) {
        SnapshotRestore req = r.body(SnapshotRestore.class);
        long bits = MASK_CRT | MASK_RSC;
        SRd src = s.rd(p[0], bits);
        SSnap snap = snap(src, p[1], bits);
        SRd target = s.rd(req.toResource(), bits);
        if (!target.resources.isEmpty()) {
            throw SimError.of(bits, RetCodes.FAIL_EXISTS_RSC, "Resource definition '" + target.name
                    + "' already has resources.");
        }
        if (target.volumes.isEmpty()) {
            return SimRequest.ok(List.of(Rcs.warn(bits, 0, "No volumes to restore.", Map.of("RscDfn", target.name))));
        }
        List<String> nodes = req.nodes() != null && !req.nodes().isEmpty() ? req.nodes() : snap.nodes;
        List<ApiCallRc> out = new ArrayList<>();
        for (String node : nodes) {
            SNode n = s.node(node, bits);
            SRsc srcRsc = src.resources.get(SimModel.key(n.name));
            String poolName = srcRsc != null && srcRsc.pool != null ? srcRsc.pool : "DfltStorPool";
            String renamed = req.storPoolRename() == null ? null : req.storPoolRename().get(poolName);
            SPool pool = n.pools.get(SimModel.key(renamed != null ? renamed : poolName));
            if (pool == null) {
                throw SimError.of(bits, RetCodes.FAIL_NOT_FOUND_STOR_POOL, "Storage pool '" + poolName
                        + "' not found on node '" + n.name + "'.");
            }
            s.addResource(target, n, pool, null, bits);
            out.addAll(SimResources.created(target, n.name));
        }
        snap.rdProps.forEach(target.props::putIfAbsent);
        target.data = snap.data;
        return SimRequest.ok(out);
    }

    SimReply rollback(String[] p, SimRequest r) {
        r.optionalBody(SnapshotRollback.class);
        long bits = MASK_MOD | MASK_RSC_DFN;
        SRd d = s.rd(p[0], bits);
        SSnap snap = snap(d, p[1], bits);
        for (SRsc x : d.resources.values()) {
            if (x.inUse) {
                throw SimError.of(bits, RetCodes.FAIL_IN_USE, "Resource '" + d.name + "' is in use on node '" + x.node
                        + "', cannot roll back.", null, "Stop using the resource first.");
            }
        }
        for (String n : snap.nodes) {
            if (!s.node(n, bits).online) {
                throw SimError.of(bits, RetCodes.FAIL_NOT_CONNECTED, "Satellite '" + n + "' is not connected.");
            }
        }
        d.data = snap.data;
        return SimRequest.ok(List.of(Rcs.ok(bits, RetCodes.MODIFIED, "Resource '" + d.name + "' rolled back to snapshot '"
                + snap.name + "'.", Map.of("RscDfn", d.name, "Snapshot", snap.name))));
    }

    SimReply clone(String[] p, SimRequest r) {
        ResourceDefinitionCloneRequest req = r.body(ResourceDefinitionCloneRequest.class);
        String cloneName = req.name() == null ? "" : req.name();
        try {
            return new SimReply(201, new ResourceDefinitionCloneStarted("/v1/resource-definitions/" + p[0] + "/clone/"
                    + cloneName, p[0], cloneName, new SimCloner(s).cloneDefinition(p[0], req)));
        } catch (SimError e) {
            return new SimReply(e.status, new ResourceDefinitionCloneStarted("/v1/resource-definitions/" + p[0]
                    + "/clone/" + cloneName, p[0], cloneName, e.rcs));
        }
    }

    SimReply cloneStatus(String[] p, SimRequest r) {
        SRd src = s.rd(p[0], 0);
        SRd clone = s.m.resourceDefinitions.get(SimModel.key(p[1]));
        if (clone == null || !src.name.equalsIgnoreCase(clone.props.get("cloned-from"))) {
            throw SimError.of(0, RetCodes.FAIL_NOT_FOUND_RSC_DFN, "Clone '" + p[1] + "' of '" + p[0] + "' not found.");
        }
        boolean offline = clone.resources.values().stream().anyMatch(x -> !s.m.nodes.get(SimModel.key(x.node)).online);
        if (clone.clonePollsLeft < 0 || offline) {
            clone.flags.remove("CLONING");
            if (!clone.flags.contains("FAILED")) {
                clone.flags.add("FAILED");
            }
            return SimRequest.ok(new ResourceDefinitionCloneStatus("FAILED"));
        }
        if (clone.clonePollsLeft > 0) {
            clone.clonePollsLeft--;
            return SimRequest.ok(new ResourceDefinitionCloneStatus("CLONING"));
        }
        clone.flags.remove("CLONING");
        return SimRequest.ok(new ResourceDefinitionCloneStatus("COMPLETE"));
    }
}
