package io.storagedrivers.one.datastore;

import io.storagedrivers.one.ActionContext;
import io.storagedrivers.one.DsActionData;
import io.storagedrivers.one.OneArgs;
import io.storagedrivers.one.OneDatastore;
import io.storagedrivers.one.OneException;
import io.storagedrivers.spi.PoolInfo;
import io.storagedrivers.spi.Sizes;

/**
 * {@code monitor <ds_id>} (image DS; also the system DS monitor, which oned runs as
 * tm/&lt;drv&gt;/monitor with the same arguments): one backend capacity call, printed as
 * {@code USED_MB= FREE_MB= TOTAL_MB=}.
 */
public final class DsMonitor extends DsAction {

    @Override
    public String name() {
        return "monitor";
    }

    @Override
    void run(DsActionData.Request request, ActionContext ctx) {
        int id = OneArgs.id("datastore id", request.id());
        OneDatastore ds = request.data().datastore();
        if (ds.id() != id) {
            throw new OneException("datastore id argument " + id + " does not match DATASTORE/ID " + ds.id());
        }
        PoolInfo pool = ctx.backend(ds).pool(ctx.profile().pool(ds));
        long total = pool.totalBytes() / Sizes.MIB;
        long free = pool.freeBytes() / Sizes.MIB;
        ctx.reply().result("USED_MB=" + (total - free) + " FREE_MB=" + free + " TOTAL_MB=" + total);
    }
}
