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
                CommandResult r = lvm.vgs(vg);
                report(r.ok(), "VG " + vg + " visible" + (r.ok() ? "" : ": " + Lvm.reason(r)));
            } catch (CommandFailedException e) {
                report(false, "VG " + vg + ": " + Lvm.reason(e));
            }
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

    private void report(boolean ok, String what) {
        failed |= !ok;
        sink.accept(new Check(ok, name + ": " + what));
    }
}
