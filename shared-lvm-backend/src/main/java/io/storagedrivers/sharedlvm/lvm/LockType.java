package io.storagedrivers.sharedlvm.lvm;

import java.util.Locale;

/**
 * What locks a VG's metadata, as {@code vgs -o lock_type} says ({@link LvmReports#lockType}):
 * nothing of LVM's own (a plain VG: our lock file on its one metadata writer) or {@code lvmlockd}
 * with {@code sanlock} or {@code dlm} (a shared VG: any node may change it under LVM's VG lock).
 */
public enum LockType {
    /** A plain VG: one metadata writer (the frontend), serialised by our lock file. */
    NONE,
    /** A shared VG ({@code vgcreate --shared}): LVM's VG and LV locks through lvmlockd + sanlock. */
    SANLOCK,
    /** A shared VG whose locks live in the kernel's dlm (a corosync cluster). */
    DLM;

    /** Whether LVM locks this VG itself (lvmlockd). */
    public boolean lvmlockd() {
        return this != NONE;
    }

    /** The report of {@link LvmReports#lockType}: one word, or nothing for a plain VG. */
    public static LockType parse(String report) {
        String word = report.strip().toLowerCase(Locale.ROOT);
        return switch (word) {
            case "", "none" -> NONE;
            case "sanlock" -> SANLOCK;
            case "dlm" -> DLM;
            default -> throw new LvmReportException("unknown VG lock_type '" + word + "' (expected sanlock, dlm or none)");
        };
    }
}
