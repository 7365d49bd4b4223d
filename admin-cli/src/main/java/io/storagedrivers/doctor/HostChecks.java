package io.storagedrivers.doctor;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import io.storagedrivers.exec.CommandFailedException;
import io.storagedrivers.exec.CommandResult;
import io.storagedrivers.exec.CommandRunner;

/**
 * Checks of one hypervisor host, run over SSH: reachable with a verified host key, sudo rights of
 * the OpenNebula user, the VGs visible, and LVM metadata read-only, proved by really trying to
 * create a throwaway LV (and removing it again should that unexpectedly work).
 */
final class HostChecks {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Command lines the drivers need as root on a host, as sudo -l must allow them ({@code %s} = VG/LV). */
    private static final List<String[]> NEEDED = List.of(
            new String[] {"lvs", "%vg"}, new String[] {"vgs", "%vg"}, new String[] {"lvscan"},
            new String[] {"lvchange", "-ay", "%lv"}, new String[] {"lvchange", "-an", "%lv"},
            new String[] {"lvchange", "--refresh", "%lv"}, new String[] {"vgchange", "--refresh", "%vg"},
            new String[] {"dd", "if=/dev/zero", "of=/dev/%lv", "bs=1M", "count=1", "oflag=direct"},
            new String[] {"blkdiscard", "/dev/%lv"});

    private final String host;
    private final Consumer<Check> sink;
    private final Lvm frontend;
    private boolean failed;

    private final LvmlockdChecks lockd;

    HostChecks(String host, Consumer<Check> sink, Lvm frontend, LvmlockdChecks lockd) {
        this.host = host;
        this.sink = sink;
        this.frontend = frontend;
        this.lockd = lockd;
    }

    /** Runs every check on {@code runner}; returns false if any failed. */
    boolean run(CommandRunner runner, List<String> vgs) {
        CommandResult id;
        try {
            id = runner.execute(io.storagedrivers.exec.Command.of("id", "-u").withTimeout(Lvm.TIMEOUT));
        } catch (CommandFailedException e) {
            report(false, "SSH: " + Lvm.reason(e));
            return false;
        }
        if (!id.ok()) {
            report(false, "SSH reached the host but 'id -u' failed: " + Lvm.reason(id));
            return false;
        }
        boolean root = id.stdout().strip().equals("0");
        report(true, "SSH reachable, host key verified (uid " + id.stdout().strip() + ")");
        Lvm lvm = new Lvm(runner, !root);
        String sample = (vgs.isEmpty() ? "vg-one-0" : vgs.get(0)) + "/" + probeName();
        if (root) {
            report(true, "connects as root: sudo not needed");
        } else {
            sudoRights(lvm, sample);
        }
        String visible = null;
        for (String vg : vgs) {
            CommandResult r = lvm.vgs(vg);
            Check c = Lvm.visible(vg, r);
            report(c.ok(), c.what());
            if (r.ok() && visible == null) {
                visible = vg;
            }
        }
        if (!lockd.sharedVgs().isEmpty() || LvmlockdChecks.usedBy(lvm)) {
            // a node of shared VGs: LVM's locks, not read-only LVM (which would skip them)
            lockd.run(host, lvm, this::report);
        } else {
            lockingType(lvm);
            if (visible != null) {
                metadataRefused(lvm, visible);
            }
        }
        return !failed;
    }

