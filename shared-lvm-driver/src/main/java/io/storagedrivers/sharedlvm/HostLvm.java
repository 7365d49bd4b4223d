package io.storagedrivers.sharedlvm;

import java.util.List;

import io.storagedrivers.exec.CommandFailedException;
import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.sharedlvm.lvm.LvInfo;
import io.storagedrivers.sharedlvm.lvm.LvmCommands;
import io.storagedrivers.sharedlvm.lvm.LvsParser;
import io.storagedrivers.spi.BackendException;

/**
 * What the driver may do with LVM on a host (or on the frontend as a data-path machine): read
 * reports and {@code lvchange -ay/-an/--refresh}, nothing else. Hosts keep LVM read-only
 * ({@code locking_type = 4}); metadata changes go through {@link VgMetadata} on the frontend.
 */
final class HostLvm {
    /** What LVM 2.03 says when a read-only host ({@code locking_type = 4}) is asked for a write lock. */
    static final String READ_ONLY = "Operation prohibited while --readonly is set";

    private final LvmCommands lvm;

    HostLvm(LvmCommands lvm) {
        this.lvm = lvm;
    }

    /** {@code lvchange -ay}; returns the device path. Already active: the same path. */
    String activate(CommandRunner at, String vg, String lv) {
        try {
            at.run(lvm.activate(vg, lv));
        } catch (CommandFailedException e) {
            if (e.reason() == CommandFailedException.Reason.EXIT_CODE && LvmErrors.lvMissing(e.stderr(), vg, lv)) {
                throw BackendException.notFound("volume " + vg + "/" + lv);
            }
            throw LvmErrors.translate(e, vg);
        }
        return LvmCommands.devicePath(vg, lv);
    }

    /** {@code lvchange -an}; an LV that no longer exists counts as deactivated. */
    void deactivate(CommandRunner at, String vg, String lv) {
        try {
            at.run(lvm.deactivate(vg, lv));
        } catch (CommandFailedException e) {
            if (e.reason() == CommandFailedException.Reason.EXIT_CODE
                    && (LvmErrors.lvMissing(e.stderr(), vg, lv) || LvmErrors.vgMissing(e.stderr(), vg))) {
                return;
            }
            throw LvmErrors.translate(e, vg);
        }
    }

    /**
     * Makes the host's table of an active LV take the LV's new size: {@code lvchange --refresh};
     * where LVM is read-only (which refuses that) and the LV is active there,
     * {@code vgchange --refresh} of the VG (it reloads every LV active on that host).
     */
    void refresh(CommandRunner at, String vg, String lv) {
        try {
            at.run(lvm.refresh(vg, lv));
        } catch (CommandFailedException e) {
            if (e.reason() != CommandFailedException.Reason.EXIT_CODE || !e.stderr().contains(READ_ONLY)) {
                throw LvmErrors.translate(e, vg);
            }
            if (lvs(at, vg).stream().anyMatch(i -> i.name().equals(lv) && i.active())) {
                run(at, () -> at.run(lvm.refreshVg(vg)), vg);
            }
        }
    }

    /** The VG as this machine sees it (activation state is per machine). */
    List<LvInfo> lvs(CommandRunner at, String vg) {
        String out = run(at, () -> at.run(lvm.lvs(vg)).stdout(), vg);
        return VgMetadata.parse(() -> LvsParser.parse(out));
    }

    private static <T> T run(CommandRunner at, java.util.function.Supplier<T> call, String vg) {
        try {
            return call.get();
        } catch (CommandFailedException e) {
            throw LvmErrors.translate(e, vg);
        }
    }
}
