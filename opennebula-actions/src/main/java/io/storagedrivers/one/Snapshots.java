package io.storagedrivers.one;

import io.storagedrivers.spi.Capability;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeRef;

/**
 * What the generic snapshot actions (TM snap_*, DS snap_*) share: the capability check, the
 * snapshot name of an OpenNebula snapshot id, and replacing a stale snapshot of the same name.
 */
public final class Snapshots {
    private Snapshots() {
    }

    /**
     * Fails with "{@code action} is not supported by the {@code <driver> <kind>} driver" unless
     * {@code backend} offers snapshots. Nothing has been changed when this throws.
     */
    public static void require(VolumeBackend backend, ActionContext ctx, String action, String kind) {
        if (!backend.capabilities().contains(Capability.SNAPSHOTS)) {
            throw new OneException(action + " is not supported by the " + ctx.profile().driverName() + " " + kind
                    + " driver");
        }
    }

    /** The backend name of OpenNebula snapshot {@code snapId} (checked: a non-negative id). */
    public static String name(ActionContext ctx, String snapId) {
        return ctx.profile().snapshotName(OneArgs.id("snapshot id", snapId));
    }

    /**
     * Takes snapshot {@code name} of {@code volume}. A snapshot of that name left by an earlier run
     * oned recorded as failed (oned gives the id again) is replaced: oned knows no such snapshot.
     */
    public static void create(VolumeBackend backend, VolumeRef volume, String name, Reply reply) {
        if (backend.snapshots(volume).contains(name)) {
            reply.info("replacing snapshot " + name + " of " + volume + " left by an earlier failed run");
            backend.deleteSnapshot(volume, name);
        }
        backend.createSnapshot(volume, name);
        reply.info("created snapshot " + name + " of " + volume);
    }
}