    private void sudoRights(Lvm lvm, String sample) {
        List<String> missing = new ArrayList<>();
        for (String[] cmd : NEEDED) {
            List<String> argv = new ArrayList<>(List.of("sudo", "-n", "-l"));
            for (String a : cmd) {
                argv.add(a.replace("%vg", sample.substring(0, sample.indexOf('/'))).replace("%lv", sample));
            }
            if (!lvm.plain(argv.toArray(String[]::new)).ok()) {
                missing.add(String.join(" ", argv.subList(3, argv.size())));
            }
        }
        report(missing.isEmpty(), missing.isEmpty() ? "sudo allows the LVM/dd commands the drivers need"
                : "sudo does not allow: " + String.join("; ", missing) + " (install.sh --host installs the rules)");
        CommandResult override = lvm.plain("sudo", "-n", "-l", "lvchange", "--config", "global{locking_type=1}",
                "--addtag", "x", sample);
        String files = override.ok() ? openNebulaSudoers(lvm) : "";
        String granted = files.isEmpty() ? "a sudo rule (OpenNebula's node package installs one in /etc/sudoers.d/opennebula*)"
                : files + " (OpenNebula's node package)";
        report(!override.ok(), override.ok() ? "sudo allows 'lvchange --config ...', which bypasses read-only LVM: "
                + granted + " grants LVM commands with any arguments, and sudo rights add up, so the restricted"
                + " storage-drivers rules restrict nothing here; remove the LVM commands (ONE_LVM) from the oneadmin"
                + " rule there (again after each OpenNebula upgrade), or accept that oneadmin may change LVM metadata"
                + " on this host" : "sudo refuses LVM --config overrides");
    }

    /** The /etc/sudoers.d/opennebula* files of the host that name LVM commands, or "" (also when unreadable). */
    private static String openNebulaSudoers(Lvm lvm) {
        CommandResult r = lvm.plain("grep", "-l", "-E", "lv(create|remove|change)", "-r", "/etc/sudoers.d");
        List<String> files = new ArrayList<>();
        for (String f : r.stdout().split("\\R")) {
            if (f.startsWith("/etc/sudoers.d/opennebula")) {
                files.add(f.strip());
            }
        }
        return String.join(", ", files);
    }

    private void lockingType(Lvm lvm) {
        CommandResult r = lvm.plain("lvmconfig", "--type", "full", "global/locking_type");
        String value = r.stdout().strip();
        if (!r.ok()) {
            report(false, "lvmconfig global/locking_type failed: " + Lvm.reason(r));
        } else {
            report(value.equals("locking_type=4"), "lvm.conf " + value
                    + (value.equals("locking_type=4") ? " (metadata read-only)" : ", want 4: run install.sh --host"));
        }
    }

    /** Tries a real lvcreate of a throwaway, inactive, unzeroed LV; it must be refused. */
    private void metadataRefused(Lvm lvm, String vg) {
        String name = probeName();
        CommandResult r;
        try {
            r = lvm.root("lvcreate", "--activate", "n", "--zero", "n", "--wipesignatures", "n", "--yes",
                    "--size", "4m", "--name", name, vg);
        } catch (CommandFailedException e) {
            report(false, "could not try lvcreate: " + Lvm.reason(e));
            leftBehind(lvm, vg, name);
            return;
        }
        if (r.ok()) {
            report(false, "lvcreate of probe " + vg + "/" + name
                    + " SUCCEEDED: LVM metadata is writable on this host (install.sh --host sets locking_type = 4)");
            lvm.root("lvremove", "--yes", vg + "/" + name);
            leftBehind(lvm, vg, name);
            return;
        }
        String readOnly = readOnlyLine(r.stderr());
        String refusedBySudo = lvm.sudo() ? sudoRefusal(r.stderr()) : null;
        if (refusedBySudo != null) {
            report(true, "metadata change refused (sudo does not let " + host + "'s user run lvcreate: "
                    + refusedBySudo + ")");
        } else if (readOnly != null) {
            report(true, "metadata change refused (lvcreate: " + readOnly + ")");
        } else {
            report(false, "lvcreate of a probe LV failed, but not because LVM is read-only: " + Lvm.reason(r));
            leftBehind(lvm, vg, name);
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
    private void leftBehind(Lvm lvm, String vg, String name) {
        String lv = vg + "/" + name;
        if (!frontend.root("lvs", lv).ok()) {
            return;
        }
        frontend.root("lvremove", "--yes", lv);
        if (frontend.root("lvs", lv).ok()) {
            report(false, "probe LV " + lv + " is left behind: remove it with lvremove on the frontend");
        }
    }

    private static String probeName() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return "sd-doctor-" + HexFormat.of().formatHex(b);
    }

    private void report(boolean ok, String what) {
        failed |= !ok;
        sink.accept(new Check(ok, host + ": " + what));
    }
}
