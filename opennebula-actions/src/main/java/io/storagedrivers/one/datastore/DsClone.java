package io.storagedrivers.one.datastore;

import io.storagedrivers.one.ActionContext;
import io.storagedrivers.one.DsActionData;
import io.storagedrivers.one.OneDatastore;
import io.storagedrivers.one.OneImage;
import io.storagedrivers.one.ProgressLog;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeRef;

/**
 * {@code clone <new_image_id>}: copies the image whose SOURCE is in IMAGE/PATH into a new image
 * volume of this datastore. Prints {@code SOURCE raw}.
 */
public final class DsClone extends DsAction {

    @Override
    public String name() {
        return "clone";
    }

    @Override
    void run(DsActionData.Request request, ActionContext ctx) {
        OneImage image = image(request);
        OneDatastore ds = request.data().datastore();
        VolumeRef source = ctx.profile().volumeOfSource(image.path(), () -> ds);
        VolumeRef target = ctx.volume(ds, ctx.profile().imageVolumeName(image.id()));
        VolumeBackend backend = ctx.backend(ds);
        ctx.reply().info("cloning " + source + " (image " + image.cloningId() + ") to " + target);
        backend.clone(source, target, 0, new ProgressLog(ctx.reply(), "clone of image " + image.cloningId()));
        ctx.reply().result(ctx.profile().source(target) + " raw");
    }
}
