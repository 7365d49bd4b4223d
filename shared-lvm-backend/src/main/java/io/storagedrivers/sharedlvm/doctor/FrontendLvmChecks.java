package io.storagedrivers.sharedlvm.doctor;

import java.util.ArrayList;
import java.util.List;

import io.storagedrivers.checks.DoctorNode;
import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandResult;
import io.storagedrivers.sharedlvm.lvm.LvmCommands;

/** Shared LVM checks of the node doctor runs on: the VGs, sudo rights, and LVM metadata writable here. */
final class FrontendLvmChecks {

    private static final long PROBE_SIZE = 4L * 1024 * 1024;

    private FrontendLvmChecks() {
    }

    static void run(LvmNode here, List<String> vgs, boolean expectWritable) {
        DoctorNode node = here.node();
        for (String vg : vgs) {
            here.visible(vg);
        }
        if (!node.root() && !vgs.isEmpty()) {
            sudoRights(here, vgs.get(0));
        }
        if (expectWritable && !vgs.isEmpty()) {
            CommandResult r = here.config("global/locking_type");
            String value = r.stdout().strip();
            boolean ok = r.ok() && !value.equals("locking_type=4");
            node.report(ok, ok ? "LVM metadata writable here (" + value + ")"
                    : "LVM metadata is read-only here (" + (r.ok() ? value : DoctorNode.reason(r))
                    + "): metadata changes must run on this node");
        }
    }

    /**
     * Not root: the driver runs LVM here through {@code sudo -n}; the command lines it builds must
     * be allowed (install.sh --frontend installs /etc/sudoers.d/storage-drivers-frontend), and an
     * LVM {@code --config} override must not be.
     */
    private static void sudoRights(LvmNode here, String vg) {
        LvmCommands ask = here.sudoList();
        String probe = "sd-doctor-0";
        List<Command> needed = List.of(ask.lvcreate(vg, probe, PROBE_SIZE, false, List.of()), ask.lvremove(vg, probe),
                ask.reports().lvs(vg), ask.activate(vg, probe));
        List<String> missing = new ArrayList<>();
        for (Command cmd : needed) {
            if (!here.run(cmd).ok()) {
                missing.add(cmd.argv().get(3));
            }
        }
        DoctorNode node = here.node();
        node.report(missing.isEmpty(), missing.isEmpty() ? "sudo allows the driver's LVM commands on " + vg
                : "sudo does not allow " + String.join(", ", missing) + " on " + vg
                + " (install.sh --frontend --vg " + vg + " installs /etc/sudoers.d/storage-drivers-frontend)");
        boolean override = here.run(ask.overridingLocking(ask.reports().lvs(vg))).ok();
        node.report(!override, override ? "sudo allows 'lvs --config ...': oneadmin can run any LVM configuration as root"
                : "sudo refuses LVM --config overrides");
    }
}
