package io.storagedrivers.cinderbridge.ops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.storagedrivers.cinderbridge.ops.ApiException.Code;
import io.storagedrivers.cinderbridge.ops.OpRequest.SnapshotSpec;
import io.storagedrivers.cinderbridge.ops.OpRequest.VolumeSpec;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.Capability;
import io.storagedrivers.spi.ImageSource;
import io.storagedrivers.spi.Progress;
import io.storagedrivers.spi.Sizes;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeInfo;
import io.storagedrivers.spi.VolumeRef;

/**
 * Volume lifecycle: create (empty or from an image), delete, extend, clone, create from a
 * snapshot. Every operation is idempotent: a retry after a timeout or a bridge restart ends in the
 * same state, and the volume's lock keeps a retry from interleaving with the first attempt.
 */
public final class VolumeOps {
    private final ImageProbe images;

    public VolumeOps(ImageProbe images) {
        this.images = images;
    }

    public Map<String, Object> create(BridgeBackend b, OpRequest req) {
        VolumeSpec v = req.requireVolume();
        VolumeRef ref = b.created(v);
        long bytes = gib(v.sizeGb(), "volume.size_gb");
        ImageSource image = req.image() == null ? null : images.probe(req.image());
        if (image != null && image.virtualSizeBytes() > bytes) {
            throw ApiException.invalid("image is " + image.virtualSizeBytes() + " bytes, larger than the "
                    + v.sizeGb() + " GiB volume");
        }
        try (VolumeLocks.Held held = b.locks().acquire(BridgeBackend.lockKey(ref), Code.VOLUME_BUSY)) {
            VolumeBackend spi = b.spi();
            boolean existed = spi.find(ref).isPresent();
            VolumeInfo info = spi.create(ref, bytes);
            if (image != null) {
                try {
                    spi.importImage(ref, image, Progress.NONE);
                } catch (RuntimeException e) {
                    if (!existed) {
                        removeQuietly(spi, ref, e);
                    }
                    throw e;
                }
            }
            return modelUpdate(b, info.ref());
        } catch (BackendException e) {
            throw ApiException.from(e, Code.VOLUME_BUSY);
        }
    }

    /** What the backend holds for a volume: for operators and tests; read-only, no lock. */
    public Map<String, Object> describe(BridgeBackend b, OpRequest req) {
        VolumeRef ref = b.existing(req.requireVolume());
        try {
            Optional<VolumeInfo> info = b.spi().find(ref);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("exists", info.isPresent());
            if (info.isPresent()) {
                out.put("name", ref.name());
                out.put("pool", ref.pool());
                out.put("size_bytes", info.get().sizeBytes());
                out.put("attached_on", new TreeSet<>(b.spi().attachments(ref)));
                out.put("properties", info.get().properties());
                out.put("snapshots", b.spi().capabilities().contains(Capability.SNAPSHOTS)
                        ? b.spi().snapshots(ref) : List.of());
            }
            return out;
        } catch (BackendException e) {
            throw ApiException.from(e, Code.VOLUME_BUSY);
        }
    }

    /** Writes an image into an existing volume (Cinder's copy_image_to_volume, after create_volume). */
    public Map<String, Object> copyImage(BridgeBackend b, OpRequest req) {
        VolumeSpec v = req.requireVolume();
        VolumeRef ref = b.existing(v);
        if (req.image() == null) {
            throw ApiException.invalid("missing field: image");
        }
        ImageSource image = images.probe(req.image());
        try (VolumeLocks.Held held = b.locks().acquire(BridgeBackend.lockKey(ref), Code.VOLUME_BUSY)) {
            VolumeInfo info = b.spi().find(ref).orElseThrow(() -> notFound(ref));
            if (image.virtualSizeBytes() > info.sizeBytes()) {
                throw ApiException.invalid("image is " + image.virtualSizeBytes() + " bytes, larger than volume "
                        + ref + " (" + info.sizeBytes() + " bytes)");
            }
            b.spi().importImage(ref, image, Progress.NONE);
            return Map.of("imported", true);
        } catch (BackendException e) {
            throw ApiException.from(e, Code.VOLUME_BUSY);
        }
    }

    public Map<String, Object> delete(BridgeBackend b, OpRequest req) {
        VolumeRef ref = b.existing(req.requireVolume());
        try (VolumeLocks.Held held = b.locks().acquire(BridgeBackend.lockKey(ref), Code.VOLUME_BUSY)) {
            VolumeBackend spi = b.spi();
            if (spi.find(ref).isEmpty()) {
                return Map.of("deleted", false);
            }
            // Snapshots would go with the volume (SPI delete); Cinder deletes them first itself, so
            // any left are not Cinder's to drop. Whether the volume is open on a host is the
            // backend's to judge (it answers BUSY): attachments() lists where a device may exist.
            if (spi.capabilities().contains(Capability.SNAPSHOTS) && !spi.snapshots(ref).isEmpty()) {
                throw new ApiException(Code.VOLUME_BUSY, "volume " + ref + " has snapshots");
            }
            spi.delete(ref, b.zeroOnDelete(ref));
            return Map.of("deleted", true);
        } catch (BackendException e) {
            throw ApiException.from(e, Code.VOLUME_BUSY);
        }
    }

