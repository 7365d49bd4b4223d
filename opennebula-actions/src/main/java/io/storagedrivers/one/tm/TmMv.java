package io.storagedrivers.one.tm;

import java.util.List;

import io.storagedrivers.one.ActionContext;
import io.storagedrivers.one.HostPath;
import io.storagedrivers.one.LcmState;
import io.storagedrivers.one.OneDatastore;
import io.storagedrivers.one.OneException;
import io.storagedrivers.one.OneVm;
import io.storagedrivers.one.ProgressLog;
import io.storagedrivers.spi.VolumeRef;

/**
 * {@code mv srchost:srcpath dsthost:dstpath vmid ds_id} for stop/undeploy (destination = frontend),
 * resume (source = frontend) and cold migration. For a {@code disk.N}: the VM's LCM_STATE decides
 * whether the source is deactivated (not when it is the frontend or a host that is down) and
 * whether the destination is activated and linked (not when the VM goes to the frontend); a VM
 * disk moving to another system datastore is copied into its pool. For the VM directory: its files
 * move host to host (nothing when both see the same directory).
 */
public final class TmMv extends TmAction {

    public TmMv() {
        super(4, 4, "srchost:srcpath dsthost:dstpath vmid ds_id");
    }

    @Override
    public String name() {
        return "mv";
    }

    @Override
    void execute(List<String> args, ActionContext ctx) {
        int vmId = vmId(args.get(2));
        dsId(args.get(3));
        VmDir src = VmDir.of(HostPath.parse(args.get(0)), vmId);
        VmDir dst = VmDir.of(HostPath.parse(args.get(1)), vmId);
        if ((src.diskId() < 0) != (dst.diskId() < 0) || src.diskId() != dst.diskId()) {
            throw new OneException("mv of " + src.location() + " to a different kind of path " + dst.location());
        }
        if (src.diskId() < 0) {
            moveDir(ctx, src, dst);
        } else {
            moveDisk(ctx, src, dst);
        }
    }

    private static void moveDisk(ActionContext ctx, VmDir src, VmDir dst) {
        OneVm vm = ctx.one().vm(src.vmId());
        int state = vm.lcmState();
        OneDatastore srcDs = ctx.one().datastore(src.systemDsId());
        VmDisk disk = VmDisk.of(ctx, vm, vm.requireDisk(src.diskId()), srcDs);
        boolean sameHost = src.host().equals(dst.host());
        if (!LcmState.SOURCE_UNTOUCHED.contains(state) && !sameHost && !disk.sharedBetweenVms()) {
            disk.backend().detach(disk.ref(), src.host());
            ctx.reply().info("deactivated " + disk.ref() + " on " + src.host());
        }
        VmDisk moved = disk;
        if (disk.owned() && src.systemDsId() != dst.systemDsId()) {
            moved = moveToDatastore(ctx, vm, disk, ctx.one().datastore(dst.systemDsId()), dst.host());
        }
        if (LcmState.TO_FRONTEND.contains(state)) {
            return;
        }
        DiskLinks.attachAndLink(ctx, moved.backend(), moved.ref(), dst);
    }

    /**
     * Cold migration to another system datastore: the volume moves into the new pool in place
     * when the backend can (same LINSTOR cluster: another resource group), else it is copied
     * there and the old one dropped.
     */
    private static VmDisk moveToDatastore(ActionContext ctx, OneVm vm, VmDisk disk, OneDatastore dstDs,
                                          String copyHost) {
        VmDisk target = VmDisk.of(ctx, vm, disk.disk(), dstDs);
        VolumeRef from = disk.ref();
        if (from.equals(target.ref())) {
            return target;
        }
        if (target.backend() == disk.backend() && disk.backend().moveToPool(from, target.ref().pool()).isPresent()) {
            ctx.reply().info("moved " + from + " to " + target.ref() + " in place");
            return target;
        }
        if (disk.backend().find(from).isPresent()) {
            target.backend().preferringHost(copyHost).clone(from, target.ref(), 0, new ProgressLog(ctx.reply(), "move of " + from));
            disk.backend().delete(from, false);
            ctx.reply().info("moved " + from + " to " + target.ref());
        }
        return target;
    }

    private static void moveDir(ActionContext ctx, VmDir src, VmDir dst) {
        if (src.location().equals(dst.location())) {
            return;
        }
        var srcFiles = ctx.files(src.host());
        if (!srcFiles.exists(src.dir())) {
            ctx.reply().info(src.location() + " is gone; nothing to move");
            return;
        }
        boolean samePath = src.dir().equals(dst.dir());
        if (samePath && VmDirSync.shared(ctx, ctx.one().datastore(dst.systemDsId()), src.host(), dst.host(), src.dir())) {
            ctx.reply().info(src.dir() + " is shared by " + src.host() + " and " + dst.host() + "; nothing to move");
            return;
        }
        VmDirSync.copy(ctx, src.host(), src.dir(), dst.host(), dst.dir());
        srcFiles.removeTree(src.dir());
    }
}
