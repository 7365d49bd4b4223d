package io.storagedrivers.linstor.sim;

import static io.storagedrivers.linstor.api.RetCodes.MASK_CRT;
import static io.storagedrivers.linstor.api.RetCodes.MASK_RSC;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import io.storagedrivers.linstor.api.RetCodes;
import io.storagedrivers.linstor.api.dto.ApiCallRc;
import io.storagedrivers.linstor.api.dto.AutoSelectFilter;
import io.storagedrivers.linstor.sim.SimModel.SNode;
import io.storagedrivers.linstor.sim.SimModel.SPool;
import io.storagedrivers.linstor.sim.SimModel.SRd;
import io.storagedrivers.linstor.sim.SimModel.SRsc;

/**
 * LINSTOR's autoplacer (linstor.md §6): place_count is the target number of diskful replicas;
 * candidates are online nodes without a diskful replica whose pools match the filter and have
 * room; the emptiest pools win (ties by name); too few candidates fail with
 * FAIL_NOT_ENOUGH_NODES before anything is created.
 */
final class SimAutoplacer {
    private static final double THIN_OVERSUBSCRIPTION = 20.0;
    private static final long BITS = MASK_CRT | MASK_RSC;
    private final SimState s;

    SimAutoplacer(SimState s) {
        this.s = s;
    }

    record Candidate(SNode node, SPool pool) {
    }

    List<ApiCallRc> place(SRd d, AutoSelectFilter f, Boolean disklessOnRemaining, List<String> layers) {
        List<ApiCallRc> out = new ArrayList<>();
        long existing = d.resources.values().stream().filter(r -> !r.diskless()).count();
        int add = f.additionalPlaceCount() == null ? 0 : f.additionalPlaceCount();
        int need = add > 0 ? add : (int) (f.placeCount() - existing);
        boolean remaining = Boolean.TRUE.equals(disklessOnRemaining) || Boolean.TRUE.equals(f.disklessOnRemaining());
        if (need <= 0) {
            out.add(Rcs.warn(BITS, RetCodes.WARN_RSC_ALREADY_DEPLOYED, "Resource '" + d.name + "' was already deployed on "
                    + existing + " nodes. Skipping.", Map.of("RscDfn", d.name)));
        } else {
            List<Candidate> picked = pick(d, f, need);
            if (picked.size() < need) {
                throw new SimError(500, List.of(Rcs.entry(RetCodes.MASK_ERROR, BITS, RetCodes.FAIL_NOT_ENOUGH_NODES,
                        "Not enough available nodes", criteria(d, f, need, picked.size()), null, null,
                        Map.of("RscDfn", d.name))));
            }
            Map<String, String> refs = new LinkedHashMap<>();
            refs.put("RscDfn", d.name);
            List<String> used = new ArrayList<>();
            for (int i = 0; i < picked.size(); i++) {
                Candidate c = picked.get(i);
                refs.put("Node/" + i, c.node().name);
                refs.put("StoragePool/" + i + "/0", c.pool().name + "," + c.pool().provider);
                used.add("'" + c.node().name + " (" + c.pool().name + ")'");
            }
            out.add(Rcs.ok(BITS, RetCodes.CREATED, "Resource '" + d.name + "' successfully autoplaced on "
                    + picked.size() + " nodes", "Used nodes (storage pool name): " + String.join(", ", used), refs));
            for (Candidate c : picked) {
                SRsc existingRsc = d.resources.get(SimModel.key(c.node().name));
                if (existingRsc != null) {
                    s.setDisk(d, existingRsc, c.pool());
                } else {
                    s.addResource(d, c.node(), c.pool(), layers, BITS);
                }
                out.addAll(SimResources.created(d, c.node().name));
            }
        }
        if (remaining) {
            for (SNode n : s.m.nodes.values()) {
                if (n.online && !d.resources.containsKey(SimModel.key(n.name))) {
                    s.addResource(d, n, null, layers, BITS);
                    out.addAll(SimResources.created(d, n.name));
                }
            }
        }
        return out;
    }

