package io.storagedrivers.one.tm;

import java.util.ArrayList;
import java.util.List;

import io.storagedrivers.one.ActionContext;

/**
 * {@code premigrate src dst sysdir vmid sys_ds_id [tm]}: before a live migration, activates every
 * disk of the VM on the destination (the backend may allow two users, e.g. DRBD dual primary) and
 * gives the destination the VM directory with its links. A failure undoes the activations.
 */
public final class TmPremigrate extends TmAction {

    public TmPremigrate() {
        super(5, 6, "src_host dst_host sysdir vmid sys_ds_id [calling_tm]");
    }

    @Override
    public String name() {
        return "premigrate";
    }

    @Override
    void execute(List<String> args, ActionContext ctx) {
        Migration m = Migration.parse(args, ctx);
        if (m.sameHost()) {
            ctx.reply().info("source and destination are both " + m.src + "; nothing to do");
            return;
        }
        List<VmDisk> done = new ArrayList<>();
        try {
            if (!m.chained && !VmDirSync.shared(ctx, m.src, m.dst, m.dir.dir())) {
                VmDirSync.copy(ctx, m.src, m.dir.dir(), m.dst, m.dir.dir());
            }
            for (VmDisk d : m.disks(ctx)) {
                done.add(d);
                VmDir link = VmDir.of(m.dir.location().child("disk." + d.disk().diskId()), m.vm.id());
                DiskLinks.attachAndLink(ctx, d.backend(), d.ref(), link);
                d.backend().beginMigration(d.ref(), m.src, m.dst);
            }
            m.chainOthers(ctx, name(), args);
        } catch (RuntimeException e) {
            for (VmDisk d : done) {
                try {
                    d.backend().endMigration(d.ref(), m.src, m.dst, false);
                    if (!d.sharedBetweenVms()) {
                        d.backend().detach(d.ref(), m.dst);
                    }
                } catch (RuntimeException undo) {
                    e.addSuppressed(undo);
                }
            }
            throw e;
        }
    }
}
