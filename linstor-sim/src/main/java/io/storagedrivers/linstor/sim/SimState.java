package io.storagedrivers.linstor.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.storagedrivers.linstor.api.Json;
import io.storagedrivers.linstor.api.RetCodes;
import io.storagedrivers.linstor.sim.SimModel.SNode;
import io.storagedrivers.linstor.sim.SimModel.SPool;
import io.storagedrivers.linstor.sim.SimModel.SRd;
import io.storagedrivers.linstor.sim.SimModel.SRg;
import io.storagedrivers.linstor.sim.SimModel.SRsc;

/**
 * The simulated controller's database: the model, number allocation (minors 1000+, node ids,
 * TCP ports 7000+), capacity bookkeeping, optional persistence, and test hooks. Several
 * {@link SimController}s may serve one state (controllers of an HA pair share a database).
 * Every access holds the state's monitor.
 */
public final class SimState {
    public static final int MINOR_MIN = 1000;
    public static final int MINOR_MAX = 49999;
    public static final int PORT_MIN = 7000;
    public static final int PORT_MAX = 7999;
    private static final ObjectMapper FILE_JSON = Json.LENIENT.copy().enable(SerializationFeature.INDENT_OUTPUT);

    final SimModel m;
    private final Path file;

    private SimState(SimModel m, Path file) {
        this.m = m;
        this.file = file;
    }

    /** Nodes with a diskless pool and one diskful pool {@code DfltStorPool} each. */
    public static SimState withNodes(List<String> nodeNames, String provider, long poolKib) {
        SimState s = new SimState(new SimModel(), null);
        s.initDefaults();
        for (String n : nodeNames) {
            s.addNode(n, provider, poolKib);
        }
        return s;
    }

    /** Loads {@code file} if it exists, else starts like {@link #withNodes}; saved after every change. */
    public static SimState persistent(Path file, List<String> nodeNames, String provider, long poolKib) {
        if (Files.exists(file)) {
            try {
                return new SimState(FILE_JSON.readValue(file.toFile(), SimModel.class), file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read simulator state " + file + ": " + e.getMessage(), e);
            }
        }
        SimState s = withNodes(nodeNames, provider, poolKib);
        SimState p = new SimState(s.m, file);
        p.save();
        return p;
    }

    private void initDefaults() {
        m.controllerProps.put("DrbdOptions/auto-quorum", "io-error");
        m.controllerProps.put("DrbdOptions/auto-add-quorum-tiebreaker", "True");
        SRg dflt = new SRg();
        dflt.name = "DfltRscGrp";
        m.resourceGroups.put(SimModel.key(dflt.name), dflt);
    }

    public synchronized void addNode(String name, String provider, long poolKib) {
        SNode n = new SNode();
        n.name = name;
        n.address = "127.0.0.1";
        SPool diskless = new SPool();
        diskless.name = "DfltDisklessStorPool";
        diskless.provider = "DISKLESS";
        n.pools.put(SimModel.key(diskless.name), diskless);
        if (poolKib > 0) {
            addPool(n, "DfltStorPool", provider, poolKib);
        }
        m.nodes.put(SimModel.key(name), n);
    }

    static SPool addPool(SNode n, String name, String provider, long kib) {
        SPool p = new SPool();
        p.name = name;
        p.provider = provider;
        p.totalKib = kib;
        p.freeKib = kib;
        p.props.put(provider.startsWith("ZFS") ? "StorDriver/ZPool" : "StorDriver/LvmVg", "vg_" + name.toLowerCase());
        n.pools.put(SimModel.key(name), p);
        return p;
    }

    synchronized void save() {
        if (file == null) {
            return;
        }
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            FILE_JSON.writeValue(tmp.toFile(), m);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save simulator state: " + e.getMessage(), e);
        }
    }

    // --- lookups that fail the way LINSTOR does ------------------------------------------------

    SNode node(String name, long bits) {
        SNode n = name == null ? null : m.nodes.get(SimModel.key(name));
        if (n == null) {
            throw SimError.of(bits, RetCodes.FAIL_NOT_FOUND_NODE, "Node '" + name + "' not found.");
        }
        return n;
    }

    SRd rd(String name, long bits) {
        SRd rd = name == null ? null : m.resourceDefinitions.get(SimModel.key(name));
        if (rd == null) {
            throw SimError.of(bits, RetCodes.FAIL_NOT_FOUND_RSC_DFN, "Resource definition '" + name + "' not found.");
        }
        return rd;
    }

    SRg rg(String name, long bits) {
        SRg rg = name == null ? null : m.resourceGroups.get(SimModel.key(name));
        if (rg == null) {
            throw SimError.of(bits, RetCodes.FAIL_NOT_FOUND_RSC_GRP, "Resource group '" + name + "' not found.");
        }
        return rg;
    }

    // --- number allocation ------------------------------------------------------------------

    int nextMinor(long bits) {
        java.util.Set<Integer> used = new java.util.HashSet<>();
        m.resourceDefinitions.values().forEach(rd -> rd.volumes.values().forEach(v -> used.add(v.minor)));
        return IntStream.rangeClosed(MINOR_MIN, MINOR_MAX).filter(i -> !used.contains(i)).findFirst()
                .orElseThrow(() -> SimError.of(bits, RetCodes.FAIL_POOL_EXHAUSTED_MINOR_NR, "Minor numbers exhausted"));
    }