    private List<Candidate> pick(SRd d, AutoSelectFilter f, int need) {
        List<Candidate> cands = new ArrayList<>();
        for (SNode n : s.m.nodes.values()) {
            bestPool(d, f, n).ifPresent(p -> cands.add(new Candidate(n, p)));
        }
        cands.sort(Comparator.comparingLong((Candidate c) -> -c.pool().freeKib).thenComparing(c -> c.node().name));
        List<SNode> chosen = new ArrayList<>(d.resources.values().stream().filter(r -> !r.diskless())
                .map(r -> s.m.nodes.get(SimModel.key(r.node))).toList());
        List<Candidate> picked = new ArrayList<>();
        for (Candidate c : cands) {
            if (picked.size() == need) {
                break;
            }
            if (fitsLabels(f, chosen, c.node())) {
                picked.add(c);
                chosen.add(c.node());
            }
        }
        return picked;
    }

    /** The emptiest pool of {@code n} that may take a diskful replica of {@code d}, if any. */
    java.util.Optional<SPool> bestPool(SRd d, AutoSelectFilter f, SNode n) {
        SRsc here = d.resources.get(SimModel.key(n.name));
        if (!n.online || (here != null && !here.diskless()) || !listed(f.nodeNameList(), n.name) || nearExcluded(f, n)) {
            return java.util.Optional.empty();
        }
        List<String> pools = f.storagePoolList() != null && !f.storagePoolList().isEmpty() ? f.storagePoolList()
                : (f.storagePool() != null ? List.of(f.storagePool()) : null);
        long size = d.sizeKib();
        return n.pools.values().stream().filter(p -> !p.diskless()).filter(p -> listed(pools, p.name))
                .filter(p -> listed(f.providerList(), p.provider))
                .filter(p -> p.thin() ? p.freeKib * THIN_OVERSUBSCRIPTION >= size : p.freeKib >= size)
                .max(Comparator.comparingLong((SPool p) -> p.freeKib).thenComparing(p -> p.name,
                        Comparator.reverseOrder()));
    }

    private static boolean listed(List<String> list, String name) {
        return list == null || list.isEmpty() || list.stream().anyMatch(name::equalsIgnoreCase);
    }

    private boolean nearExcluded(AutoSelectFilter f, SNode n) {
        Pattern re = f.notPlaceWithRscRegex() == null ? null : Pattern.compile(f.notPlaceWithRscRegex());
        return s.m.resourceDefinitions.values().stream()
                .filter(other -> (f.notPlaceWithRsc() != null && f.notPlaceWithRsc().stream()
                        .anyMatch(other.name::equalsIgnoreCase)) || (re != null && re.matcher(other.name).matches()))
                .anyMatch(other -> other.resources.containsKey(SimModel.key(n.name)));
    }

    /** replicas_on_same / replicas_on_different on node props ("Aux/zone" or "Aux/zone=a"). */
    private static boolean fitsLabels(AutoSelectFilter f, List<SNode> chosen, SNode n) {
        for (String spec : f.replicasOnSame() == null ? List.<String>of() : f.replicasOnSame()) {
            String[] kv = spec.split("=", 2);
            String value = n.props.get(kv[0]);
            if (value == null || (kv.length == 2 && !kv[1].equals(value))
                    || chosen.stream().anyMatch(o -> !value.equals(o.props.get(kv[0])))) {
                return false;
            }
        }
        for (String key : f.replicasOnDifferent() == null ? List.<String>of() : f.replicasOnDifferent()) {
            String value = n.props.get(key);
            if (value != null && chosen.stream().anyMatch(o -> Objects.equals(value, o.props.get(key)))) {
                return false;
            }
        }
        return true;
    }

    private static String criteria(SRd d, AutoSelectFilter f, int need, int found) {
        return "Needed " + need + " more diskful replicas, found " + found + " candidate nodes. "
                + "Auto-place configuration details:\n   Replica count: " + f.placeCount()
                + (f.storagePoolList() != null ? "\n   Storage pool name: " + f.storagePoolList() : "")
                + (f.storagePool() != null ? "\n   Storage pool name: " + f.storagePool() : "")
                + "\n   The storage pools have to have at least '" + d.sizeKib() + "' KiB free space"
                + "\n   The node is online";
    }
}
