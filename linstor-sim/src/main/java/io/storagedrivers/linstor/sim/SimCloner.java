package io.storagedrivers.linstor.sim;

import static io.storagedrivers.linstor.api.RetCodes.MASK_CRT;
import static io.storagedrivers.linstor.api.RetCodes.MASK_RSC_DFN;

import java.util.ArrayList;
import java.util.List;

import io.storagedrivers.linstor.api.RetCodes;
import io.storagedrivers.linstor.api.dto.ApiCallRc;
import io.storagedrivers.linstor.api.dto.ResourceDefinitionCloneRequest;
import io.storagedrivers.linstor.sim.SimModel.SNode;
import io.storagedrivers.linstor.sim.SimModel.SPool;
import io.storagedrivers.linstor.sim.SimModel.SRd;
import io.storagedrivers.linstor.sim.SimModel.SRsc;

/**
 * Server-side clone: a new RD flagged CLONING with the source's volumes, props (+ cloned-from)
 * and a resource on every node of the source (diskful in the same pool, diskless stays
 * diskless). Refused while a source replica is not UpToDate (its node is offline).
 */
final class SimCloner {
    private final SimState s;

    SimCloner(SimState s) {
        this.s = s;
    }

    List<ApiCallRc> cloneDefinition(String source, ResourceDefinitionCloneRequest req) {
        long bits = MASK_CRT | MASK_RSC_DFN;
        SRd src = s.rd(source, bits);
        if ((req.name() == null || req.name().isEmpty()) && (req.externalName() == null || req.externalName().isEmpty())) {
            throw SimError.of(bits, RetCodes.FAIL_INVLD_RSC_NAME, "Clone name is missing");
        }
        for (SRsc x : src.resources.values()) {
            if (!x.diskless() && !s.m.nodes.get(SimModel.key(x.node)).online) {
                throw SimError.of(bits, RetCodes.FAIL_NOT_ALL_UPTODATE, "Not all replicas of '" + src.name
                        + "' are UpToDate (node '" + x.node + "' is not connected).");
            }
        }
        for (SRsc x : src.resources.values()) {
            if (x.pool != null) {
                SPool pool = s.m.nodes.get(SimModel.key(x.node)).pools.get(SimModel.key(x.pool));
                if (!pool.thin() && pool.freeKib < src.sizeKib()) {
                    throw SimError.of(bits, RetCodes.FAIL_NOT_ENOUGH_NODES, "Not enough available nodes",
                            "pool " + pool.name + " on " + x.node + " is full", null);
                }
            }
        }
        String rg = req.resourceGroup() != null ? s.rg(req.resourceGroup(), bits).name : src.resourceGroup;
        List<ApiCallRc> out = new ArrayList<>();
        SRd clone = SimDefinitions.newDefinition(s, req.name(), req.externalName(), rg, src.props, src.layerStack,
                bits, out);
        clone.props.put("cloned-from", src.name);
        clone.flags.add("CLONING");
        clone.clonePollsLeft = s.m.clonePolls;
        clone.data = src.data;
        if (req.overrideProps() != null) {
            clone.props.putAll(req.overrideProps());
        }
        src.volumes.values().forEach(v -> SimDefinitions.newVolume(s, clone, v.number, v.sizeKib, null, bits, out));
        for (SRsc x : src.resources.values()) {
            SNode n = s.m.nodes.get(SimModel.key(x.node));
            SPool pool = x.pool == null ? null : n.pools.get(SimModel.key(x.pool));
            s.addResource(clone, n, pool, x.layers, bits);
            out.addAll(SimResources.created(clone, n.name));
        }
        return out;
    }
}
