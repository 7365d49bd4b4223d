package io.storagedrivers.one.tm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.storagedrivers.one.ActionContext;
import io.storagedrivers.one.HostFiles;
import io.storagedrivers.spi.VolumeBackend;

/**
 * {@code premigrate src dst sysdir vmid sys_ds_id [tm]}: before a live migration, tells each backend
 * a migration begins (DRBD dual primary, shared LV locks on an lvmlockd VG), activates every
 * disk of the VM on the destination and
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
        Migration m = Migration.betweenHosts(args, ctx).orElse(null);
        if (m == null) {
            return;
        }
        ctx.connectAhead(m.dst);
        List<VmDisk> disks = m.disks(ctx);
        try {
            if (!m.chained && !m.sharedDir(ctx)) {
                VmDirSync.copy(ctx, m.src, m.dir.dir(), m.dst, m.dir.dir());
            }
            // before the destination activates: a shared lvmlockd VG shares the source's LV lock
            for (VmDisk d : disks) {
                d.backend().beginMigration(d.ref(), m.src, m.dst);
            }
            // per backend, the activations and the VM directory's links on the destination: one
            // request where the backend knows the device paths before activating (shared LVM)
            for (Map.Entry<VolumeBackend, List<VmDisk>> g : VmDisk.byBackend(disks).entrySet()) {
                Map<String, String> links = new LinkedHashMap<>();
                g.getKey().attachAllThen(VmDisk.refs(g.getValue()), m.dst, devices -> {
                    for (int i = 0; i < devices.size(); i++) {
                        VmDir link = VmDir.of(m.dir.location().child("disk." + g.getValue().get(i).disk().diskId()),
                                m.vm.id());
                        links.put(link.location().path(), devices.get(i));
                    }
                    return HostFiles.linkCommands(m.dir.dir(), links);
                }, commands -> ctx.files(m.dst).runAll(commands));
                links.forEach((link, device) -> ctx.reply().info("linked " + m.dst + ":" + link + " -> " + device));
            }
            m.chainOthers(ctx, name(), args);
        } catch (RuntimeException e) {
            // every disk is undone: detaching one that was never attached there is a no-op
            for (Map.Entry<VolumeBackend, List<VmDisk>> g : VmDisk.byBackend(disks).entrySet()) {
                try {
                    List<VmDisk> undone = g.getValue().stream().filter(d -> !d.sharedBetweenVms()).toList();
                    g.getKey().detachAll(VmDisk.refs(undone), m.dst);
                    for (VmDisk d : g.getValue()) {
                        g.getKey().endMigration(d.ref(), m.src, m.dst, false);
                    }
                    ctx.reply().info("undone after the failure: ended the migration of " + VmDisk.refs(g.getValue())
                            + " and deactivated " + VmDisk.refs(undone) + " on " + m.dst);
                } catch (RuntimeException undo) {
                    e.addSuppressed(undo);
                    ctx.reply().error("could not undo the activations on " + m.dst + ": " + undo.getMessage());
                }
            }
            throw e;
        }
    }
}
