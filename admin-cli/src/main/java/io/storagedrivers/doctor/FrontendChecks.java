package io.storagedrivers.doctor;

import java.util.List;
import java.util.function.Consumer;

import io.storagedrivers.exec.CommandFailedException;
import io.storagedrivers.exec.CommandResult;

/** Checks of the node the doctor runs on: Java, the VGs, and LVM metadata writable here. */
final class FrontendChecks {

    static final int MIN_JAVA = 17;

    private final String name;
    private final Consumer<Check> sink;
    private boolean failed;

    FrontendChecks(String name, Consumer<Check> sink) {
        this.name = name;
        this.sink = sink;
    }

    boolean run(Lvm lvm, List<String> vgs, boolean expectWritable) {
        Runtime.Version v = Runtime.version();
        report(v.feature() >= MIN_JAVA, "Java " + v + (v.feature() >= MIN_JAVA ? "" : ", need " + MIN_JAVA + " or newer"));
        for (String vg : vgs) {
            try {
                Check c = Lvm.visible(vg, lvm.vgs(vg));
                report(c.ok(), c.what());
            } catch (CommandFailedException e) {
                report(false, "VG " + vg + ": " + Lvm.reason(e));
            }
        }
        if (lvm.sudo() && !vgs.isEmpty()) {
            sudoRights(lvm, vgs.get(0));
        }
        if (expectWritable && !vgs.isEmpty()) {
            CommandResult r = lvm.plain("lvmconfig", "--type", "full", "global/locking_type");
            String value = r.stdout().strip();
            boolean ok = r.ok() && !value.equals("locking_type=4");
            report(ok, ok ? "LVM metadata writable here (" + value + ")"
                    : "LVM metadata is read-only here (" + (r.ok() ? value : Lvm.reason(r))
                    + "): metadata changes must run on this node");
        }
        return !failed;
    }

    /**
     * Not root: the driver runs LVM here through {@code sudo -n}; the command lines it builds must
     * be allowed (install.sh --frontend installs /etc/sudoers.d/storage-drivers-frontend), and an
     * LVM {@code --config} override must not be.
     */
    private void sudoRights(Lvm lvm, String vg) {
        List<List<String>> needed = List.of(
                List.of("lvcreate", "--wipesignatures", "n", "-L", "4194304b", "-n", "sd-doctor-0", "-an", "-Zn", "-y", vg),
                List.of("lvremove", "-y", vg + "/sd-doctor-0"),
                List.of("lvs", "--reportformat", "json", "--units", "b", "--nosuffix", "-o", "lv_name,lv_size", vg),
                List.of("lvchange", "-ay", vg + "/sd-doctor-0"));
        List<String> missing = new java.util.ArrayList<>();
        for (List<String> cmd : needed) {
            List<String> argv = new java.util.ArrayList<>(List.of("sudo", "-n", "-l"));
            argv.addAll(cmd);
            if (!lvm.plain(argv.toArray(String[]::new)).ok()) {
                missing.add(cmd.get(0));
            }
        }
        report(missing.isEmpty(), missing.isEmpty() ? "sudo allows the driver's LVM commands on " + vg
                : "sudo does not allow " + String.join(", ", missing) + " on " + vg
                + " (install.sh --frontend --vg " + vg + " installs /etc/sudoers.d/storage-drivers-frontend)");
        boolean override = lvm.plain("sudo", "-n", "-l", "lvs", "--config", "global{locking_type=1}", vg).ok();
        report(!override, override ? "sudo allows 'lvs --config ...': oneadmin can run any LVM configuration as root"
                : "sudo refuses LVM --config overrides");
    }

    private void report(boolean ok, String what) {
        failed |= !ok;
        sink.accept(new Check(ok, name + ": " + what));
    }
}
