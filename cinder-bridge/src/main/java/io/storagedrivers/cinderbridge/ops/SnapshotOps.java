package io.storagedrivers.cinderbridge.ops;

import java.util.List;
import java.util.Map;

import io.storagedrivers.cinderbridge.ops.ApiException.Code;
import io.storagedrivers.cinderbridge.ops.OpRequest.SnapshotSpec;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.Capability;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeRef;

/** Snapshot create and delete; both idempotent, both under the parent volume's lock. */
public final class SnapshotOps {

    public Map<String, Object> create(BridgeBackend b, OpRequest req) {
        SnapshotSpec s = req.requireSnapshot();
        VolumeRef parent = b.existing(s.volume());
        String snap = b.snapshotName(s);
        try (VolumeLocks.Held held = b.locks().acquire(BridgeBackend.lockKey(parent), Code.VOLUME_BUSY)) {
            VolumeBackend spi = b.spi();
            requireSnapshots(spi);
            if (spi.find(parent).isEmpty()) {
                throw VolumeOps.notFound(parent);
            }
            if (!spi.snapshots(parent).contains(snap)) {
                spi.createSnapshot(parent, snap);
            }
            return Map.of("model_update", Map.of("provider_id", snap,
                    "provider_location", b.name() + ":" + parent.pool() + "/" + parent.name() + "@" + snap));
        } catch (BackendException e) {
            throw ApiException.from(e, Code.VOLUME_BUSY);
        }
    }

    /**
     * Cinder's create_group_snapshot for a consistent group: one snapshot per volume of the group,
     * taken together by the backend (LINSTOR's multi-snapshot), all or nothing; refused as
     * UNSUPPORTED by backends that cannot (the Python driver then lets Cinder snapshot the volumes
     * one by one). A retry after all were taken answers the same; the parents are locked in name
     * order.
     */
    public Map<String, Object> createGroup(BridgeBackend b, OpRequest req) {
        if (req.snapshots() == null || req.snapshots().isEmpty()) {
            throw ApiException.invalid("missing field: snapshots");
        }
        VolumeBackend spi = b.spi();
        if (!spi.capabilities().contains(Capability.GROUP_SNAPSHOTS)) {
            throw new ApiException(Code.UNSUPPORTED, spi.kind() + " cannot snapshot a group of volumes consistently");
        }
        Map<VolumeRef, String> wanted = new java.util.LinkedHashMap<>();
        Map<String, VolumeRef> parentOf = new java.util.LinkedHashMap<>();
        for (SnapshotSpec s : req.snapshots()) {
            if (s.volume() == null) {
                throw ApiException.invalid("missing field: snapshots[].volume");
            }
            VolumeRef parent = b.existing(s.volume());
            if (wanted.put(parent, b.snapshotName(s)) != null) {
                throw ApiException.invalid("volume " + parent.name() + " appears twice in the group snapshot");
            }
            parentOf.put(s.id(), parent);
        }
        List<VolumeLocks.Held> held = new java.util.ArrayList<>();
        try {
            for (VolumeRef p : wanted.keySet().stream().sorted(java.util.Comparator.comparing(BridgeBackend::lockKey))
                    .toList()) {
                held.add(b.locks().acquire(BridgeBackend.lockKey(p), Code.VOLUME_BUSY));
            }
            long have = wanted.entrySet().stream().filter(e -> spi.snapshots(e.getKey()).contains(e.getValue())).count();
            if (have > 0 && have < wanted.size()) {
                throw ApiException.invalid("some snapshots of the group exist already, others not: delete them first");
            }
            if (have == 0) {
                spi.createSnapshots(wanted);
            }
            List<Map<String, Object>> out = new java.util.ArrayList<>();
            parentOf.forEach((id, parent) -> out.add(Map.of("id", id, "provider_id", wanted.get(parent),
                    "provider_location", b.name() + ":" + parent.pool() + "/" + parent.name() + "@" + wanted.get(parent))));
            return Map.of("snapshots", out);
        } catch (BackendException e) {
            throw ApiException.from(e, Code.VOLUME_BUSY);
        } finally {
            held.forEach(VolumeLocks.Held::close);
        }
    }

    public Map<String, Object> delete(BridgeBackend b, OpRequest req) {
        SnapshotSpec s = req.requireSnapshot();
        VolumeRef parent = b.existing(s.volume());
        String snap = b.snapshotName(s);
        try (VolumeLocks.Held held = b.locks().acquire(BridgeBackend.lockKey(parent), Code.SNAPSHOT_BUSY)) {
            VolumeBackend spi = b.spi();
            requireSnapshots(spi);
            if (spi.find(parent).isEmpty() || !spi.snapshots(parent).contains(snap)) {
                return Map.of("deleted", false);
            }
            spi.deleteSnapshot(parent, snap);
            return Map.of("deleted", true);
        } catch (BackendException e) {
            throw ApiException.from(e, Code.SNAPSHOT_BUSY);
        }
    }

    /**
     * Rolls the volume back to the snapshot in place. A rollback may leave the volume at the
     * snapshot's size; it is grown back to the size Cinder knows. Retrying repeats the rollback:
     * same end state.
     */
    public Map<String, Object> revert(BridgeBackend b, OpRequest req) {
        SnapshotSpec s = req.requireSnapshot();
        VolumeRef parent = b.existing(req.volume() != null ? req.volume() : s.volume());
        String snap = b.snapshotName(s);
        Integer sizeGb = req.volume() != null ? req.volume().sizeGb() : null;
        try (VolumeLocks.Held held = b.locks().acquire(BridgeBackend.lockKey(parent), Code.VOLUME_BUSY)) {
            VolumeBackend spi = b.spi();
            VolumeOps.requireSnapshot(spi, parent, snap);
            spi.revertSnapshot(parent, snap);
            if (sizeGb != null) {
                long bytes = VolumeOps.gib(sizeGb, "volume.size_gb");
                if (spi.find(parent).orElseThrow(() -> VolumeOps.notFound(parent)).sizeBytes() < bytes) {
                    spi.resize(parent, bytes);
                }
            }
            return Map.of("reverted", true);
        } catch (BackendException e) {
            throw ApiException.from(e, Code.VOLUME_BUSY);
        }
    }

    /** UNSUPPORTED unless the backend has snapshots. */
    static void requireSnapshots(VolumeBackend spi) {
        if (!spi.capabilities().contains(Capability.SNAPSHOTS)) {
            throw new ApiException(Code.UNSUPPORTED, "snapshots not supported by the " + spi.kind() + " backend");
        }
    }
}
