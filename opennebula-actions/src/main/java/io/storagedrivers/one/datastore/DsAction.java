package io.storagedrivers.one.datastore;

import java.util.List;

import io.storagedrivers.one.ActionContext;
import io.storagedrivers.one.DsActionData;
import io.storagedrivers.one.OneAction;
import io.storagedrivers.one.OneArgs;
import io.storagedrivers.one.OneException;
import io.storagedrivers.one.OneImage;

/** A datastore action: argv is the object id, the action document comes on stdin (argv before 6.8). */
abstract class DsAction implements OneAction {

    @Override
    public final void run(List<String> args, ActionContext ctx) {
        run(DsActionData.read(args, ctx.stdin()), ctx);
    }

    abstract void run(DsActionData.Request request, ActionContext ctx);

    /** The IMAGE of the document, checked against the image id oned passed as argument. */
    static OneImage image(DsActionData.Request request) {
        int id = OneArgs.id("image id", request.id());
        OneImage image = request.data().requireImage();
        if (image.id() != id) {
            throw new OneException("image id argument " + id + " does not match IMAGE/ID " + image.id());
        }
        return image;
    }
}
