package io.storagedrivers.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.PoolInfo;
import io.storagedrivers.spi.VolumeInfo;
import io.storagedrivers.spi.VolumeRef;

/**
 * The whole simulated storage system as it is stored in the state file (Jackson, plain fields).
 * Sorted maps (declared as TreeMap so Jackson reads them back sorted) keep the file and every
 * listing deterministic.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
final class SimState {
    /** Format version of the file. */
    public int version = 1;
    /** Next number for a volume or snapshot id; ids are never reused. */
    public long nextId = 1;
    /** Pools that do not exist are created on first use with {@link #autoPoolBytes} (default set-up). */
    public boolean autoPools;
    public long autoPoolBytes;
    public TreeMap<String, Pool> pools = new TreeMap<>();
    /** Key: {@code pool/name}. */
    public TreeMap<String, Volume> volumes = new TreeMap<>();

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class Pool {
        public long totalBytes;
        public boolean thin;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class Volume {
        public String id;
        public String pool;
        public String name;
        public long sizeBytes;
        /** What the volume holds: "empty", "image:&lt;file&gt;", copied along by clone/copy/revert. */
        public String content = "empty";
        /** host -> device path. */
        public TreeMap<String, String> attachments = new TreeMap<>();
        public List<Snapshot> snapshots = new ArrayList<>();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class Snapshot {
        public String id;
        public String name;
        public long sizeBytes;
        public String content;
    }

    static String key(String pool, String name) {
        return pool + "/" + name;
    }

    String newId(String prefix) {
        return String.format("%s-%06d", prefix, nextId++);
    }

    /** Bytes a pool has handed out: volume sizes, plus snapshot sizes in thick pools (copy space). */
    long usedBytes(String pool) {
        boolean thin = pools.get(pool).thin;
        long used = 0;
        for (Volume v : volumes.values()) {
            if (v.pool.equals(pool)) {
                used += v.sizeBytes;
                if (!thin) {
                    for (Snapshot s : v.snapshots) {
                        used += s.sizeBytes;
                    }
                }
            }
        }
        return used;
    }

    static SimState initial(boolean defaults, String defaultPool, long poolBytes) {
        SimState s = new SimState();
        if (defaults) {
            s.pools.put(defaultPool, newPool(poolBytes, false));
            s.autoPools = true;
            s.autoPoolBytes = poolBytes;
        }
        return s;
    }

    static Pool newPool(long totalBytes, boolean thin) {
        Pool p = new Pool();
        p.totalBytes = totalBytes;
        p.thin = thin;
        return p;
    }

    /** The pool's name; creates the pool when this state allows pools on first use. */
    String requirePool(String pool) {
        if (!pools.containsKey(pool)) {
            if (!autoPools) {
                throw BackendException.notFound("pool " + pool);
            }
            pools.put(pool, newPool(autoPoolBytes, false));
        }
        return pool;
    }

    PoolInfo poolInfo(String name) {
        Pool p = pools.get(name);
        return new PoolInfo(name, p.totalBytes, Math.max(0, p.totalBytes - usedBytes(name)), p.thin);
    }

    static VolumeInfo info(Volume v) {
        Map<String, String> props = new TreeMap<>();
        props.put("id", v.id);
        props.put("content", v.content);
        props.put("snapshots", String.valueOf(v.snapshots.size()));
        return new VolumeInfo(new VolumeRef(v.pool, v.name), v.sizeBytes, new TreeSet<>(v.attachments.keySet()), props);
    }
}
