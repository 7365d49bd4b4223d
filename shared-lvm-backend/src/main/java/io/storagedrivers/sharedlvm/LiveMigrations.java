package io.storagedrivers.sharedlvm;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.sharedlvm.lvm.LockType;
import io.storagedrivers.sharedlvm.lvm.LvmCommands;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.VolumeRef;

/**
 * LV locks around a live migration. On a plain VG activation takes no lock and both hosts simply
 * have the LV active for the move: nothing to do here. On a shared VG (lvmlockd) an LV is active
 * exclusively on one host ({@code -ay} means {@code -aey} there), so the move needs a window:
 * {@link #begin} turns the source's lock shared ({@code lvchange -asy}) and marks the destination
 * so that its activation is shared too ({@link #sharedOn}); {@link #end} turns the lock of the side
 * that keeps the VM back into an exclusive one ({@code lvchange -aey}), after the other side
 * deactivated.
 */
final class LiveMigrations {
    private final CommandRunner local;
    private final LvmCommands lvm;
    private final HostLvm hosts;
    private final Function<String, CommandRunner> at;
    private final VgLockTypes lockTypes;
    private final Set<String> destinations = ConcurrentHashMap.newKeySet();
    private final java.util.function.Predicate<VolumeRef> thinVolume;

    LiveMigrations(CommandRunner local, LvmCommands lvm, HostLvm hosts, Function<String, CommandRunner> at,
                   java.util.function.Predicate<VolumeRef> thinVolume, VgLockTypes lockTypes) {
        this.lockTypes = lockTypes;
        this.thinVolume = thinVolume;
        this.local = local;
        this.lvm = lvm;
        this.hosts = hosts;
        this.at = at;
    }

    /** The VG's lock type: one local {@code vgs -o lock_type}, asked once per VG ({@link VgLockTypes}). */
    LockType lockType(String vg) {
        return lockTypes.get(local, lvm.reports().lockType(vg), vg);
    }

    /** A migration step of {@code vg} failed: its lock type is asked again next time ({@link VgLockTypes}). */
    private void forgetLockType(String vg) {
        lockTypes.forget(lvm.reports().lockType(vg));
    }

    /**
     * Before the destination activates: the source's LV lock becomes shared. A thin volume is
     * refused before anything changes: lvmlockd activates a thin pool on one host only.
     */
    void begin(VolumeRef v, String source, String destination) {
        try {
            beginOn(v, source, destination);
        } catch (RuntimeException e) {
            forgetLockType(v.pool());
            throw e;
        }
    }

    private void beginOn(VolumeRef v, String source, String destination) {
        if (lockType(v.pool()).lvmlockd()) {
            if (thinVolume.test(v)) {
                throw new BackendException(BackendException.Kind.UNSUPPORTED, "volume " + v + " is a thin volume:"
                        + " lvmlockd activates its pool on one host only, so it cannot be live-migrated;"
                        + " power the VM off and migrate it (the pool moves with the volume)");
            }
            hosts.activateMode(at.apply(source), v, true);
            destinations.add(key(v, destination));
        }
    }

    /** Whether activating {@code v} on {@code host} must be shared (a migration's destination). */
    boolean sharedOn(VolumeRef v, String host) {
        return destinations.contains(key(v, host));
    }

    /**
     * After the side left behind deactivated: the side that runs the VM gets its exclusive lock
     * back. When another host still holds the LV (a disk several VMs share, or a side that could
     * not deactivate) the LV stays active shared, which is still correct for the VM: lvmlockd
     * refuses only the conversion, and the migration itself must not fail after the VM moved.
     */
    void end(VolumeRef v, String source, String destination, boolean succeeded) {
        destinations.remove(key(v, destination));
        if (!succeeded) {
            // the destination's activation may have failed on a stale lock type (VgLockTypes)
            forgetLockType(v.pool());
        }
        if (!lockType(v.pool()).lvmlockd()) {
            return;
        }
        try {
            hosts.activateMode(at.apply(succeeded ? destination : source), v, false);
        } catch (BackendException e) {
            if (e.kind() != BackendException.Kind.BUSY) {
                throw e;
            }
        }
    }

    private static String key(VolumeRef v, String host) {
        return v.pool() + "/" + v.name() + "@" + host;
    }
}
