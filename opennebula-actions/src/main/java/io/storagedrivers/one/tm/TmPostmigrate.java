package io.storagedrivers.one.tm;

import java.util.List;

import io.storagedrivers.one.ActionContext;

/**
 * {@code postmigrate} (after a successful live migration) and {@code failmigrate} (after a failed
 * one): deactivate the disks on the side the VM no longer runs on (source after success,
 * destination after failure), tell the backend the migration ended, and remove that side's VM
 * directory unless it is shared. Source equal to destination touches nothing.
 */
public final class TmPostmigrate extends TmAction {
    private final boolean succeeded;

    private TmPostmigrate(boolean succeeded) {
        super(5, 6, "src_host dst_host sysdir vmid sys_ds_id [calling_tm]");
        this.succeeded = succeeded;
    }

    public static TmPostmigrate postmigrate() {
        return new TmPostmigrate(true);
    }

    public static TmPostmigrate failmigrate() {
        return new TmPostmigrate(false);
    }

    @Override
    public String name() {
        return succeeded ? "postmigrate" : "failmigrate";
    }

    @Override
    void execute(List<String> args, ActionContext ctx) {
        Migration m = Migration.parse(args, ctx);
        if (m.sameHost()) {
            ctx.reply().info("source and destination are both " + m.src + "; nothing to do");
            return;
        }
        String left = succeeded ? m.src : m.dst;
        for (VmDisk d : m.disks(ctx)) {
            if (!d.sharedBetweenVms()) {
                d.backend().detach(d.ref(), left);
            }
            d.backend().endMigration(d.ref(), m.src, m.dst, succeeded);
        }
        if (!m.chained && !VmDirSync.shared(ctx, m.src, m.dst, m.dir.dir())) {
            ctx.files(left).removeTree(m.dir.dir());
        }
        m.chainOthers(ctx, name(), args);
    }
}
