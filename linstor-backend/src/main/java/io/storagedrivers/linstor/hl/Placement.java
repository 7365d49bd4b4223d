package io.storagedrivers.linstor.hl;

import java.util.List;

/**
 * Autoplace inputs of a resource: redundancy (diskful replicas; null = the resource group's
 * count), storage pool, diskless pool, diskless clients on every other node, layer list
 * (e.g. {@code [DRBD, STORAGE]} or {@code [STORAGE]}).
 */
public final class Placement {
    private Integer redundancy;
    private String storagePool;
    private String disklessStoragePool;
    private boolean disklessOnRemaining;
    private List<String> layerList;

    public Integer redundancy() {
        return redundancy;
    }

    public Placement redundancy(Integer n) {
        if (n != null && n < 1) {
            throw new IllegalArgumentException("redundancy must be at least 1");
        }
        this.redundancy = n;
        return this;
    }

    public String storagePool() {
        return storagePool;
    }

    public Placement storagePool(String pool) {
        this.storagePool = pool;
        return this;
    }

    public String disklessStoragePool() {
        return disklessStoragePool;
    }

    public Placement disklessStoragePool(String pool) {
        this.disklessStoragePool = pool;
        return this;
    }

    public boolean disklessOnRemaining() {
        return disklessOnRemaining;
    }

    public Placement disklessOnRemaining(boolean on) {
        this.disklessOnRemaining = on;
        return this;
    }

    public List<String> layerList() {
        return layerList;
    }

    public Placement layerList(List<String> layers) {
        this.layerList = layers == null ? null : layers.stream().map(String::toUpperCase).toList();
        return this;
    }
}
