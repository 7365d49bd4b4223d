package io.storagedrivers.one.datastore;

import io.storagedrivers.one.ActionContext;
import io.storagedrivers.one.DsActionData;
import io.storagedrivers.one.OneDatastore;
import io.storagedrivers.one.OneImage;
import io.storagedrivers.spi.VolumeRef;

/** {@code rm <image_id>}: removes the image volume (and its snapshots); one already gone is fine. */
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
        ctx.backend(ds).delete(ref, false);
        ctx.reply().info("removed " + ref);
    }
}
