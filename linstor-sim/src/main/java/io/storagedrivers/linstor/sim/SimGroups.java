package io.storagedrivers.linstor.sim;

import static io.storagedrivers.linstor.api.RetCodes.MASK_CRT;
import static io.storagedrivers.linstor.api.RetCodes.MASK_DEL;
import static io.storagedrivers.linstor.api.RetCodes.MASK_MOD;
import static io.storagedrivers.linstor.api.RetCodes.MASK_RSC_DFN;
import static io.storagedrivers.linstor.api.RetCodes.MASK_RSC_GRP;
import static io.storagedrivers.linstor.api.RetCodes.MASK_VLM_GRP;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.storagedrivers.linstor.api.RetCodes;
import io.storagedrivers.linstor.api.dto.ApiCallRc;
import io.storagedrivers.linstor.api.dto.AutoSelectFilter;
import io.storagedrivers.linstor.api.dto.ResourceGroup;
import io.storagedrivers.linstor.api.dto.ResourceGroupModify;
import io.storagedrivers.linstor.api.dto.ResourceGroupSpawn;
import io.storagedrivers.linstor.api.dto.VolumeGroup;
import io.storagedrivers.linstor.sim.SimModel.SRd;
import io.storagedrivers.linstor.sim.SimModel.SRg;
import io.storagedrivers.linstor.sim.SimRouter.SimReply;

/** Resource groups, volume groups and spawn (atomic: a failed placement leaves no RD behind). */
final class SimGroups {
    private final SimState s;

    SimGroups(SimState s) {
        this.s = s;
    }

    SimReply list(String[] p, SimRequest r) {
        List<String> names = r.queryList("resource_groups");
        return SimRequest.ok(s.m.resourceGroups.values().stream().filter(g -> SimNodes.matches(names, g.name))
                .map(SimViews::rg).toList());
    }

    SimReply one(String[] p, SimRequest r) {
        return SimRequest.ok(SimViews.rg(s.rg(p[0], 0)));
    }

    SimReply create(String[] p, SimRequest r) {
        ResourceGroup req = r.body(ResourceGroup.class);
        long bits = MASK_CRT | MASK_RSC_GRP;
        SimNames.check("resource group", req.name(), bits, RetCodes.FAIL_INVLD_RSC_GRP_NAME);
        if (s.m.resourceGroups.containsKey(SimModel.key(req.name()))) {
            throw SimError.of(bits, RetCodes.FAIL_EXISTS_RSC_GRP, "Resource group '" + req.name() + "' already exists.");
        }
        SRg g = new SRg();
        g.name = req.name();
        g.description = req.description() == null ? "" : req.description();
        if (req.props() != null) {
            g.props.putAll(req.props());
        }
        g.selectFilter = SimViews.filter(req.selectFilter());
        s.m.resourceGroups.put(SimModel.key(g.name), g);
        return new SimReply(201, List.of(Rcs.ok(bits, RetCodes.CREATED, "New resource group '" + g.name + "' created.",
                Map.of("RscGrp", g.name))));
    }

    SimReply modify(String[] p, SimRequest r) {
        ResourceGroupModify req = r.body(ResourceGroupModify.class);
        long bits = MASK_MOD | MASK_RSC_GRP;
        SRg g = s.rg(p[0], bits);
        if (req.description() != null) {
            g.description = req.description();
        }
        Props.apply(g.props, req.overrideProps(), req.deleteProps(), req.deleteNamespaces());
        if (req.selectFilter() != null) {
            g.selectFilter = merge(req.selectFilter(), g.selectFilter);
        }
        return SimRequest.ok(List.of(Rcs.ok(bits, RetCodes.MODIFIED, "Resource group '" + g.name + "' modified.",
                Map.of("RscGrp", g.name))));
    }

    SimReply delete(String[] p, SimRequest r) {
        long bits = MASK_DEL | MASK_RSC_GRP;
        SRg g = s.m.resourceGroups.get(SimModel.key(p[0]));
        if (g == null) {
            return SimRequest.ok(List.of(Rcs.warn(bits, RetCodes.WARN_NOT_FOUND,
                    "Resource group '" + p[0] + "' not found.", Map.of("RscGrp", p[0]))));
        }
        if (s.m.resourceDefinitions.values().stream().anyMatch(d -> d.resourceGroup.equalsIgnoreCase(g.name))) {
            throw SimError.of(bits, RetCodes.FAIL_EXISTS_RSC_DFN, "Cannot delete resource group '" + g.name
                    + "' because it has existing resource definitions.");
        }
        s.m.resourceGroups.remove(SimModel.key(g.name));
        return SimRequest.ok(List.of(Rcs.ok(bits, RetCodes.DELETED, "Resource group '" + g.name + "' deleted.",
                Map.of("RscGrp", g.name))));
    }

    SimReply volumeGroups(String[] p, SimRequest r) {
        SRg g = s.rg(p[0], 0);
        return SimRequest.ok(g.volumeGroups.entrySet().stream().map(e -> SimViews.vg(e.getKey(), e.getValue(), g))
                .toList());
    }

