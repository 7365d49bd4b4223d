package io.storagedrivers.one.datastore;

import io.storagedrivers.one.ActionContext;
import io.storagedrivers.one.DsActionData;
import io.storagedrivers.one.OneDatastore;
import io.storagedrivers.one.OneImage;
import io.storagedrivers.spi.VolumeRef;

/**
 * {@code rm <image_id>}: removes the image volume (and its snapshots); one already gone is fine.
 * First it is deactivated where datastore actions activate images ({@link BridgeHosts}: every
 * BRIDGE_LIST host, else the frontend): a device-mapper table left on a host after the lvremove
 * would map extents that the next volume gets (OpenNebula refuses rm of an image in use, so no
 * VM has it). The copy an export staged for the marketplace ({@link DsExport}) goes too.
 */
public final class DsRm extends DsAction {

    @Override
    public String name() {
        return "rm";
    }

    @Override
    void run(DsActionData.Request request, ActionContext ctx) {
        OneImage image = image(request);
        OneDatastore ds = request.data().datastore();
        if (image.source().isBlank()) {
            ctx.reply().info("image " + image.id() + " has no SOURCE; nothing to remove");
            return;
        }
        VolumeRef ref = ctx.profile().volumeOfSource(image.source(), () -> ds);
        var backend = ctx.backend(ds);
        for (String host : ds.bridgeList().isEmpty() ? java.util.List.of(BridgeHosts.FRONTEND) : ds.bridgeList()) {
            String h = io.storagedrivers.one.HostPath.host(host);
            if (backend.attachedOn(ref, h)) {
                backend.detach(ref, h);
            }
            removeStagedExport(ctx, h, DsExport.stagedFile(ds, image.id()));
        }
        backend.delete(ref, false);
        ctx.reply().info("removed " + ref);
    }

    /**
     * Best effort (a bridge host that is down must not keep the image): a download that never
     * happened leaves the frontend's copy too (DISPOSE=YES is the marketplace's job).
     */
    private static void removeStagedExport(ActionContext ctx, String host, String file) {
        try {
            ctx.runners().host(host).run(io.storagedrivers.exec.Command.of("rm", "-f", file));
        } catch (RuntimeException e) {
            ctx.reply().info("could not remove the export copy " + file + " on " + host + " (remove it by hand): "
                    + e.getMessage());
        }
    }
}
