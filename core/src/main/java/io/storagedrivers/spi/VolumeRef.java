package io.storagedrivers.spi;

import java.util.Objects;

/**
 * A volume: its pool (VG for shared LVM, resource group for LINSTOR, pool for the simulator) and
 * its name in that pool. Both parts are validated by the caller before a ref is made.
 */
public record VolumeRef(String pool, String name) {
    public VolumeRef {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
        return pool + "/" + name;
    }
}
