package io.storagedrivers.sharedlvm;

import io.storagedrivers.exec.CommandFailedException;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.BackendException.Kind;

/**
 * Turns a failed LVM command into a {@link BackendException} with the right kind. LVM runs with
 * {@code LC_ALL=C}, so its messages are stable enough to tell "no such VG", "no space" and "in use"
 * apart; everything else is a BACKEND_ERROR carrying the command, host and LVM's last stderr line.
 */
final class LvmErrors {
    private LvmErrors() {
    }

    static BackendException translate(CommandFailedException e, String vg) {
        String err = e.stderr();
        Kind kind = Kind.BACKEND_ERROR;
        if (e.reason() == CommandFailedException.Reason.EXIT_CODE) {
            if (err.contains(LOCK_START_IN_PROGRESS)) {
                return new BackendException(Kind.BUSY, e.getMessage() + " (lvmlockd is still starting the lockspace of VG "
                        + vg + on(e) + ": after a boot, up to 8 x sanlock's I/O timeout + 60 s; try again)", e);
            } else if (err.contains("due to failed lock")) {
                return new BackendException(Kind.BACKEND_ERROR, e.getMessage() + " (the lockspace of VG " + vg
                        + " is not started" + on(e) + ": vgchange --lock-start " + vg + "; docs/lvmlockd.md)", e);
            } else if (vgMissing(err, vg)) {
                return new BackendException(Kind.NOT_FOUND, "volume group " + vg + " not found" + on(e), e);
            } else if (err.contains("Insufficient free space") || err.contains("insufficient free space")) {
                kind = Kind.NO_SPACE;
            } else if (err.contains("in use") || err.contains("is open") || err.contains("locked by other host")
                    || err.contains("held by other host")) {
                kind = Kind.BUSY;
            }
        }
        return new BackendException(kind, e.getMessage(), e);
    }

    /** lvmlockd's answer while a node's lockspace is being joined (after a boot, a lock-start). */
    static final String LOCK_START_IN_PROGRESS = "lock start in progress";

    /**
     * A lock lvmlockd could not grant for the moment, nothing changed, worth sending again: the VG
     * lock another node holds for the moment of its own change ("VG vg lock failed: held by other
     * host"; lvmlockd and LVM's {@code lvmlockd_lock_retries} have already retried it briefly) or
     * this node's lockspace still starting ("VG vg lock failed: lock start in progress", as
     * Debian 12's lvm2-lockd 2.03.16 says it). Not "LV locked by other host": an LV active
     * exclusively elsewhere stays so until someone deactivates it.
     */
    static boolean lockNotYet(CommandFailedException e) {
        return e.reason() == CommandFailedException.Reason.EXIT_CODE && (e.stderr().contains("lock failed: held by other host")
                || e.stderr().contains(LOCK_START_IN_PROGRESS));
    }

    /** LVM's "Volume group "x" not found" (exit 5). */
    static boolean vgMissing(String stderr, String vg) {
        return stderr.contains("Volume group \"" + vg + "\" not found");
    }

    /** lvcreate's "Logical Volume "lv" already exists in volume group "vg"" (exit 5, nothing changed). */
    static boolean lvExists(String stderr, String vg, String lv) {
        return stderr.contains("Logical Volume \"" + lv + "\" already exists in volume group \"" + vg + "\"");
    }

    /** LVM's "Failed to find logical volume "vg/lv"" (exit 5). */
    static boolean lvMissing(String stderr, String vg, String lv) {
        return stderr.contains("Failed to find logical volume \"" + vg + "/" + lv + "\"");
    }

    /** lvextend's "Logical volume lv not found in volume group vg." (exit 5). */
    static boolean lvNotInVg(String stderr, String vg, String lv) {
        return stderr.contains("Logical volume " + lv + " not found in volume group " + vg + ".");
    }

    /**
     * lvextend's refusal of a size the LV already has: "New size (n extents) matches existing
     * size (n extents)." or "New size given (n extents) not larger than existing size (m extents)" (exit 5).
     */
    static boolean notLarger(String stderr) {
        return stderr.contains("matches existing size") || stderr.contains("not larger than existing size");
    }

    private static String on(CommandFailedException e) {
        return "local".equals(e.where()) ? "" : " on " + e.where();
    }
}
