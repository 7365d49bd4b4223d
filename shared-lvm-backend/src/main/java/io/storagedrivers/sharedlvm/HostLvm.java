package io.storagedrivers.sharedlvm;

import java.util.List;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandFailedException;
import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.sharedlvm.lvm.LvInfo;
import io.storagedrivers.sharedlvm.lvm.LvmCommands;
import io.storagedrivers.sharedlvm.lvm.LvsParser;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.VolumeRef;

/**
 * What the driver may do with LVM on a host (or on the frontend as a data-path machine): read
 * reports, {@code lvchange -ay/-an} and {@code vgchange --refresh}, nothing else. Hosts keep LVM read-only
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
        return activateAll(at, List.of(new VolumeRef(vg, lv))).get(0);
    }

    /** {@link #activate} of every LV, in one round trip to the host; returns the device paths. */
    List<String> activateAll(CommandRunner at, List<VolumeRef> lvs) {
        return activateAll(at, lvs, v -> false);
    }

    /**
     * {@link #activateAll}, with {@code lvchange -asy} for the LVs {@code shared} picks (the
     * destination of a live migration on a shared VG) and {@code -ay} (exclusive there) for the rest.
     */
    List<String> activateAll(CommandRunner at, List<VolumeRef> lvs, java.util.function.Predicate<VolumeRef> shared) {
        List<Command> commands = lvs.stream()
                .map(v -> shared.test(v) ? lvm.activateShared(v.pool(), v.name()) : lvm.activate(v.pool(), v.name()))
                .toList();
        try {
            at.runAll(commands);
        } catch (CommandFailedException e) {
            VolumeRef v = lvs.get(failed(commands, e));
            if (e.reason() == CommandFailedException.Reason.EXIT_CODE && LvmErrors.lvMissing(e.stderr(), v.pool(), v.name())) {
                throw BackendException.notFound("volume " + v.pool() + "/" + v.name());
            }
            throw LvmErrors.translate(e, v.pool());
        }
        return lvs.stream().map(v -> LvmCommands.devicePath(v.pool(), v.name())).toList();
    }

    /** {@code lvchange -asy} (shared) or {@code -aey} (exclusive) of one LV. */
    void activateMode(CommandRunner at, VolumeRef v, boolean shared) {
        Command c = shared ? lvm.activateShared(v.pool(), v.name()) : lvm.activateExclusive(v.pool(), v.name());
        run(at, () -> at.run(c), v.pool());
    }

    /** {@code lvchange -ay} of several LVs in one LVM process. */
    void activateTogether(CommandRunner at, List<String[]> vgLvs) {
        try {
            at.run(lvm.activateTogether(vgLvs));
        } catch (CommandFailedException e) {
            throw LvmErrors.translate(e, vgLvs.get(0)[0]);
        }
    }

    /** {@code lvchange -an} of several LVs in one LVM process (fails as a whole: callers fall back to one by one). */
    void deactivateTogether(CommandRunner at, List<String[]> vgLvs) {
        try {
            at.run(lvm.deactivateTogether(vgLvs));
        } catch (CommandFailedException e) {
            throw LvmErrors.translate(e, vgLvs.get(0)[0]);
        }
    }

    /** {@code lvchange -an}; an LV that no longer exists counts as deactivated. */
    void deactivate(CommandRunner at, String vg, String lv) {
        deactivateAll(at, List.of(new VolumeRef(vg, lv)));
    }

    /**
     * {@link #deactivate} of every LV in one round trip; after an LV that is gone (which counts as
     * deactivated) the rest are sent again.
     */
    void deactivateAll(CommandRunner at, List<VolumeRef> lvs) {
        List<VolumeRef> rest = lvs;
        while (!rest.isEmpty()) {
            List<Command> commands = rest.stream().map(v -> lvm.deactivate(v.pool(), v.name())).toList();
            try {
                at.runAll(commands);
                return;
            } catch (CommandFailedException e) {
                int i = failed(commands, e);
                VolumeRef v = rest.get(i);
                if (e.reason() != CommandFailedException.Reason.EXIT_CODE
                        || !(LvmErrors.lvMissing(e.stderr(), v.pool(), v.name()) || LvmErrors.vgMissing(e.stderr(), v.pool()))) {
                    throw LvmErrors.translate(e, v.pool());
                }
                rest = rest.subList(i + 1, rest.size());
            }
        }
    }

    /** Which of {@code commands} {@code e} is about (a batch throws the failure of the command that failed). */
    private static int failed(List<Command> commands, CommandFailedException e) {
        for (int i = 0; i < commands.size(); i++) {
            if (commands.get(i).printable().equals(e.printableCommand())) {
                return i;
            }
        }
        return 0;
    }

    /**
     * Makes the host's table of an active LV take the LV's new size, the way a read-only host
     * ({@code locking_type = 4}) accepts at once: {@code vgchange --refresh} of the VG (LVM 2.03
     * refuses {@code lvchange --refresh} there), only when the LV is active there. One request:
     * {@link #activeHere} and the refresh, which the batch runs only when the test succeeded.
     * Whether it was active (and refreshed).
     */
    boolean refreshIfActive(CommandRunner at, String vg, String lv) {
        List<Command> commands = List.of(activeHere(vg, lv), lvm.refreshVg(vg));
        try {
            at.runAll(commands);
            return true;
        } catch (CommandFailedException e) {
            if (e.reason() == CommandFailedException.Reason.EXIT_CODE && e.exitCode() == 1
                    && commands.get(0).printable().equals(e.printableCommand())) {
                return false; // no device: not active there
            }
            throw LvmErrors.translate(e, vg);
        }
    }

    /**
     * {@code test -e /dev/vg/lv}: whether the LV is active on that machine without an LVM process
     * (~10 ms of scanning). LVM creates the device path when it activates the LV and removes it when
     * it deactivates it (through udev, or itself without); no device-mapper, no device. The shell's
     * own {@code test}: no sudo rule needed.
     */
    static Command activeHere(String vg, String lv) {
        return Command.of("test", "-e", LvmCommands.devicePath(vg, lv)).withTimeout(java.time.Duration.ofSeconds(30));
    }

    /** The VG as this machine sees it (activation state is per machine). */
    List<LvInfo> lvs(CommandRunner at, String vg) {
        String out = run(at, () -> at.run(lvm.reports().lvs(vg)).stdout(), vg);
        return VgMetadata.parse(() -> LvsParser.parse(out));
    }

    /** Only {@code names} of the VG as this machine sees them (absent ones are not in the list). */
    List<LvInfo> lvs(CommandRunner at, String vg, java.util.Collection<String> names) {
        String out = run(at, () -> at.run(lvm.reports().lvs(vg, names)).stdout(), vg);
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
