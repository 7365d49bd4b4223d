package io.storagedrivers.sharedlvm;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandFailedException;
import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.sharedlvm.lvm.LockType;

/**
 * The lock types of VGs ({@code vgs -o lock_type}), each asked once and then kept: for one action
 * (a cold JVM) or, through {@link #PROCESS}, for the warm service's whole life, so premigrate and
 * postmigrate run no LVM command on the frontend at all. Entries are keyed by the report's argv
 * (VG name, LVM tool paths, sudo prefix); the service's environment (LVM_SYSTEM_DIR...) is one
 * for its life (WarmEnvironment sends a shim with another back to a cold JVM).
 *
 * <p>Why keeping it is safe: a VG's lock type changes only through {@code vgchange --locktype},
 * which LVM allows only while no LV of the VG is active anywhere, i.e. while no VM of it runs, so
 * no migration of it is under way. A stale answer after such a change costs no data: a stale
 * "plain" on a now shared VG lets lvmlockd refuse the destination's activation (the source holds
 * the LV lock exclusively), a stale "shared" on a now plain VG makes LVM treat {@code -asy} /
 * {@code -aey} as {@code -ay}. Either way the caller {@link #forget}s the VG when a migration step
 * fails, so OpenNebula's retry asks LVM again.
 */
final class VgLockTypes {
    /** The cache of this process: the warm service's, shared by every action it runs. */
    static final VgLockTypes PROCESS = new VgLockTypes();

    private final Map<String, LockType> known = new ConcurrentHashMap<>();

    /** The lock type of {@code vg} as {@code report} (its {@code vgs -o lock_type}) says, asked once. */
    LockType get(CommandRunner local, Command report, String vg) {
        return known.computeIfAbsent(key(report), k -> {
            try {
                String out = local.run(report).stdout();
                return VgMetadata.parse(() -> LockType.parse(out));
            } catch (CommandFailedException e) {
                throw LvmErrors.translate(e, vg);
            }
        });
    }

    /** Drops what is known of the VG {@code report} asks about: the next {@link #get} asks LVM. */
    void forget(Command report) {
        known.remove(key(report));
    }

    private static String key(Command report) {
        return String.join("\0", report.argv()) + "\0" + new java.util.TreeMap<>(report.env());
    }
}
