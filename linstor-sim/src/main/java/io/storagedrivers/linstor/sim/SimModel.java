package io.storagedrivers.linstor.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import io.storagedrivers.linstor.api.dto.AutoSelectFilter;

/**
 * The simulated controller's object model (what LINSTOR keeps in its database). Maps are keyed by
 * the upper-cased name, as LINSTOR compares names case-insensitively and keeps the spelling given
 * at creation. Plain public fields so the whole state can be saved as JSON ({@code --state FILE}).
 */
public final class SimModel {
    public Map<String, SNode> nodes = new LinkedHashMap<>();
    public Map<String, SRg> resourceGroups = new LinkedHashMap<>();
    public Map<String, SRd> resourceDefinitions = new LinkedHashMap<>();
    public Map<String, String> controllerProps = new TreeMap<>();
    /** Clone status polls answered CLONING before COMPLETE. */
    public int clonePolls = 1;

    static String key(String name) {
        return name.toUpperCase(Locale.ROOT);
    }

    static String uuid() {
        return UUID.randomUUID().toString();
    }

    /** A node with its storage pools. */
    public static final class SNode {
        public String name;
        public String type = "SATELLITE";
        public boolean online = true;
        public Map<String, String> props = new TreeMap<>();
        public Map<String, SPool> pools = new LinkedHashMap<>();
        public String address;
        public String uuid = uuid();
    }

    /** A storage pool on one node; capacities in KiB. */
    public static final class SPool {
        public String name;
        public String provider;
        public long totalKib;
        public long freeKib;
        public Map<String, String> props = new TreeMap<>();
        public String uuid = uuid();

        public boolean diskless() {
            return "DISKLESS".equals(provider);
        }

        public boolean thin() {
            return provider.endsWith("_THIN");
        }

        public boolean snapshots() {
            return provider.endsWith("_THIN") || provider.startsWith("ZFS") || provider.startsWith("FILE")
                    || "SPDK".equals(provider);
        }
    }

    /** A resource group and its volume groups (volume number to props). */
    public static final class SRg {
        public String name;
        public String description = "";
        public Map<String, String> props = new TreeMap<>();
        public AutoSelectFilter selectFilter;
        public Map<Integer, Map<String, String>> volumeGroups = new TreeMap<>();
        public String uuid = uuid();
    }

    /** A resource definition with its volume definitions, resources and snapshots. */
    public static final class SRd {
        public String name;
        public String externalName;
        public String resourceGroup = "DfltRscGrp";
        public Map<String, String> props = new TreeMap<>();
        public List<String> flags = new ArrayList<>();
        public List<String> layerStack = new ArrayList<>(List.of("DRBD", "STORAGE"));
        public Map<Integer, SVd> volumes = new TreeMap<>();
        public Map<String, SRsc> resources = new LinkedHashMap<>();
        public Map<String, SSnap> snapshots = new LinkedHashMap<>();
        public String secret = UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        /** Stand-in for the data on the volumes (tests write it, snapshots/clones copy it). */
        public String data = "";
        /** Clone status polls left before COMPLETE (when cloning); -1 = make the clone FAILED. */
        public int clonePollsLeft;
        public String uuid = uuid();

        public long sizeKib() {
            return volumes.values().stream().mapToLong(v -> v.sizeKib).sum();
        }

        public boolean usesDrbd() {
            return layerStack.contains("DRBD");
        }

        /** NVMe-oF without DRBD: the diskful node is the target, others attach as initiators. */
        public boolean nvmeOnly() {
            return layerStack.contains("NVME") && !usesDrbd();
        }
    }

    /** A volume definition. */
    public static final class SVd {
        public int number;
        public long sizeKib;
        public int minor;
        public Map<String, String> props = new TreeMap<>();
        public String uuid = uuid();
    }

    /** A resource on one node; {@code pool} is null for a diskless one. */
    public static final class SRsc {
        public String node;
        public List<String> flags = new ArrayList<>();
        public Map<String, String> props = new TreeMap<>();
        public String pool;
        public int nodeId;
        public int port;
        public boolean inUse;
        public List<String> layers = new ArrayList<>(List.of("DRBD", "STORAGE"));
        public long created = System.currentTimeMillis();
        public String uuid = uuid();

        public boolean diskless() {
            return flags.contains("DISKLESS");
        }

        public boolean nvmeInitiator() {
            return flags.contains("NVME_INITIATOR");
        }
    }

    /** A snapshot definition with the nodes it was taken on. */
    public static final class SSnap {
        public String name;
        public List<String> nodes = new ArrayList<>();
        public Map<Integer, Long> volumeSizes = new TreeMap<>();
        public Map<String, String> rdProps = new TreeMap<>();
        public String data = "";
        public long created = System.currentTimeMillis();
        public String uuid = uuid();
    }
}
