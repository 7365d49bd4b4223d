package io.storagedrivers.one.datastore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.storagedrivers.one.ActionContext;
import io.storagedrivers.one.DsActionData;
import io.storagedrivers.one.OneDatastore;
import io.storagedrivers.one.OneException;
import io.storagedrivers.one.OneImage;
import io.storagedrivers.one.Snapshots;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeRef;

/**
 * Image snapshots ({@code snap_delete}, {@code snap_revert}, {@code snap_flatten} {@code <image_id>},
 * IMAGE/TARGET_SNAPSHOT naming the snapshot): the snapshots a VM took of a persistent image's disk.
 * Flatten keeps the image at the target snapshot's data and drops every OpenNebula snapshot of it:
 * the others first (newest first, so a backend that only rolls back to its latest snapshot can),
 * then rolls back, then drops the target. Snapshots not named by this driver are left alone.
 * Backends without snapshots answer "not supported" before anything changes.
 */
public final class DsSnap extends DsAction {
    private enum Op { DELETE, REVERT, FLATTEN }

    private final String name;
    private final Op op;

    private DsSnap(String name, Op op) {
        this.name = name;
        this.op = op;
    }

    public static DsSnap delete() {
        return new DsSnap("snap_delete", Op.DELETE);
    }

    public static DsSnap revert() {
        return new DsSnap("snap_revert", Op.REVERT);
    }

    public static DsSnap flatten() {
        return new DsSnap("snap_flatten", Op.FLATTEN);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    void run(DsActionData.Request request, ActionContext ctx) {
        OneImage image = image(request);
        OneDatastore ds = request.data().datastore();
        VolumeBackend backend = ctx.backend(ds);
        Snapshots.require(backend, ctx, name, "datastore");
        if (image.targetSnapshot() < 0) {
            throw new OneException(name + " of image " + image.id() + ": IMAGE/TARGET_SNAPSHOT is missing");
        }
        if (image.source().isBlank()) {
            throw new OneException(name + " of image " + image.id() + ": the image has no SOURCE");
        }
        VolumeRef ref = ctx.profile().volumeOfSource(image.source(), () -> ds);
        String snap = ctx.profile().snapshotName(image.targetSnapshot());
        switch (op) {
            case DELETE -> {
                backend.deleteSnapshot(ref, snap);
                ctx.reply().info("deleted snapshot " + snap + " of " + ref);
            }
            case REVERT -> {
                backend.revertSnapshot(ref, snap);
                ctx.reply().info("reverted " + ref + " to snapshot " + snap);
            }
            case FLATTEN -> flatten(ctx, backend, ref, snap);
            default -> throw new IllegalStateException(op.toString());
        }
    }

    private static void flatten(ActionContext ctx, VolumeBackend backend, VolumeRef ref, String snap) {
        List<String> have = backend.snapshots(ref);
        if (!have.contains(snap)) {
            throw new OneException("snapshot " + snap + " of " + ref + " does not exist");
        }
        List<Integer> others = new ArrayList<>();
        for (String s : have) {
            int id = snapshotId(ctx, s);
            if (id >= 0 && !s.equals(snap)) {
                others.add(id);
            }
        }
        others.sort(Comparator.reverseOrder());
        for (int id : others) {
            backend.deleteSnapshot(ref, ctx.profile().snapshotName(id));
        }
        backend.revertSnapshot(ref, snap);
        backend.deleteSnapshot(ref, snap);
        ctx.reply().info("flattened " + ref + " to snapshot " + snap + " (" + (others.size() + 1)
                + " snapshot(s) removed)");
    }

    /** The OpenNebula id of a snapshot this driver named, -1 for any other snapshot. */
    private static int snapshotId(ActionContext ctx, String snapshot) {
        String prefix = ctx.profile().snapshotName(0);
        prefix = prefix.substring(0, prefix.length() - 1);
        if (!snapshot.startsWith(prefix)) {
            return -1;
        }
        String rest = snapshot.substring(prefix.length());
        if (!rest.matches("0|[1-9][0-9]{0,8}") || !ctx.profile().snapshotName(Integer.parseInt(rest)).equals(snapshot)) {
            return -1;
        }
        return Integer.parseInt(rest);
    }
}
