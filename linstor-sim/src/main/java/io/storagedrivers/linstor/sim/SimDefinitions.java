package io.storagedrivers.linstor.sim;

import static io.storagedrivers.linstor.api.RetCodes.MASK_CRT;
import static io.storagedrivers.linstor.api.RetCodes.MASK_DEL;
import static io.storagedrivers.linstor.api.RetCodes.MASK_MOD;
import static io.storagedrivers.linstor.api.RetCodes.MASK_RSC_DFN;
import static io.storagedrivers.linstor.api.RetCodes.MASK_VLM_DFN;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.storagedrivers.linstor.api.RetCodes;
import io.storagedrivers.linstor.api.dto.ApiCallRc;
import io.storagedrivers.linstor.api.dto.ResourceDefinitionCreate;
import io.storagedrivers.linstor.api.dto.ResourceDefinitionModify;
import io.storagedrivers.linstor.api.dto.ResourceDefinitionSyncStatus;
import io.storagedrivers.linstor.api.dto.VolumeDefinitionCreate;
import io.storagedrivers.linstor.api.dto.VolumeDefinitionModify;
import io.storagedrivers.linstor.sim.SimModel.SNode;
import io.storagedrivers.linstor.sim.SimModel.SPool;
import io.storagedrivers.linstor.sim.SimModel.SRd;
import io.storagedrivers.linstor.sim.SimModel.SRsc;
import io.storagedrivers.linstor.sim.SimModel.SVd;
import io.storagedrivers.linstor.sim.SimRouter.SimReply;

/** Resource definitions and volume definitions (minor allocation, resize rules, delete rules). */
final class SimDefinitions {
    private static final int FAIL_INVLD_MINOR_NR = 207;
    private final SimState s;

    SimDefinitions(SimState s) {
        this.s = s;
    }

    SimReply list(String[] p, SimRequest r) {
        List<String> names = r.queryList("resource_definitions");
        boolean vds = r.queryFlag("with_volume_definitions");
        return SimRequest.ok(s.m.resourceDefinitions.values().stream().filter(d -> SimNodes.matches(names, d.name))
                .map(d -> SimViews.rd(d, vds)).toList());
    }

    SimReply one(String[] p, SimRequest r) {
        return SimRequest.ok(SimViews.rd(s.rd(p[0], 0), r.queryFlag("with_volume_definitions")));
    }

    SimReply create(String[] p, SimRequest r) {
        ResourceDefinitionCreate req = r.body(ResourceDefinitionCreate.class);
        long bits = MASK_CRT | MASK_RSC_DFN;
        if (req.resourceDefinition() == null) {
            throw SimError.of(bits, RetCodes.FAIL_INVLD_RSC_NAME, "resource_definition is missing");
        }
        var rd = req.resourceDefinition();
        String rg = rd.resourceGroupName() == null ? "DfltRscGrp" : s.rg(rd.resourceGroupName(), bits).name;
        List<String> layers = rd.layerData() == null || rd.layerData().isEmpty() ? null
                : rd.layerData().stream().map(l -> l.type()).toList();
        List<ApiCallRc> out = new ArrayList<>();
        newDefinition(s, rd.name(), rd.externalName(), rg, rd.props(), layers, bits, out);
        return new SimReply(201, out);
    }

    /** Creates an RD (name generated from the external name when empty) and reports it in obj_refs. */
    static SRd newDefinition(SimState s, String name, String externalName, String rg, Map<String, String> props,
                             List<String> layers, long bits, List<ApiCallRc> out) {
        String effective = name;
        if (effective == null || effective.isEmpty()) {
            if (externalName == null || externalName.isEmpty()) {
                throw SimError.of(bits, RetCodes.FAIL_INVLD_RSC_NAME, "Resource definition name is missing");
            }
            effective = generatedName(s, externalName);
        }
        SimNames.check("resource", effective, bits, RetCodes.FAIL_INVLD_RSC_NAME);
        if (s.m.resourceDefinitions.containsKey(SimModel.key(effective))) {
            throw SimError.of(bits, RetCodes.FAIL_EXISTS_RSC_DFN, "Resource definition '" + effective
                    + "' already exists.");
        }
        if (externalName != null && s.m.resourceDefinitions.values().stream()
                .anyMatch(d -> externalName.equals(d.externalName))) {
            throw SimError.of(bits, RetCodes.FAIL_EXISTS_EXT_NAME, "External name '" + externalName
                    + "' already in use.");
        }
        SRd d = new SRd();
        d.name = effective;
        d.externalName = externalName == null || externalName.isEmpty() ? null : externalName;
        d.resourceGroup = rg;
        if (props != null) {
            d.props.putAll(props);
        }
        if (layers != null) {
            d.layerStack = new ArrayList<>(layers);
        }
        s.m.resourceDefinitions.put(SimModel.key(d.name), d);
        out.add(Rcs.ok(bits, RetCodes.CREATED, "New resource definition '" + d.name + "' created.",
                "Resource definition '" + d.name + "' UUID is: " + d.uuid, Map.of("RscDfn", d.name)));
        return d;
    }

