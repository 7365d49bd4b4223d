package io.storagedrivers.sim;

import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.BackendException.Kind;
import io.storagedrivers.spi.ImageSource;
import io.storagedrivers.spi.Sizes;
import io.storagedrivers.spi.VolumeRef;
import io.storagedrivers.sim.SimState.Snapshot;
import io.storagedrivers.sim.SimState.Volume;

/**
 * The simulator's volume rules, applied to a loaded {@link SimState}. Every method checks first
 * and changes afterwards; on an exception the caller does not save, so nothing is half-made.
 */
final class SimVolumes {

    Volume require(SimState s, VolumeRef ref) {
        Volume v = s.volumes.get(SimBackend.key(ref));
        if (v == null) {
            throw BackendException.notFound("volume " + ref);
        }
        return v;
    }

    Volume create(SimState s, String pool, String name, long sizeBytes) {
        long size = roundUp(sizeBytes);
        Volume existing = s.volumes.get(SimState.key(pool, name));
        if (existing != null) {
            if (existing.sizeBytes >= size) {
                return existing;
            }
            throw new BackendException(Kind.INVALID, "volume " + pool + "/" + name + " exists and is smaller ("
                    + existing.sizeBytes + " bytes) than requested (" + size + " bytes)");
        }
        reserve(s, pool, size);
        Volume v = new Volume();
        v.id = s.newId("vol");
        v.pool = pool;
        v.name = name;
        v.sizeBytes = size;
        s.volumes.put(SimState.key(pool, name), v);
        return v;
    }

    void delete(SimState s, VolumeRef ref) {
        Volume v = s.volumes.get(SimBackend.key(ref));
        if (v == null) {
            return;
        }
        if (!v.attachments.isEmpty()) {
            throw new BackendException(Kind.BUSY, "volume " + ref + " is attached on " + String.join(", ",
                    v.attachments.keySet()) + "; detach it first");
        }
        s.volumes.remove(SimBackend.key(ref));
    }

    Volume resize(SimState s, VolumeRef ref, long newSizeBytes) {
        Volume v = require(s, ref);
        long size = roundUp(newSizeBytes);
        if (size > v.sizeBytes) {
            reserve(s, v.pool, size - v.sizeBytes);
            v.sizeBytes = size;
        }
        return v;
    }

    Volume cloneVolume(SimState s, VolumeRef source, VolumeRef target, long minSizeBytes) {
        Volume src = require(s, source);
        if (source.equals(target)) {
            throw new BackendException(Kind.INVALID, "cannot clone " + source + " onto itself");
        }
        // the SPI replaces a half-made target; a target in use is never replaced
        Volume old = s.volumes.get(SimBackend.key(target));
        if (old != null) {
            delete(s, target);
        }
        Volume t = create(s, target.pool(), target.name(), Math.max(src.sizeBytes, minSizeBytes));
        t.content = src.content;
        return t;
    }

    long copy(SimState s, VolumeRef source, VolumeRef target) {
        Volume src = require(s, source);
        Volume dst = require(s, target);
        if (dst.sizeBytes < src.sizeBytes) {
            throw new BackendException(Kind.INVALID, "volume " + target + " (" + dst.sizeBytes
                    + " bytes) is smaller than " + source + " (" + src.sizeBytes + " bytes)");
        }
        dst.content = src.content;
        return src.sizeBytes;
    }

    void importImage(SimState s, VolumeRef target, ImageSource image) {
        Volume v = require(s, target);
        if (image.virtualSizeBytes() > v.sizeBytes) {
            throw new BackendException(Kind.INVALID, "image " + image.file() + " (" + image.virtualSizeBytes()
                    + " bytes) does not fit into " + target + " (" + v.sizeBytes + " bytes)");
        }
        v.content = "image:" + image.file().toAbsolutePath().normalize() + ":" + image.format();
    }

    String attach(SimState s, VolumeRef ref, String host) {
        Volume v = require(s, ref);
        return v.attachments.computeIfAbsent(host, h -> "/dev/sim/" + v.pool + "/" + v.name);
    }

    void createSnapshot(SimState s, VolumeRef ref, String name) {
        Volume v = require(s, ref);
        if (findSnapshot(v, name) != null) {
            throw new BackendException(Kind.INVALID, "snapshot " + name + " of " + ref + " already exists");
        }
        if (!s.pools.get(v.pool).thin) {
            reserve(s, v.pool, v.sizeBytes);
        }
        Snapshot snap = new Snapshot();
        snap.id = s.newId("snap");
        snap.name = name;
        snap.sizeBytes = v.sizeBytes;
        snap.content = v.content;
        v.snapshots.add(snap);
    }

    void revert(SimState s, VolumeRef ref, String name) {
        Volume v = require(s, ref);
        Snapshot snap = requireSnapshot(v, ref, name);
        // LVM and LINSTOR restore the size the volume had when the snapshot was taken
        if (snap.sizeBytes > v.sizeBytes) {
            reserve(s, v.pool, snap.sizeBytes - v.sizeBytes);
        }
        v.sizeBytes = snap.sizeBytes;
        v.content = snap.content;
    }

    Volume fromSnapshot(SimState s, VolumeRef ref, String name, VolumeRef target) {
        Volume v = require(s, ref);
        Snapshot snap = requireSnapshot(v, ref, name);
        if (s.volumes.containsKey(SimBackend.key(target))) {
            throw new BackendException(Kind.INVALID, "volume " + target + " already exists");
        }
        Volume t = create(s, target.pool(), target.name(), snap.sizeBytes);
        t.content = snap.content;
        return t;
    }

    private static Snapshot requireSnapshot(Volume v, VolumeRef ref, String name) {
        Snapshot snap = findSnapshot(v, name);
        if (snap == null) {
            throw BackendException.notFound("snapshot " + name + " of " + ref);
        }
        return snap;
    }

    private static Snapshot findSnapshot(Volume v, String name) {
        for (Snapshot x : v.snapshots) {
            if (x.name.equals(name)) {
                return x;
            }
        }
        return null;
    }

    private static void reserve(SimState s, String pool, long bytes) {
        SimState.Pool p = s.pools.get(pool);
        long free = p.totalBytes - s.usedBytes(pool);
        if (bytes > free) {
            throw new BackendException(Kind.NO_SPACE, "pool " + pool + " has " + free + " bytes free, "
                    + bytes + " needed");
        }
    }

    private static long roundUp(long bytes) {
        if (bytes <= 0) {
            throw new BackendException(Kind.INVALID, "size must be positive, got " + bytes);
        }
        return Sizes.bytesToMibCeil(bytes) * Sizes.MIB;
    }
}