    boolean minorInUse(int minor) {
        return m.resourceDefinitions.values().stream().flatMap(rd -> rd.volumes.values().stream())
                .anyMatch(v -> v.minor == minor);
    }

    static int nextNodeId(SRd rd) {
        return IntStream.range(0, 32).filter(i -> rd.resources.values().stream().noneMatch(r -> r.nodeId == i))
                .findFirst().orElse(31);
    }

    /** The RD's port if a peer already uses one and it is free here, else the node's lowest free. */
    int nextPort(SRd rd, String node, long bits) {
        java.util.Set<Integer> used = new java.util.HashSet<>();
        m.resourceDefinitions.values().forEach(d -> d.resources.values().stream()
                .filter(r -> r.node.equalsIgnoreCase(node)).forEach(r -> used.add(r.port)));
        for (SRsc peer : rd.resources.values()) {
            if (!used.contains(peer.port)) {
                return peer.port;
            }
        }
        return IntStream.rangeClosed(PORT_MIN, PORT_MAX).filter(i -> !used.contains(i)).findFirst()
                .orElseThrow(() -> SimError.of(bits, RetCodes.FAIL_POOL_EXHAUSTED_TCP_PORT, "TCP ports exhausted"));
    }

    // --- resources and capacity -------------------------------------------------------------

    /** Adds a resource (pool null = diskless); thick pools lose the RD's size in free space. */
    SRsc addResource(SRd rd, SNode node, SPool pool, List<String> layers, long bits) {
        SRsc r = new SRsc();
        r.node = node.name;
        r.nodeId = nextNodeId(rd);
        r.port = nextPort(rd, node.name, bits);
        if (layers != null && !layers.isEmpty()) {
            r.layers = new java.util.ArrayList<>(layers);
        } else {
            r.layers = new java.util.ArrayList<>(rd.layerStack);
        }
        setDisk(rd, r, pool);
        rd.resources.put(SimModel.key(node.name), r);
        return r;
    }

    /**
     * An NVMe-oF initiator on {@code node}: the NVME layer only, flags DISKLESS and NVME_INITIATOR
     * (no DRBD), connected to the RD's target, as LINSTOR makes it for a node without the data.
     */
    SRsc addNvmeInitiator(SRd rd, SNode node, long bits) {
        SRsc r = addResource(rd, node, null, List.of("NVME"), bits);
        r.flags.remove("DRBD_DISKLESS");
        r.flags.add("NVME_INITIATOR");
        return r;
    }

    /** Makes {@code r} diskful in {@code pool} or diskless ({@code pool} null), moving capacity. */
    void setDisk(SRd rd, SRsc r, SPool pool) {
        release(rd, r);
        r.flags.removeAll(List.of("DISKLESS", "DRBD_DISKLESS", "TIE_BREAKER"));
        if (pool == null) {
            r.flags.add("DISKLESS");
            r.flags.add("DRBD_DISKLESS");
            r.pool = null;
        } else {
            r.pool = pool.name;
            if (!pool.thin()) {
                pool.freeKib -= rd.sizeKib();
            }
        }
    }

    /** Returns the capacity a diskful resource held. */
    void release(SRd rd, SRsc r) {
        if (r.pool != null) {
            SPool p = m.nodes.get(SimModel.key(r.node)).pools.get(SimModel.key(r.pool));
            if (p != null && !p.thin()) {
                p.freeKib += rd.sizeKib();
            }
        }
    }

    // --- test hooks ---------------------------------------------------------------------------

    private volatile String restApiVersion = SimNodes.REST_API_VERSION;

    /** The REST API version the controller reports (default 1.28.0), to test clients' version gates. */
    public void setRestApiVersion(String version) {
        this.restApiVersion = version;
    }

    String restApiVersion() {
        return restApiVersion;
    }

    public synchronized void setOnline(String node, boolean online) {
        node(node, 0).online = online;
    }

    public synchronized void setInUse(String rd, String node, boolean inUse) {
        SRsc r = rd(rd, 0).resources.get(SimModel.key(node));
        if (r == null) {
            throw new IllegalArgumentException("no resource " + rd + " on " + node);
        }
        r.inUse = inUse;
    }

    /** Stand-in for writing data to the volume (snapshots, restores and clones copy it). */
    public synchronized void writeData(String rd, String data) {
        rd(rd, 0).data = data;
    }

    public synchronized String data(String rd) {
        return rd(rd, 0).data;
    }

    public synchronized void setClonePolls(int polls) {
        m.clonePolls = polls;
    }

    /** Makes the running clone {@code rd} end FAILED. */
    public synchronized void failClone(String rd) {
        rd(rd, 0).clonePollsLeft = -1;
    }

    public synchronized int resourceDefinitionCount() {
        return m.resourceDefinitions.size();
    }

    public synchronized Map<String, Long> freeKib(String pool) {
        Map<String, Long> out = new TreeMap<>();
        m.nodes.values().forEach(n -> {
            SPool p = n.pools.get(SimModel.key(pool));
            if (p != null) {
                out.put(n.name, p.freeKib);
            }
        });
        return out;
    }
}
