package io.storagedrivers.one.tm;

import java.util.List;

import io.storagedrivers.one.ActionContext;
import io.storagedrivers.one.HostPath;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeRef;

/**
 * {@code ln fe:SOURCE host:sysdir/disk.N vmid img_ds_id}: a persistent image (or CD-ROM) used in
 * place: its volume is attached on the host and linked as disk.N. Nothing is copied.
 */
public final class TmLn extends TmAction {

    public TmLn() {
        super(4, 4, "fe:SOURCE host:sysdir/disk.N vmid img_ds_id");
    }

    @Override
    public String name() {
        return "ln";
    }

    @Override
    void execute(List<String> args, ActionContext ctx) {
        String source = sourceOf(args.get(0));
        VmDir dst = VmDir.of(HostPath.parse(args.get(1)), vmId(args.get(2)));
        dst.requireDiskId();
        int imageDsId = dsId(args.get(3));
        ctx.connectAhead(dst.host());
        VolumeRef ref = ctx.profile().volumeOfSource(source, () -> ctx.one().datastore(imageDsId));
        VolumeBackend backend = ctx.backend(ctx.one().datastore(imageDsId));
        boolean wasAttached = backend.attachedOn(ref, dst.host());
        try {
            DiskLinks.attachAndLink(ctx, backend, ref, dst);
        } catch (RuntimeException e) {
            DiskLinks.undo(ctx, backend, ref, dst, !wasAttached, e);
            throw e;
        }
    }
}
