package io.storagedrivers.one.tm;

import java.util.List;

import io.storagedrivers.one.ActionContext;
import io.storagedrivers.one.Cleanup;
import io.storagedrivers.one.HostPath;
import io.storagedrivers.one.OneDatastore;
import io.storagedrivers.one.OneDisk;
import io.storagedrivers.one.OneException;
import io.storagedrivers.one.OneVm;
import io.storagedrivers.one.ProgressLog;
import io.storagedrivers.spi.Sizes;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeRef;

/**
 * {@code clone fe:SOURCE host:sysdir/disk.N vmid img_ds_id}: a private copy of a non-persistent
 * image, sized max(DISK SIZE, image size), in the pool the profile chooses (the system datastore's,
 * or the image datastore's next to a system datastore of another driver), attached on the host and
 * linked as disk.N. A re-run replaces a half-made copy; a failure removes it.
 */
public final class TmClone extends TmAction {

    public TmClone() {
        super(4, 4, "fe:SOURCE host:sysdir/disk.N vmid img_ds_id");
    }

    @Override
    public String name() {
        return "clone";
    }

    @Override
    void execute(List<String> args, ActionContext ctx) {
        String source = sourceOf(args.get(0));
        VmDir dst = VmDir.of(HostPath.parse(args.get(1)), vmId(args.get(2)));
        int imageDsId = dsId(args.get(3));
        ctx.connectAhead(dst.host());
        VolumeRef image = ctx.profile().volumeOfSource(source, () -> ctx.one().datastore(imageDsId));
        OneVm vm = ctx.one().vm(dst.vmId());
        OneDisk disk = vm.requireDisk(dst.requireDiskId());
        if (disk.isVolatile()) {
            throw new OneException("DISK " + disk.diskId() + " of VM " + vm.id() + " has no image to clone");
        }
        OneDatastore home = ctx.profile().cloneDatastore(ctx.one().datastore(dst.systemDsId()),
                () -> ctx.one().datastore(imageDsId));
        VolumeRef target = ctx.volume(home, ctx.profile().cloneVolumeName(disk.imageId(), vm.id(), disk.diskId()));
        // the copy may run on the destination host when the frontend cannot open LVs
        VolumeBackend backend = ctx.backend(home).preferringHost(dst.host());
        long min = disk.sizeMb() > 0 ? Sizes.mibToBytes(disk.sizeMb()) : 0;
        ctx.reply().info("cloning " + image + " to " + target + " for " + dst.location());
        backend.clone(image, target, min, new ProgressLog(ctx.reply(), "clone of " + image));
        try {
            DiskLinks.attachAndLink(ctx, backend, target, dst);
        } catch (RuntimeException e) {
            DiskLinks.undo(ctx, backend, target, dst, true, e);
            Cleanup.deleteVolume(ctx, backend, target, e);
            throw e;
        }
    }
}
