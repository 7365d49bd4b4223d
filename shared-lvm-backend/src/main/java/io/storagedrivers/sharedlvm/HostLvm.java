package io.storagedrivers.sharedlvm;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

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
        return activateThen(at, lvs, v -> false, List.of());
    }

    /**
     * {@link #activateAll}, with {@code lvchange -asy} for the LVs {@code shared} picks (the
     * destination of a live migration on a shared VG) and {@code -ay} (exclusive there) for the rest.
     */
    List<String> activateAll(CommandRunner at, List<VolumeRef> lvs, Predicate<VolumeRef> shared) {
        return activateThen(at, lvs, shared, List.of());
    }

    /**
     * {@link #activateAll}, then {@code then} (commands that need the LVs active: a VM's disk
     * links), as ONE request to the host with one LVM process per activation mode
     * ({@code lvchange -ay A B C}, {@code -asy D} for those {@code shared} picks). An lvchange of
     * several LVs that fails has acted on the others (LVM 2.03.16: a missing LV is named on stderr,
     * exit 5, the rest activated), so the LVs are then activated one by one ({@link #activateEach})
     * to throw what that LV's own activation throws (NOT_FOUND for a missing LV), and {@code then}
     * runs after. A failure of one of {@code then} is thrown as the runner threw it. Returns the
     * device paths.
     */
    List<String> activateThen(CommandRunner at, List<VolumeRef> lvs, Predicate<VolumeRef> shared, List<Command> then) {
        List<Command> activations = new ArrayList<>();
        List<String[]> plain = pairs(lvs.stream().filter(shared.negate()).toList());
        List<String[]> sharedOnes = pairs(lvs.stream().filter(shared).toList());
        if (!plain.isEmpty()) {
            activations.add(lvm.activateTogether(plain));
        }
        if (!sharedOnes.isEmpty()) {
            activations.add(lvm.activateSharedTogether(sharedOnes));
        }
        List<Command> all = new ArrayList<>(activations);
        all.addAll(then);
        try {
            at.runAll(all);
        } catch (CommandFailedException e) {
            if (failed(all, e) >= activations.size()) {
                throw e;
            }
            if (lvs.size() > 1 && e.reason() == CommandFailedException.Reason.EXIT_CODE) {
                activateEach(at, lvs, shared);
                if (!then.isEmpty()) {
                    at.runAll(then);
                }
            } else {
                throw activationError(e, lvs.get(0));
            }
        }
        return lvs.stream().map(v -> LvmCommands.devicePath(v.pool(), v.name())).toList();
    }

    /** One {@code lvchange} per LV, in one request, stopping at the first that fails (which is thrown). */
    private void activateEach(CommandRunner at, List<VolumeRef> lvs, Predicate<VolumeRef> shared) {
        List<Command> commands = lvs.stream()
                .map(v -> shared.test(v) ? lvm.activateShared(v.pool(), v.name()) : lvm.activate(v.pool(), v.name()))
                .toList();
        try {
            at.runAll(commands);
        } catch (CommandFailedException e) {
            throw activationError(e, lvs.get(failed(commands, e)));
        }
    }

    private static BackendException activationError(CommandFailedException e, VolumeRef v) {
        if (e.reason() == CommandFailedException.Reason.EXIT_CODE && LvmErrors.lvMissing(e.stderr(), v.pool(), v.name())) {
            return BackendException.notFound("volume " + v.pool() + "/" + v.name());
        }
        return LvmErrors.translate(e, v.pool());
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
     * {@link #deactivate} of every LV: one {@code lvchange -an A B C} in one round trip. When it
     * fails (an LV or VG that is gone, which counts as deactivated, or one in use), LVM has acted
     * on the others; then one {@code lvchange -an} per LV in one request tells which, and after an
     * LV that is gone the rest are sent again.
     */
    void deactivateAll(CommandRunner at, List<VolumeRef> lvs) {
        if (lvs.size() > 1) {
            try {
                at.run(lvm.deactivateTogether(pairs(lvs)));
                return;
            } catch (CommandFailedException e) {
                if (e.reason() != CommandFailedException.Reason.EXIT_CODE) {
                    throw LvmErrors.translate(e, lvs.get(0).pool());
                }
            }
        }
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

    /**
     * {@link #deactivateAll}, then {@code then} (a VM disk's link removal), as ONE request to the
     * host. When the deactivation fails with LVM's refusal (an LV or VG that is gone, one in use),
     * {@link #deactivateAll} sorts it out as it does alone (gone counts as deactivated, anything
     * else is thrown) and {@code then} is sent after it; a failure of one of {@code then} is thrown
     * as the runner threw it.
     */
    void deactivateThen(CommandRunner at, List<VolumeRef> lvs, List<Command> then) {
        if (then.isEmpty()) {
            deactivateAll(at, lvs);
            return;
        }
        List<Command> all = new ArrayList<>();
        all.add(lvs.size() == 1 ? lvm.deactivate(lvs.get(0).pool(), lvs.get(0).name()) : lvm.deactivateTogether(pairs(lvs)));
        all.addAll(then);
        try {
            at.runAll(all);
            return;
        } catch (CommandFailedException e) {
            if (failed(all, e) > 0) {
                throw e;
            }
            if (e.reason() != CommandFailedException.Reason.EXIT_CODE) {
                throw LvmErrors.translate(e, lvs.get(0).pool());
            }
        }
        deactivateAll(at, lvs);
        at.runAll(then);
    }

    private static List<String[]> pairs(List<VolumeRef> lvs) {
        return lvs.stream().map(v -> new String[] {v.pool(), v.name()}).toList();
    }

    /**
     * Which of {@code commands} {@code e} is about (a batch throws the failure of the command that
     * failed; a runner that puts {@code sudo -n} first reports the command with it).
     */
    private static int failed(List<Command> commands, CommandFailedException e) {
        for (int i = 0; i < commands.size(); i++) {
            String p = commands.get(i).printable();
            if (p.equals(e.printableCommand()) || e.printableCommand().endsWith(" " + p)) {
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