    SimReply createVolumeGroup(String[] p, SimRequest r) {
        VolumeGroup req = r.body(VolumeGroup.class);
        long bits = MASK_CRT | MASK_VLM_GRP;
        SRg g = s.rg(p[0], bits);
        int nr = req.volumeNumber() != null ? req.volumeNumber()
                : (int) java.util.stream.IntStream.range(0, 65535).filter(i -> !g.volumeGroups.containsKey(i))
                        .findFirst().orElse(0);
        if (g.volumeGroups.containsKey(nr)) {
            throw SimError.of(bits, RetCodes.FAIL_EXISTS_VLM_GRP, "Volume group " + nr + " of '" + g.name
                    + "' already exists.");
        }
        g.volumeGroups.put(nr, req.props() == null ? new TreeMap<>() : new TreeMap<>(req.props()));
        return new SimReply(201, List.of(Rcs.ok(bits, RetCodes.CREATED, "New volume group " + nr + " of '" + g.name
                + "' created.", Map.of("RscGrp", g.name, "VlmNr", String.valueOf(nr)))));
    }

    SimReply deleteVolumeGroup(String[] p, SimRequest r) {
        long bits = MASK_DEL | MASK_VLM_GRP;
        SRg g = s.rg(p[0], bits);
        if (g.volumeGroups.remove(Integer.parseInt(p[1])) == null) {
            return SimRequest.ok(List.of(Rcs.warn(bits, RetCodes.WARN_NOT_FOUND, "Volume group not found.", null)));
        }
        return SimRequest.ok(List.of(Rcs.ok(bits, RetCodes.DELETED, "Volume group deleted.", null)));
    }

    SimReply spawn(String[] p, SimRequest r) {
        ResourceGroupSpawn req = r.body(ResourceGroupSpawn.class);
        long bits = MASK_CRT | MASK_RSC_DFN;
        SRg g = s.rg(p[0], bits);
        List<Long> sizes = req.volumeSizes() == null ? List.of() : req.volumeSizes();
        boolean partial = Boolean.TRUE.equals(req.partial()) || g.volumeGroups.isEmpty();
        if (!partial && sizes.size() != g.volumeGroups.size()) {
            throw SimError.of(bits, RetCodes.FAIL_INVLD_VLM_SIZE, "The resource group has " + g.volumeGroups.size()
                    + " volume groups but " + sizes.size() + " sizes were given");
        }
        List<ApiCallRc> out = new ArrayList<>();
        AutoSelectFilter filter = merge(req.selectFilter(), g.selectFilter);
        List<String> layers = filter.layerStack() == null || filter.layerStack().isEmpty() ? null
                : filter.layerStack().stream().map(l -> l.toUpperCase(java.util.Locale.ROOT)).toList();
        SRd d = SimDefinitions.newDefinition(s, req.resourceDefinitionName(), req.resourceDefinitionExternalName(),
                g.name, req.resourceDefinitionProps(), layers, bits, out);
        try {
            for (int i = 0; i < sizes.size(); i++) {
                SimDefinitions.newVolume(s, d, i, sizes.get(i), null, bits, out);
            }
            if (Boolean.TRUE.equals(req.definitionsOnly())) {
                out.add(Rcs.info(bits, RetCodes.INFO_NO_RSC_SPAWNED, "No resources were spawned (definitions only).",
                        Map.of("RscDfn", d.name)));
            } else {
                out.addAll(new SimAutoplacer(s).place(d, filter, null, null));
            }
        } catch (SimError e) {
            SimDefinitions.drop(s, d);
            throw e;
        }
        return new SimReply(201, out);
    }

    /** Request values win, the group's fill gaps (linstor.md §6.1). */
    static AutoSelectFilter merge(AutoSelectFilter a, AutoSelectFilter b) {
        if (a == null) {
            return SimViews.filter(b);
        }
        if (b == null) {
            return SimViews.filter(a);
        }
        return SimViews.filter(new AutoSelectFilter(or(a.placeCount(), b.placeCount()),
                a.additionalPlaceCount(), or(a.nodeNameList(), b.nodeNameList()), or(a.storagePool(), b.storagePool()),
                or(a.storagePoolList(), b.storagePoolList()), or(a.storagePoolDisklessList(), b.storagePoolDisklessList()),
                or(a.notPlaceWithRsc(), b.notPlaceWithRsc()), or(a.notPlaceWithRscRegex(), b.notPlaceWithRscRegex()),
                or(a.replicasOnSame(), b.replicasOnSame()), or(a.replicasOnDifferent(), b.replicasOnDifferent()),
                or(a.xReplicasOnDifferentMap(), b.xReplicasOnDifferentMap()), or(a.layerStack(), b.layerStack()),
                or(a.providerList(), b.providerList()), or(a.disklessOnRemaining(), b.disklessOnRemaining()),
                or(a.disklessType(), b.disklessType()), or(a.overprovision(), b.overprovision()),
                or(a.portCount(), b.portCount())));
    }

    private static <T> T or(T a, T b) {
        return a != null ? a : b;
    }
}
