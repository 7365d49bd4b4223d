package io.storagedrivers.one.datastore;

import io.storagedrivers.one.ActionContext;
import io.storagedrivers.one.DsActionData;
import io.storagedrivers.one.OneException;

/** Image snapshot actions ({@code snap_delete}, {@code snap_revert}, {@code snap_flatten}): not supported. */
public final class DsNotSupported extends DsAction {
    private final String name;

    public DsNotSupported(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    void run(DsActionData.Request request, ActionContext ctx) {
        throw new OneException(name + " is not supported by the " + ctx.profile().driverName() + " datastore driver");
    }
}
