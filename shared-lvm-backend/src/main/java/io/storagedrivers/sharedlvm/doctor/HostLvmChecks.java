package io.storagedrivers.sharedlvm.doctor;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import io.storagedrivers.checks.DoctorNode;
import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandFailedException;
import io.storagedrivers.exec.CommandResult;
import io.storagedrivers.sharedlvm.lvm.LvmCommands;
import io.storagedrivers.sharedlvm.lvm.LvmTools;
import io.storagedrivers.sharedlvm.lvm.LvsParser;

/**
 * Shared LVM checks of one hypervisor host, reached over SSH: sudo rights of the OpenNebula user,
 * its membership of group disk (the data path opens the LVs without sudo), the VGs visible, and
 * LVM metadata read-only, proved by really trying to create a throwaway LV (and removing it again
 * should that unexpectedly work). On a node of shared VGs (lvmlockd) the
 * lock checks replace the read-only ones.
 */
final class HostLvmChecks {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long PROBE_SIZE = 4L * 1024 * 1024;

    private final LvmNode host;
    private final DoctorNode node;
    private final LvmNode frontend;
    private final LvmlockdChecks lockd;

    HostLvmChecks(LvmNode host, LvmNode frontend, LvmlockdChecks lockd) {
        this.host = host;
        this.node = host.node();
        this.frontend = frontend;
        this.lockd = lockd;
    }

    void run(List<String> vgs) {
        String sampleVg = vgs.isEmpty() ? "vg-one-0" : vgs.get(0);
        String sampleLv = probeName();
        if (node.root()) {
            node.report(true, "connects as root: sudo not needed");
        } else {
            sudoRights(sampleVg, sampleLv);
            diskGroup();
        }
        String visible = null;
        for (String vg : vgs) {
            if (host.visible(vg) && visible == null) {
                visible = vg;
            }
        }
        if (!lockd.sharedVgs().isEmpty() || LvmlockdChecks.usedBy(host)) {
            // a node of shared VGs: LVM's locks, not read-only LVM (which would skip them)
            lockd.run(host);
        } else {
            lockingType();
            if (visible != null) {
                metadataRefused(visible);
            }
        }
    }

    /**
     * The command lines the drivers run as root on a host, as {@code sudo -l} must allow them: LVM
     * reports, activation and refresh (from {@link LvmCommands}). The data path (dd, blkdiscard,
     * mkfs, qemu-img) runs as the user: {@link #diskGroup}.
     */
    private static List<Command> needed(String vg, String lv) {
        LvmCommands lvm = new LvmCommands(LvmTools.defaults());
        return List.of(lvm.reports().lvs(vg), lvm.reports().vgs(vg), lvm.activate(vg, lv), lvm.deactivate(vg, lv),
                lvm.refreshVg(vg));
    }

    /**
     * The data path runs as the SSH user, without sudo (as OpenNebula's own LVM drivers do): it
     * opens {@code /dev/<vg>/<lv>}, whose nodes are {@code root:disk 0660}, so the user must be in
     * group disk here (install.sh --host puts it there).
     */
    private void diskGroup() {
        CommandResult r = host.run(Command.of("id", "-nG"));
        if (!r.ok()) {
            node.report(false, "cannot tell the SSH user's groups (id -nG): " + DoctorNode.reason(r));
            return;
        }
        boolean in = List.of(r.stdout().strip().split("\\s+")).contains("disk");
        node.report(in, in ? "the SSH user is in group disk: dd, mkfs and qemu-img open the LVs without sudo"
                : "the SSH user is not in group disk, so dd, mkfs and qemu-img cannot open the LVs here:"
                + " run install.sh --host --user <user> on this host (or usermod -a -G disk <user>)");
    }

    private void sudoRights(String vg, String lv) {
        List<String> missing = new ArrayList<>();
        for (Command cmd : needed(vg, lv)) {
            if (!host.sudoAllows(cmd)) {
                missing.add(cmd.printable());
            }
        }
        node.report(missing.isEmpty(), missing.isEmpty() ? "sudo allows the LVM commands the drivers need"
                : "sudo does not allow: " + String.join("; ", missing) + " (install.sh --host installs the rules)");
        LvmCommands ask = host.sudoList();
        boolean override = host.run(ask.overridingLocking(ask.changeTags(vg, lv, List.of("x"), List.of()))).ok();
        String files = override ? openNebulaSudoers() : "";
        String granted = files.isEmpty() ? "a sudo rule (OpenNebula's node package installs one in /etc/sudoers.d/opennebula*)"
                : files + " (OpenNebula's node package)";
        node.report(!override, override ? "sudo allows 'lvchange --config ...', which bypasses read-only LVM: "
                + granted + " grants LVM commands with any arguments, and sudo rights add up, so the restricted"
                + " storage-drivers rules restrict nothing here; remove the LVM commands (ONE_LVM) from the oneadmin"
                + " rule there (again after each OpenNebula upgrade), or accept that oneadmin may change LVM metadata"
                + " on this host" : "sudo refuses LVM --config overrides");
    }

