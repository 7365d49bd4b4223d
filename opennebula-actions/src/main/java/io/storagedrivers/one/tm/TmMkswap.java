package io.storagedrivers.one.tm;

import java.util.List;

import io.storagedrivers.one.ActionContext;
import io.storagedrivers.one.OneArgs;

/** {@code mkswap size_mb host:sysdir/disk.N vmid sys_ds_id}: {@link TmMkimage} with format swap. */
public final class TmMkswap extends TmMkimage {

    public TmMkswap() {
        super(4, "size_mb host:sysdir/disk.N vmid sys_ds_id");
    }

    @Override
    public String name() {
        return "mkswap";
    }

    @Override
    void execute(List<String> args, ActionContext ctx) {
        make(ctx, OneArgs.sizeMb(args.get(0)), "swap", args.get(1), args.get(2), args.get(3));
    }
}
