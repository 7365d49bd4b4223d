package io.storagedrivers.one.tm;

import java.util.List;

import io.storagedrivers.one.ActionContext;
import io.storagedrivers.one.HostPath;
import io.storagedrivers.one.OneException;
import io.storagedrivers.one.OneVm;
import io.storagedrivers.one.ProgressLog;
import io.storagedrivers.spi.VolumeRef;

/**
 * {@code cpds host:sysdir/disk.N SOURCE snap_id vmid img_ds_id}: disk save-as: copies the disk's
 * volume into the image volume a preceding {@code mkfs} (FORMAT save_as) allocated. Only the
 * current state (snap_id -1) is supported.
 */
public final class TmCpds extends TmAction {

    public TmCpds() {
        super(5, 5, "host:sysdir/disk.N SOURCE snap_id vmid img_ds_id");
    }

    @Override
    public String name() {
        return "cpds";
    }

    @Override
    void execute(List<String> args, ActionContext ctx) {
        VmDir src = VmDir.of(HostPath.parse(args.get(0)), vmId(args.get(3)));
        if (!"-1".equals(args.get(2))) {
            throw new OneException("save-as of a disk snapshot is not supported by " + ctx.profile().driverName()
                    + " (snapshot '" + args.get(2) + "')");
        }
        int imageDsId = dsId(args.get(4));
        VolumeRef target = ctx.profile().volumeOfSource(args.get(1), () -> ctx.one().datastore(imageDsId));
        OneVm vm = ctx.one().vm(src.vmId());
        VmDisk disk = VmDisk.of(ctx, vm, vm.requireDisk(src.requireDiskId()), ctx.one().datastore(src.systemDsId()));
        ctx.reply().info("copying " + disk.ref() + " to " + target);
        disk.backend().preferringHost(src.host()).copy(disk.ref(), target, new ProgressLog(ctx.reply(), "save-as of " + disk.ref()));
    }
}