    /** The /etc/sudoers.d/opennebula* files of the host that name LVM commands, or "" (also when unreadable). */
    private String openNebulaSudoers() {
        CommandResult r = host.run(Command.of("grep", "-l", "-E", "lv(create|remove|change)", "-r", "/etc/sudoers.d"));
        List<String> files = new ArrayList<>();
        for (String f : r.stdout().split("\\R")) {
            if (f.startsWith("/etc/sudoers.d/opennebula")) {
                files.add(f.strip());
            }
        }
        return String.join(", ", files);
    }

    private void lockingType() {
        CommandResult r = host.config("global/locking_type");
        String value = r.stdout().strip();
        if (!r.ok()) {
            node.report(false, "lvmconfig global/locking_type failed: " + DoctorNode.reason(r));
        } else {
            node.report(value.equals("locking_type=4"), "lvm.conf " + value
                    + (value.equals("locking_type=4") ? " (metadata read-only)" : ", want 4: run install.sh --host"));
        }
    }

    /** Tries a real lvcreate of a throwaway, inactive, unzeroed LV; it must be refused. */
    private void metadataRefused(String vg) {
        String name = probeName();
        CommandResult r;
        try {
            r = host.run(host.lvm().lvcreate(vg, name, PROBE_SIZE, false, List.of()));
        } catch (CommandFailedException e) {
            node.report(false, "could not try lvcreate: " + DoctorNode.reason(e));
            leftBehind(vg, name);
            return;
        }
        if (r.ok()) {
            node.report(false, "lvcreate of probe " + vg + "/" + name
                    + " SUCCEEDED: LVM metadata is writable on this host (install.sh --host sets locking_type = 4)");
            host.run(host.lvm().lvremove(vg, name));
            leftBehind(vg, name);
            return;
        }
        String readOnly = readOnlyLine(r.stderr());
        String refusedBySudo = node.root() ? null : sudoRefusal(r.stderr());
        if (refusedBySudo != null) {
            node.report(true, "metadata change refused (sudo does not let " + node.name() + "'s user run lvcreate: "
                    + refusedBySudo + ")");
        } else if (readOnly != null) {
            node.report(true, "metadata change refused (lvcreate: " + readOnly + ")");
        } else {
            node.report(false, "lvcreate of a probe LV failed, but not because LVM is read-only: " + DoctorNode.reason(r));
            leftBehind(vg, name);
        }
    }

    /** sudo's own refusal line ({@code sudo: a password is required}, {@code ... is not allowed ...}), or null. */
    static String sudoRefusal(String stderr) {
        for (String line : stderr.split("\\R")) {
            String l = line.strip();
            if (l.startsWith("sudo: ") && (l.contains("password is required") || l.contains("not allowed"))) {
                return l;
            }
        }
        return null;
    }

    /** The stderr line where LVM says it is read-only (LVM prints more lines after it), or null. */
    static String readOnlyLine(String stderr) {
        for (String line : stderr.split("\\R")) {
            if (line.contains("prohibited while --readonly")) {
                return line.strip();
            }
        }
        for (String line : stderr.split("\\R")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.contains("readonly") || lower.contains("read-only") || lower.contains("read only")) {
                return line.strip();
            }
        }
        return null;
    }

    /** Makes sure the probe LV does not exist, removing it from the frontend if the host could not. */
    private void leftBehind(String vg, String name) {
        if (!exists(vg, name)) {
            return;
        }
        frontend.run(frontend.lvm().lvremove(vg, name));
        if (exists(vg, name)) {
            node.report(false, "probe LV " + vg + "/" + name + " is left behind: remove it with lvremove on the frontend");
        }
    }

    /** Whether the frontend's LVM lists {@code vg/name} (false when it cannot tell: nothing to remove then). */
    private boolean exists(String vg, String name) {
        CommandResult r = frontend.run(frontend.lvm().reports().lvs(vg, List.of(name)));
        try {
            return r.ok() && LvsParser.parse(r.stdout()).stream().anyMatch(lv -> lv.name().equals(name));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String probeName() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return "sd-doctor-" + HexFormat.of().formatHex(b);
    }
}
