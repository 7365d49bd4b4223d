package io.storagedrivers.one.tm;

import java.util.List;

import io.storagedrivers.one.ActionContext;
import io.storagedrivers.one.HostPath;
import io.storagedrivers.one.OneVm;
import io.storagedrivers.one.Snapshots;
import io.storagedrivers.spi.VolumeBackend;

/**
 * {@code snap_create|snap_create_live|snap_delete|snap_revert host:sysdir/disk.N snap_id vmid ds_id}:
 * disk snapshots on the volume behind the disk (the VM's copy, or the persistent image itself),
 * named by {@link io.storagedrivers.one.OneDriverProfile#snapshotName}. Backends without
 * snapshots answer "not supported" before anything changes. The live variant takes the same
 * crash-consistent snapshot of the running VM's disk (as addon-linstor does; no guest freeze).
 */
public final class TmSnap extends TmAction {
    private enum Op { CREATE, DELETE, REVERT }

    private final String name;
    private final Op op;

    private TmSnap(String name, Op op) {
        super(4, 4, "host:sysdir/disk.N snap_id vmid ds_id");
        this.name = name;
        this.op = op;
    }

    public static TmSnap create() {
        return new TmSnap("snap_create", Op.CREATE);
    }

    public static TmSnap createLive() {
        return new TmSnap("snap_create_live", Op.CREATE);
    }

    public static TmSnap delete() {
        return new TmSnap("snap_delete", Op.DELETE);
    }

    public static TmSnap revert() {
        return new TmSnap("snap_revert", Op.REVERT);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    void execute(List<String> args, ActionContext ctx) {
        VmDir path = VmDir.of(HostPath.parse(args.get(0)), vmId(args.get(2)));
        String snap = Snapshots.name(ctx, args.get(1));
        dsId(args.get(3));
        OneVm vm = ctx.one().vm(path.vmId());
        VmDisk disk = VmDisk.of(ctx, vm, vm.requireDisk(path.requireDiskId()), ctx.one().datastore(path.systemDsId()));
        Snapshots.require(disk.backend(), ctx, name, "transfer");
        // the VM's host: where a backend that changes snapshots where the disk is active looks first
        VolumeBackend backend = disk.backend().preferringHost(path.host());
        switch (op) {
            case CREATE -> Snapshots.create(backend, disk.ref(), snap, ctx.reply());
            case DELETE -> {
                backend.deleteSnapshot(disk.ref(), snap);
                ctx.reply().info("deleted snapshot " + snap + " of " + disk.ref());
            }
            case REVERT -> {
                backend.revertSnapshot(disk.ref(), snap);
                ctx.reply().info("reverted " + disk.ref() + " to snapshot " + snap);
            }
            default -> throw new IllegalStateException(op.toString());
        }
    }
}
