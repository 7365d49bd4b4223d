package io.storagedrivers.sharedlvm.lvm;

/** An LVM report did not have the shape we asked for; the message names the report, row and field. */
public final class LvmReportException extends RuntimeException {
    public LvmReportException(String message) {
        super(message);
    }
}
