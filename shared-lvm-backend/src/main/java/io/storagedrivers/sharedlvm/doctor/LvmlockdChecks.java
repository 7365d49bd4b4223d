package io.storagedrivers.sharedlvm.doctor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.storagedrivers.checks.DoctorNode;
import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandFailedException;
import io.storagedrivers.exec.CommandResult;

/**
 * Checks of a node of shared VGs (lvmlockd + sanlock, docs/lvmlockd.md): {@code use_lvmlockd = 1},
 * a {@code host_id} from 1 to 2000 that no other node checked in this run has, the lvmlockd and
 * sanlock daemons running, and the lockspace of every shared VG started. One instance per doctor
 * run: it remembers the host_ids seen.
 */
final class LvmlockdChecks {
    private final List<String> sharedVgs;
    private final Map<Integer, String> hostIds = new HashMap<>();

    private LvmlockdChecks(List<String> sharedVgs) {
        this.sharedVgs = List.copyOf(sharedVgs);
    }

    /** The VGs among {@code vgs} whose lock type (as {@code local} reports it) is sanlock or dlm. */
    static LvmlockdChecks of(LvmNode local, List<String> vgs) {
        List<String> shared = new ArrayList<>();
        for (String vg : vgs) {
            try {
                CommandResult r = local.run(local.lvm().reports().lockType(vg));
                String type = r.stdout().strip();
                if (r.ok() && (type.equals("sanlock") || type.equals("dlm"))) {
                    shared.add(vg);
                }
            } catch (CommandFailedException e) {
                // the VG checks report what is wrong with the VG
            }
        }
        return new LvmlockdChecks(shared);
    }

    List<String> sharedVgs() {
        return sharedVgs;
    }

    /** Whether this node's lvm.conf says {@code use_lvmlockd = 1}. */
    static boolean usedBy(LvmNode lvm) {
        CommandResult r = lvm.config("global/use_lvmlockd");
        return r.ok() && r.stdout().strip().equals("use_lvmlockd=1");
    }

    /** Runs the checks on one node. */
    void run(LvmNode lvm) {
        DoctorNode node = lvm.node();
        String setUp = " (install.sh ... --lvmlockd <host_id>)";
        if (!usedBy(lvm)) {
            node.report(false, "VG " + String.join(", ", sharedVgs) + " shared (lvmlockd) but lvm.conf has no"
                    + " use_lvmlockd = 1 here" + setUp);
            return;
        }
        node.report(true, "lvm.conf use_lvmlockd = 1");
        hostId(lvm, setUp);
        for (String daemon : List.of("lvmlockd", "sanlock")) {
            boolean running = lvm.run(Command.of("pidof", daemon)).ok();
            node.report(running, daemon + (running ? " running" : " not running (systemctl enable --now wdmd sanlock"
                    + " lvmlockd lvmlocks)"));
        }
        CommandResult info = lvm.run(lvm.lvm().reports().lockspaces());
        for (String vg : sharedVgs) {
            boolean started = info.ok() && info.stdout().lines().anyMatch(l -> l.startsWith("VG " + vg + " lock_type="));
            node.report(started, "lockspace of VG " + vg + (started ? " started" : " not started"
                    + (info.ok() ? "" : " (lvmlockctl --info: " + DoctorNode.reason(info) + ")") + ": vgchange --lock-start " + vg));
        }
    }

    private void hostId(LvmNode lvm, String setUp) {
        CommandResult r = lvm.config("local/host_id");
        String value = r.stdout().strip();
        int id = -1;
        if (r.ok() && value.startsWith("host_id=")) {
            try {
                id = Integer.parseInt(value.substring("host_id=".length()));
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        DoctorNode node = lvm.node();
        if (id < 1 || id > 2000) {
            node.report(false, "lvmlocal.conf host_id " + (r.ok() ? value : "unset") + ", want 1 to 2000" + setUp);
            return;
        }
        String other = hostIds.putIfAbsent(id, node.name());
        node.report(other == null, "host_id " + id + (other == null ? " (no other checked node has it)"
                : " is also " + other + "'s: sanlock leases of two nodes with one host_id collide; give each its own"));
    }
}