    private static String generatedName(SimState s, String ext) {
        String cut = ext.length() > 48 ? ext.substring(0, 48) : ext;
        String candidate;
        try {
            candidate = "LS_" + UUID.fromString(cut).toString().toUpperCase();
        } catch (IllegalArgumentException notUuid) {
            candidate = SimNames.validName(cut, 2, 48) ? cut : cut.replaceAll("[^A-Za-z0-9_-]", "_");
        }
        if (!SimNames.validName(candidate, 2, 48) || s.m.resourceDefinitions.containsKey(SimModel.key(candidate))) {
            candidate = "LS_" + UUID.randomUUID().toString().toUpperCase();
        }
        return candidate;
    }

    /** Removes an RD created earlier in the same (failed) call. */
    static void drop(SimState s, SRd d) {
        d.resources.values().forEach(r -> s.release(d, r));
        s.m.resourceDefinitions.remove(SimModel.key(d.name));
    }

    SimReply modify(String[] p, SimRequest r) {
        ResourceDefinitionModify req = r.body(ResourceDefinitionModify.class);
        long bits = MASK_MOD | MASK_RSC_DFN;
        SRd d = s.rd(p[0], bits);
        if (req.resourceGroup() != null) {
            d.resourceGroup = s.rg(req.resourceGroup(), bits).name;
        }
        Props.apply(d.props, req.overrideProps(), req.deleteProps(), req.deleteNamespaces());
        return SimRequest.ok(List.of(Rcs.ok(bits, RetCodes.MODIFIED, "Resource definition '" + d.name + "' modified.",
                Map.of("RscDfn", d.name))));
    }

    SimReply delete(String[] p, SimRequest r) {
        long bits = MASK_DEL | MASK_RSC_DFN;
        SRd d = s.m.resourceDefinitions.get(SimModel.key(p[0]));
        if (d == null) {
            return SimRequest.ok(List.of(Rcs.warn(bits, RetCodes.WARN_NOT_FOUND, "Resource definition '" + p[0]
                    + "' not found.", Map.of("RscDfn", p[0]))));
        }
        if (!d.snapshots.isEmpty()) {
            throw SimError.of(bits, RetCodes.FAIL_EXISTS_SNAPSHOT_DFN, "Cannot delete resource definition '" + d.name
                    + "' because it has snapshots.", null, "Delete the snapshots first.");
        }
        for (SRsc rsc : d.resources.values()) {
            if (rsc.inUse) {
                throw SimError.of(bits, RetCodes.FAIL_IN_USE, "Resource '" + d.name + "' is still in use on node '"
                        + rsc.node + "'.", "Resource is mounted/in use.", "Un-mount resource '" + d.name
                        + "' on the node '" + rsc.node + "'.");
            }
        }
        List<ApiCallRc> out = new ArrayList<>();
        d.resources.values().stream().sorted((a, b) -> Boolean.compare(b.diskless(), a.diskless())).forEach(rsc ->
                out.add(Rcs.ok(MASK_DEL | RetCodes.MASK_RSC, RetCodes.DELETED, "Resource '" + d.name
                        + "' on node '" + rsc.node + "' deleted.", Map.of("RscDfn", d.name, "Node", rsc.node))));
        drop(s, d);
        out.add(Rcs.ok(bits, RetCodes.DELETED, "Resource definition '" + d.name + "' deleted.",
                Map.of("RscDfn", d.name)));
        return SimRequest.ok(out);
    }

    SimReply volumeDefinitions(String[] p, SimRequest r) {
        SRd d = s.rd(p[0], 0);
        return SimRequest.ok(d.volumes.values().stream().map(v -> SimViews.vd(d, v)).toList());
    }

    SimReply createVolumeDefinition(String[] p, SimRequest r) {
        VolumeDefinitionCreate req = r.body(VolumeDefinitionCreate.class);
        long bits = MASK_CRT | MASK_VLM_DFN;
        SRd d = s.rd(p[0], bits);
        if (req.volumeDefinition() == null || req.volumeDefinition().sizeKib() == null) {
            throw SimError.of(bits, RetCodes.FAIL_INVLD_VLM_SIZE, "Volume size is missing");
        }
        Integer nr = req.volumeDefinition().volumeNumber();
        int number = nr != null ? nr : (int) java.util.stream.IntStream.range(0, 65535)
                .filter(i -> !d.volumes.containsKey(i)).findFirst().orElse(0);
        List<ApiCallRc> out = new ArrayList<>();
        newVolume(s, d, number, req.volumeDefinition().sizeKib(), req.drbdMinorNumber(), bits, out);
        if (req.volumeDefinition().props() != null) {
            d.volumes.get(number).props.putAll(req.volumeDefinition().props());
        }
        return SimRequest.ok(out);
    }