    public Map<String, Object> extend(BridgeBackend b, OpRequest req) {
        VolumeRef ref = b.existing(req.requireVolume());
        long bytes = gib(req.newSizeGb(), "new_size_gb");
        try (VolumeLocks.Held held = b.locks().acquire(BridgeBackend.lockKey(ref), Code.VOLUME_BUSY)) {
            VolumeInfo info = b.spi().find(ref).orElseThrow(() -> notFound(ref));
            // Hosts where the volume is attached must see the new size (shared LVM: a refresh).
            // Asked also when the size is reached: a retry after a crash in between still refreshes.
            Set<String> attachedOn = new TreeSet<>(ConnectionOps.mappedHosts(b, req));
            if (info.sizeBytes() < bytes || !attachedOn.isEmpty()) {
                info = b.spi().resize(ref, bytes, attachedOn);
            }
            return Map.of("size_gb", info.sizeBytes() / Sizes.GIB);
        } catch (BackendException e) {
            throw ApiException.from(e, Code.VOLUME_BUSY);
        }
    }

    public Map<String, Object> cloneVolume(BridgeBackend b, OpRequest req) {
        VolumeSpec v = req.requireVolume();
        if (req.sourceVolume() == null) {
            throw ApiException.invalid("missing field: source_volume");
        }
        VolumeRef target = b.created(v);
        VolumeRef source = b.existing(req.sourceVolume());
        long bytes = gib(v.sizeGb(), "volume.size_gb");
        try (VolumeLocks.Held t = b.locks().acquire(BridgeBackend.lockKey(target), Code.VOLUME_BUSY);
             VolumeLocks.Held s = b.locks().acquire(BridgeBackend.lockKey(source), Code.VOLUME_BUSY)) {
            if (b.spi().find(source).isEmpty()) {
                throw notFound(source);
            }
            // The SPI replaces a target left by an earlier attempt, so a retry ends with a full copy.
            VolumeInfo info = b.spi().clone(source, target, bytes, Progress.NONE);
            return modelUpdate(b, info.ref());
        } catch (BackendException e) {
            throw ApiException.from(e, Code.VOLUME_BUSY);
        }
    }

    public Map<String, Object> fromSnapshot(BridgeBackend b, OpRequest req) {
        VolumeSpec v = req.requireVolume();
        SnapshotSpec s = req.requireSnapshot();
        VolumeRef target = b.created(v);
        VolumeRef parent = b.existing(s.volume());
        String snap = b.snapshotName(s);
        long bytes = gib(v.sizeGb(), "volume.size_gb");
        try (VolumeLocks.Held t = b.locks().acquire(BridgeBackend.lockKey(target), Code.VOLUME_BUSY);
             VolumeLocks.Held p = b.locks().acquire(BridgeBackend.lockKey(parent), Code.SNAPSHOT_BUSY)) {
            VolumeBackend spi = b.spi();
            requireSnapshot(spi, parent, snap);
            Optional<VolumeInfo> earlier = spi.find(target);
            if (earlier.isPresent()) {
                // Left by an earlier attempt that may have stopped half-way: start again. The name
                // comes from the new volume's name_id, so nothing else can own it.
                spi.delete(target, false);
            }
            VolumeInfo info = spi.createFromSnapshot(parent, snap, target);
            if (info.sizeBytes() < bytes) {
                try {
                    info = spi.resize(target, bytes);
                } catch (RuntimeException e) {
                    removeQuietly(spi, target, e);
                    throw e;
                }
            }
            return modelUpdate(b, info.ref());
        } catch (BackendException e) {
            throw ApiException.from(e, Code.SNAPSHOT_BUSY);
        }
    }

    /** UNSUPPORTED without snapshots, NOT_FOUND unless the volume and its snapshot exist. */
    static void requireSnapshot(VolumeBackend spi, VolumeRef parent, String snap) {
        SnapshotOps.requireSnapshots(spi);
        if (spi.find(parent).isEmpty() || !spi.snapshots(parent).contains(snap)) {
            throw new ApiException(Code.NOT_FOUND, "snapshot " + parent + "@" + snap + " not found");
        }
    }

    static Map<String, Object> modelUpdate(BridgeBackend b, VolumeRef ref) {
        Map<String, Object> update = new LinkedHashMap<>();
        update.put("provider_id", ref.name());
        update.put("provider_location", b.name() + ":" + ref.pool() + "/" + ref.name());
        return Map.of("model_update", update);
    }

    static ApiException notFound(VolumeRef ref) {
        return new ApiException(Code.NOT_FOUND, "volume " + ref + " not found");
    }

    private static void removeQuietly(VolumeBackend spi, VolumeRef ref, RuntimeException cause) {
        try {
            spi.delete(ref, false);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    static long gib(Integer gb, String field) {
        if (gb == null) {
            throw ApiException.invalid("missing field: " + field);
        }
        if (gb <= 0) {
            throw ApiException.invalid(field + " must be a positive number of GiB, not " + gb);
        }
        return Math.multiplyExact((long) gb, Sizes.GIB);
    }
}
