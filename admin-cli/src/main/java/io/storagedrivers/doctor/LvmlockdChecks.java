package io.storagedrivers.doctor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

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
    static LvmlockdChecks of(Lvm local, List<String> vgs) {
        List<String> shared = new ArrayList<>();
        for (String vg : vgs) {
            try {
                CommandResult r = local.root("vgs", "--noheadings", "-o", "lock_type", vg);
                String type = r.stdout().strip();
                if (r.ok() && (type.equals("sanlock") || type.equals("dlm"))) {
                    shared.add(vg);
                }
            } catch (io.storagedrivers.exec.CommandFailedException e) {
                // the VG checks report what is wrong with the VG
            }
        }
        return new LvmlockdChecks(shared);
    }

    List<String> sharedVgs() {
        return sharedVgs;
    }

    /** Whether this node's lvm.conf says {@code use_lvmlockd = 1}. */
    static boolean usedBy(Lvm lvm) {
        CommandResult r = lvm.plain("lvmconfig", "--type", "full", "global/use_lvmlockd");
        return r.ok() && r.stdout().strip().equals("use_lvmlockd=1");
    }

    /** Runs the checks on one node; {@code report} takes (ok, line). */
    void run(String node, Lvm lvm, BiConsumer<Boolean, String> report) {
        String setUp = " (install.sh ... --lvmlockd <host_id>)";
        if (!usedBy(lvm)) {
            report.accept(false, "VG " + String.join(", ", sharedVgs) + " shared (lvmlockd) but lvm.conf has no"
                    + " use_lvmlockd = 1 here" + setUp);
            return;
        }
        report.accept(true, "lvm.conf use_lvmlockd = 1");
        hostId(node, lvm, report, setUp);
        for (String daemon : List.of("lvmlockd", "sanlock")) {
            boolean running = lvm.plain("pidof", daemon).ok();
            report.accept(running, daemon + (running ? " running" : " not running (systemctl enable --now wdmd sanlock"
                    + " lvmlockd lvmlocks)"));
        }
        CommandResult info = lvm.root("lvmlockctl", "--info");
        for (String vg : sharedVgs) {
            boolean started = info.ok() && info.stdout().lines().anyMatch(l -> l.startsWith("VG " + vg + " lock_type="));
            report.accept(started, "lockspace of VG " + vg + (started ? " started" : " not started"
                    + (info.ok() ? "" : " (lvmlockctl --info: " + Lvm.reason(info) + ")") + ": vgchange --lock-start " + vg));
        }
    }

    private void hostId(String node, Lvm lvm, BiConsumer<Boolean, String> report, String setUp) {
        CommandResult r = lvm.plain("lvmconfig", "--type", "full", "local/host_id");
        String value = r.stdout().strip();
        int id = -1;
        if (r.ok() && value.startsWith("host_id=")) {
            try {
                id = Integer.parseInt(value.substring("host_id=".length()));
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        if (id < 1 || id > 2000) {
            report.accept(false, "lvmlocal.conf host_id " + (r.ok() ? value : "unset") + ", want 1 to 2000" + setUp);
            return;
        }
        String other = hostIds.putIfAbsent(id, node);
        report.accept(other == null, "host_id " + id + (other == null ? " (no other checked node has it)"
                : " is also " + other + "'s: sanlock leases of two nodes with one host_id collide; give each its own"));
    }
}
