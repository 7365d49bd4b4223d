package io.storagedrivers.linstor.sim;

import java.util.ArrayList;
import java.util.List;

import io.storagedrivers.linstor.api.dto.ControllerVersion;
import io.storagedrivers.linstor.api.dto.StoragePool;
import io.storagedrivers.linstor.sim.SimModel.SNode;
import io.storagedrivers.linstor.sim.SimModel.SPool;
import io.storagedrivers.linstor.sim.SimRouter.SimReply;

/** Controller version and properties, nodes and storage pools (read-only here; tests shape them via SimState). */
final class SimNodes {
    static final String REST_API_VERSION = "1.28.0";
    private final SimState s;

    SimNodes(SimState s) {
        this.s = s;
    }

    SimReply version(String[] p, SimRequest r) {
        return SimRequest.ok(new ControllerVersion("1.34.0-sim", "simulated", "2026-06-02T00:00:00+00:00",
                s.restApiVersion()));
    }

    SimReply controllerProps(String[] p, SimRequest r) {
        return SimRequest.ok(s.m.controllerProps);
    }

    SimReply list(String[] p, SimRequest r) {
        List<String> filter = r.queryList("nodes");
        return SimRequest.ok(s.m.nodes.values().stream().filter(n -> matches(filter, n.name)).map(SimViews::node).toList());
    }

    SimReply one(String[] p, SimRequest r) {
        return SimRequest.ok(SimViews.node(s.node(p[0], 0)));
    }

    SimReply pools(String[] p, SimRequest r) {
        SNode n = s.node(p[0], 0);
        return SimRequest.ok(n.pools.values().stream().map(pool -> SimViews.pool(n, pool)).toList());
    }

    SimReply viewPools(String[] p, SimRequest r) {
        List<String> nodes = r.queryList("nodes");
        List<String> pools = r.queryList("storage_pools");
        List<StoragePool> out = new ArrayList<>();
        for (SNode n : s.m.nodes.values()) {
            if (!matches(nodes, n.name)) {
                continue;
            }
            for (SPool pool : n.pools.values()) {
                if (matches(pools, pool.name)) {
                    out.add(SimViews.pool(n, pool));
                }
            }
        }
        return SimRequest.ok(out);
    }

    static boolean matches(List<String> filter, String name) {
        return filter.isEmpty() || filter.stream().anyMatch(name::equalsIgnoreCase);
    }
}
