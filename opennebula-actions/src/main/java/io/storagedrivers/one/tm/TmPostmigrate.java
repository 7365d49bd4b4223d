package io.storagedrivers.one.tm;

import java.util.List;
import java.util.Map;

import io.storagedrivers.one.ActionContext;
import io.storagedrivers.spi.VolumeBackend;

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
        Migration m = Migration.betweenHosts(args, ctx).orElse(null);
        if (m == null) {
            return;
        }
        String left = succeeded ? m.src : m.dst;
        ctx.connectAhead(left);
        List<VmDisk> disks = m.disks(ctx);
        for (Map.Entry<VolumeBackend, List<VmDisk>> g : VmDisk.byBackend(disks).entrySet()) {
            // one request per backend to the host left behind
            g.getKey().detachAll(VmDisk.refs(g.getValue().stream().filter(d -> !d.sharedBetweenVms()).toList()), left);
            for (VmDisk d : g.getValue()) {
                d.backend().endMigration(d.ref(), m.src, m.dst, succeeded);
            }
        }
        if (!m.chained && !m.sharedDir(ctx)) {
            ctx.files(left).removeTree(m.dir.dir());
        }
        m.chainOthers(ctx, name(), args);
    }
}
