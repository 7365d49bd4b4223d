package io.storagedrivers.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

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
}
