package io.storagedrivers.cinderbridge.ops;

import java.util.List;

import io.storagedrivers.cinderbridge.ops.OpRequest.SnapshotSpec;
import io.storagedrivers.cinderbridge.ops.OpRequest.VolumeSpec;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.Capability;
import io.storagedrivers.spi.PoolInfo;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeRef;

/**
 * One configured backend as the operations see it: the SPI object, the bridge's settings for it,
 * its per-volume locks, and the mapping from Cinder identifiers to backend names.
 */
public final class BridgeBackend implements AutoCloseable {
    private final VolumeBackend backend;
    private final BackendSettings settings;
    private final VolumeLocks locks;
    private final BackendGate gate;
    private volatile String firstPool;

    public BridgeBackend(VolumeBackend backend, BackendSettings settings) {
        this.backend = backend;
        this.settings = settings;
        this.locks = new VolumeLocks(settings.lockWait());
        this.gate = new BackendGate(settings.name(), settings.maxRequests(), settings.lockWait());
    }

    /** Bounds the requests running on this backend at once. */
    public BackendGate gate() {
        return gate;
    }

    public String name() {
        return settings.name();
    }

    public VolumeBackend spi() {
        return backend;
    }

    public BackendSettings settings() {
        return settings;
    }

    VolumeLocks locks() {
        return locks;
    }

    /** An existing volume: by the provider_id the bridge returned, else by Cinder's name_id. */
    public VolumeRef existing(VolumeSpec v) {
        if (v.providerId() != null && !v.providerId().isBlank()) {
            return new VolumeRef(pool(v), Names.providerId("provider_id", v.providerId()));
        }
        return new VolumeRef(pool(v), Names.volumeName(v.nameId()));
    }

    /** A volume being created: always named after Cinder's name_id. */
    public VolumeRef created(VolumeSpec v) {
        return new VolumeRef(pool(v), Names.volumeName(v.nameId()));
    }

    public String snapshotName(SnapshotSpec s) {
        if (s.providerId() != null && !s.providerId().isBlank()) {
            return Names.providerId("snapshot provider_id", s.providerId());
        }
        return Names.snapshotName(s.id());
    }

    /** Lock key of a volume: pool and name, unique within this backend. */
    static String lockKey(VolumeRef ref) {
        return ref.pool() + "/" + ref.name();
    }

    /**
     * Whether deleting {@code ref} wipes it first: as configured, else unless its pool is thin
     * (a new thin volume reads zeros; a thick one may get the old blocks).
     */
    public boolean zeroOnDelete(VolumeRef ref) {
        if (settings.zeroOnDelete() != null) {
            return settings.zeroOnDelete();
        }
        if (backend.capabilities().contains(Capability.THIN)) {
            return false;
        }
        try {
            return !backend.pool(ref.pool()).thin();
        } catch (BackendException e) {
            return true;
        }
    }

    private String pool(VolumeSpec v) {
        if (v.pool() != null && !v.pool().isBlank()) {
            return Names.pool(v.pool());
        }
        if (settings.defaultPool() != null) {
            return settings.defaultPool();
        }
        String p = firstPool;
        if (p == null) {
            List<PoolInfo> pools;
            try {
                pools = backend.pools();
            } catch (BackendException e) {
                throw ApiException.from(e, ApiException.Code.VOLUME_BUSY);
            }
            if (pools.isEmpty()) {
                throw new ApiException(ApiException.Code.BACKEND_ERROR, "backend " + name() + " has no pool");
            }
            p = pools.get(0).name();
            firstPool = p;
        }
        return p;
    }

    @Override
    public void close() {
        backend.close();
    }
}
