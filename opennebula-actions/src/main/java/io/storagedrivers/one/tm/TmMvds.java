package io.storagedrivers.one.tm;

import java.util.List;

import io.storagedrivers.one.ActionContext;
import io.storagedrivers.one.HostPath;
import io.storagedrivers.spi.VolumeRef;

/**
 * {@code mvds host:sysdir/disk.N SOURCE vmid img_ds_id}: a persistent image goes back to its
 * datastore: the VM used it in place, so it is only deactivated on the host and unlinked.
 */
public final class TmMvds extends TmAction {

    public TmMvds() {
        super(4, 4, "host:sysdir/disk.N SOURCE vmid img_ds_id");
    }

    @Override
    public String name() {
        return "mvds";
    }

    @Override
    void execute(List<String> args, ActionContext ctx) {
        VmDir src = VmDir.of(HostPath.parse(args.get(0)), vmId(args.get(2)));
        src.requireDiskId();
        int imageDsId = dsId(args.get(3));
        VolumeRef ref = ctx.profile().volumeOfSource(args.get(1), () -> ctx.one().datastore(imageDsId));
        ctx.backend(ctx.one().datastore(imageDsId)).detach(ref, src.host());
        ctx.files(src.host()).remove(src.location().path());
        ctx.reply().info("released " + ref + " from " + src.location());
    }
}
