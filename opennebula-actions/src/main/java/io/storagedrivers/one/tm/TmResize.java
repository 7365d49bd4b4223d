package io.storagedrivers.one.tm;

import java.util.List;
import java.util.Set;

import io.storagedrivers.one.ActionContext;
import io.storagedrivers.one.HostPath;
import io.storagedrivers.one.OneArgs;
import io.storagedrivers.one.OneVm;
import io.storagedrivers.spi.Sizes;

/**
 * {@code resize host:sysdir/disk.N new_size_mb vmid ds_id}: grows the disk's volume; the backend
 * makes the host where it is active see the new size (shared LVM: lvextend on the frontend, then
 * {@code vgchange --refresh} on the host where the LV is active, in one request there).
 */
public final class TmResize extends TmAction {

    public TmResize() {
        super(4, 4, "host:sysdir/disk.N new_size_mb vmid ds_id");
    }

    @Override
    public String name() {
        return "resize";
    }

    @Override
    void execute(List<String> args, ActionContext ctx) {
        VmDir path = VmDir.of(HostPath.parse(args.get(0)), vmId(args.get(2)));
        long sizeMb = OneArgs.sizeMb(args.get(1));
        dsId(args.get(3));
        if (ctx.profile().resizeAsksTheHost()) {
            ctx.connectAhead(path.host());
        }
        OneVm vm = ctx.one().vm(path.vmId());
        VmDisk disk = VmDisk.of(ctx, vm, vm.requireDisk(path.requireDiskId()), ctx.one().datastore(path.systemDsId()));
        // the host keeps the old size of an active volume until the backend refreshes it there
        disk.backend().resize(disk.ref(), Sizes.mibToBytes(sizeMb), Set.of(path.host()));
        ctx.reply().info("resized " + disk.ref() + " to " + sizeMb + " MiB");
    }
}
