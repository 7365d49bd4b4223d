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
            if (vgMissing(err, vg)) {
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

    /**
     * lvmlockd refused a lock another node holds: "VG vg lock failed: held by other host" (the VG
     * lock, held for the moment of another node's change) or "LV locked by other host: vg/lv" (an
     * LV active exclusively elsewhere).
     */
    static boolean heldByOtherHost(CommandFailedException e) {
        return e.reason() == CommandFailedException.Reason.EXIT_CODE && e.stderr().contains("lock failed: held by other host");
    }

    /** LVM's "Volume group "x" not found" (exit 5). */
    static boolean vgMissing(String stderr, String vg) {
        return stderr.contains("Volume group \"" + vg + "\" not found");
    }

    /** LVM's "Failed to find logical volume "vg/lv"" (exit 5). */
    static boolean lvMissing(String stderr, String vg, String lv) {
        return stderr.contains("Failed to find logical volume \"" + vg + "/" + lv + "\"");
    }

    private static String on(CommandFailedException e) {
        return "local".equals(e.where()) ? "" : " on " + e.where();
    }
}
