package io.storagedrivers.one.datastore;

import io.storagedrivers.one.ActionContext;
import io.storagedrivers.one.DsActionData;
import io.storagedrivers.one.OneArgs;
import io.storagedrivers.spi.Sizes;

/** {@code stat <request_id>}: the size in MB a PATH (file or URL) will take as a disk. */
public final class DsStat extends DsAction {

    @Override
    public String name() {
        return "stat";
    }

    @Override
    void run(DsActionData.Request request, ActionContext ctx) {
        OneArgs.id("request id", request.id());
        String path = request.data().requireImage().path();
        ImageLocation location = ImageLocation.of(path, request.data().datastore());
        ctx.reply().result(Long.toString(Math.max(1, Sizes.bytesToMibCeil(location.virtualSize()))));
    }
}
