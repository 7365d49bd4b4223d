package io.storagedrivers.one.tm;

import java.util.List;

import io.storagedrivers.one.ActionContext;
import io.storagedrivers.one.OneException;

/** TM actions this driver does not offer (disk snapshots, backups): a clear error, nothing run. */
public final class TmNotSupported extends TmAction {
    private final String name;

    public TmNotSupported(String name) {
        super(0, 1000, "");
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    void execute(List<String> args, ActionContext ctx) {
        throw new OneException(name + " is not supported by the " + ctx.profile().driverName() + " transfer driver");
    }
}