    /** Adds VD {@code nr}; diskful resources already deployed in thick pools lose its size. */
    static SVd newVolume(SimState s, SRd d, int nr, long sizeKib, Integer minor, long bits, List<ApiCallRc> out) {
        if (sizeKib <= 0) {
            throw SimError.of(bits, RetCodes.FAIL_INVLD_VLM_SIZE, "Invalid volume size " + sizeKib + " KiB");
        }
        if (d.volumes.containsKey(nr)) {
            throw SimError.of(bits, RetCodes.FAIL_EXISTS_VLM_DFN, "Volume definition " + nr + " of '" + d.name
                    + "' already exists.");
        }
        if (minor != null && (s.minorInUse(minor) || minor < 1)) {
            throw SimError.of(bits, FAIL_INVLD_MINOR_NR, "Minor number " + minor + " is already in use.");
        }
        checkSpace(s, d, sizeKib, bits);
        SVd v = new SVd();
        v.number = nr;
        v.sizeKib = sizeKib;
        v.minor = minor != null ? minor : s.nextMinor(bits);
        d.volumes.put(nr, v);
        thickPools(s, d).forEach(pool -> pool.freeKib -= sizeKib);
        out.add(Rcs.ok(bits, RetCodes.CREATED, "New volume definition with number '" + nr + "' of resource definition '"
                + d.name + "' created.", Map.of("RscDfn", d.name, "VlmNr", String.valueOf(nr))));
        return v;
    }

    private static List<SPool> thickPools(SimState s, SRd d) {
        List<SPool> pools = new ArrayList<>();
        for (SRsc rsc : d.resources.values()) {
            if (rsc.pool != null) {
                SNode n = s.m.nodes.get(SimModel.key(rsc.node));
                SPool pool = n.pools.get(SimModel.key(rsc.pool));
                if (pool != null && !pool.thin()) {
                    pools.add(pool);
                }
            }
        }
        return pools;
    }

    private static void checkSpace(SimState s, SRd d, long deltaKib, long bits) {
        for (SPool pool : thickPools(s, d)) {
            if (pool.freeKib < deltaKib) {
                throw SimError.of(bits, RetCodes.FAIL_NOT_ENOUGH_FREE_SPACE, "Not enough free space in storage pool '"
                        + pool.name + "' for " + deltaKib + " KiB more.");
            }
        }
    }

    SimReply modifyVolumeDefinition(String[] p, SimRequest r) {
        VolumeDefinitionModify req = r.body(VolumeDefinitionModify.class);
        long bits = MASK_MOD | MASK_VLM_DFN;
        SRd d = s.rd(p[0], bits);
        SVd v = d.volumes.get(Integer.parseInt(p[1]));
        if (v == null) {
            throw SimError.of(bits, RetCodes.FAIL_NOT_FOUND_VLM_DFN, "Volume definition " + p[1] + " of '" + d.name
                    + "' not found.");
        }
        Props.apply(v.props, req.overrideProps(), req.deleteProps(), req.deleteNamespaces());
        Map<String, String> refs = Map.of("RscDfn", d.name, "VlmNr", p[1]);
        if (req.sizeKib() != null) {
            if (req.sizeKib() < v.sizeKib) {
                throw SimError.of(bits, RetCodes.FAIL_INVLD_VLM_SIZE, "Volume size can only be increased (current "
                        + v.sizeKib + " KiB, requested " + req.sizeKib() + " KiB).");
            }
            if (req.sizeKib() == v.sizeKib) {
                return SimRequest.ok(List.of(Rcs.warn(bits, RetCodes.WARN_VLMDFN_RESIZE_SAME_SIZE,
                        "New size equals the current size.", refs)));
            }
            long delta = req.sizeKib() - v.sizeKib;
            checkSpace(s, d, delta, bits);
            thickPools(s, d).forEach(pool -> pool.freeKib -= delta);
            v.sizeKib = req.sizeKib();
        }
        return SimRequest.ok(List.of(Rcs.ok(bits, RetCodes.MODIFIED, "Volume definition " + p[1] + " of '" + d.name
                + "' modified.", refs)));
    }

    SimReply deleteVolumeDefinition(String[] p, SimRequest r) {
        long bits = MASK_DEL | MASK_VLM_DFN;
        SRd d = s.rd(p[0], bits);
        SVd v = d.volumes.get(Integer.parseInt(p[1]));
        if (v == null) {
            return SimRequest.ok(List.of(Rcs.warn(bits, RetCodes.WARN_NOT_FOUND, "Volume definition not found.", null)));
        }
        thickPools(s, d).forEach(pool -> pool.freeKib += v.sizeKib);
        d.volumes.remove(v.number);
        return SimRequest.ok(List.of(Rcs.ok(bits, RetCodes.DELETED, "Volume definition " + v.number + " of '"
                + d.name + "' deleted.", Map.of("RscDfn", d.name, "VlmNr", p[1]))));
    }

    SimReply syncStatus(String[] p, SimRequest r) {
        s.rd(p[0], 0);
        return SimRequest.ok(new ResourceDefinitionSyncStatus(true));
    }
}
