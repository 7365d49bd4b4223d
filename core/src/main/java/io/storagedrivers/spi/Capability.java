package io.storagedrivers.spi;

/** Optional features a backend may offer ({@link VolumeBackend#capabilities()}). */
public enum Capability {
    /** Volumes are thin-provisioned. */
    THIN,
    /** createSnapshot / deleteSnapshot / revertSnapshot / createFromSnapshot. */
    SNAPSHOTS,
    /** clone copies on the storage side (no host data path). */
    SERVER_SIDE_CLONE,
    /** clone copies data through a host (dd-class). */
    HOST_COPY_CLONE,
    /** resize grows a volume. */
    RESIZE,
    /** data is replicated across nodes. */
    REPLICATION,
    /** a volume can be attached on several hosts at once (live migration). */
    MULTI_ATTACH,
    /** createSnapshots takes one crash-consistent snapshot of several volumes together. */
    GROUP_SNAPSHOTS
}
