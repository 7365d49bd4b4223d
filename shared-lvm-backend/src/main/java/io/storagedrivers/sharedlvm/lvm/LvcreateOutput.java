package io.storagedrivers.sharedlvm.lvm;

/**
 * Whether an LV has exactly the size asked for, from what {@link LvmCommands#lvcreate} printed, so
 * that a create needs no {@code lvs} after it (an LVM process, ~15 ms, more on a large VG). LVM
 * 2.03 prints {@code Logical volume "LV" created.} and, when it rounded the size up to whole
 * extents (or stripes), {@code Rounding up size to full physical extent ...} before it (measured on
 * 2.03.16, both on stdout). Anything else (another wording, another LVM version, {@code log/silent}
 * leaving both out): false, and the caller asks {@code lvs}.
 */
public final class LvcreateOutput {

    private LvcreateOutput() {
    }

    /** Whether the lvcreate that printed {@code stdout} made {@code lv} with the size asked for. */
    public static boolean createdAsRequested(String stdout, String lv) {
        return stdout.contains("Logical volume \"" + lv + "\" created.") && !stdout.contains("Rounding");
    }
}
