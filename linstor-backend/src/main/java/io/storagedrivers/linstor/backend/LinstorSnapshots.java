package io.storagedrivers.linstor.backend;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.storagedrivers.linstor.api.dto.ResourceDefinitionModify;
import io.storagedrivers.linstor.hl.Linstor;
import io.storagedrivers.linstor.hl.Resource;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.BackendException.Kind;
import io.storagedrivers.spi.VolumeInfo;
import io.storagedrivers.spi.VolumeRef;

/** Snapshots for {@link LinstorBackend}: one resource's, several at once (multi-snapshot), revert and restore. */
final class LinstorSnapshots {
    private final Linstor ls;
    /** Looks a volume up after a restore (the backend's {@code find}). */
    private final Function<VolumeRef, java.util.Optional<VolumeInfo>> find;

    LinstorSnapshots(Linstor ls, Function<VolumeRef, java.util.Optional<VolumeInfo>> find) {
        this.ls = ls;
        this.find = find;
    }

    List<String> list(VolumeRef volume) {
        return LinstorErrors.call("listing snapshots of " + volume.name(), () -> ls.resource(volume.name()).snapshots());
    }

    void create(VolumeRef volume, String snapshot) {
        LinstorErrors.run("cannot snapshot " + volume.name(),
                () -> LinstorBackend.existing(ls, volume).snapshotCreate(snapshot));
    }

    /**
     * LINSTOR's multi-snapshot ({@code POST /v1/actions/snapshot/multi}, REST 1.18): IO is
     * suspended on every resource, all snapshots are taken, IO resumes; all or nothing. A
     * controller older than 1.18 is refused in one line (separate snapshots would not be consistent).
     */
    void createTogether(Map<VolumeRef, String> snapshots) {
        String what = "cannot snapshot " + snapshots.keySet().stream().map(VolumeRef::name).toList() + " together";
        LinstorErrors.run(what, () -> {
            if (!ls.client().supports("1.18.0")) {
                throw new BackendException(Kind.UNSUPPORTED, what + ": the LINSTOR controller's REST API "
                        + ls.client().version().restApiVersion() + " has no multi-volume snapshots (1.18.0 or newer)");
            }
            Map<String, String> byRd = new LinkedHashMap<>();
            snapshots.forEach((v, snap) -> {
                if (byRd.put(LinstorBackend.existing(ls, v).linstorName(), snap) != null) {
                    throw new BackendException(Kind.INVALID, v.name() + " is named twice");
                }
            });
            ls.client().api().createSnapshots(byRd);
        });
    }

    void delete(VolumeRef volume, String snapshot) {
        LinstorErrors.run("cannot delete snapshot " + snapshot + " of " + volume.name(),
                () -> ls.resource(volume.name()).snapshotDelete(snapshot));
    }

    void revert(VolumeRef volume, String snapshot) {
        LinstorErrors.run("cannot revert " + volume.name() + " to " + snapshot,
                () -> LinstorBackend.existing(ls, volume).snapshotRollback(snapshot));
    }

    /** A new resource {@code target} from {@code snapshot}, moved into {@code target}'s group; removed again on failure. */
    VolumeInfo restore(VolumeRef volume, String snapshot, VolumeRef target) {
        return LinstorErrors.call("cannot create " + target.name() + " from " + snapshot, () -> {
            Resource src = LinstorBackend.existing(ls, volume);
            if (ls.resource(target.name()).defined()) {
                throw new BackendException(Kind.INVALID, "volume " + target + " already exists");
            }
            src.restoreFromSnapshot(snapshot, target.name());
            try {
                if (!target.pool().equalsIgnoreCase(src.resourceGroup())) {
                    ls.client().api().modifyResourceDefinition(target.name(), new ResourceDefinitionModify(null, null,
                            null, null, null, null, target.pool()));
                }
                return find.apply(target).orElseThrow();
            } catch (RuntimeException e) {
                try {
                    ls.resource(target.name()).delete(true); // no half-made copy in the wrong group
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
        });
    }
}
