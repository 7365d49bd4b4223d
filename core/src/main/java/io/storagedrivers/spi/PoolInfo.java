package io.storagedrivers.spi;

/**
 * Capacity of one pool, in bytes. {@code thin} says whether volumes are thinly provisioned.
 */
public record PoolInfo(String name, long totalBytes, long freeBytes, boolean thin) {
    public long usedBytes() {
        return totalBytes - freeBytes;
    }
}
