package io.storagedrivers.sharedlvm;

import java.util.List;
import java.util.Map;

import io.storagedrivers.exec.CommandFailedException;
import io.storagedrivers.exec.CommandLog;
import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.exec.LocalCommandRunner;
import io.storagedrivers.exec.Runners;
import io.storagedrivers.sharedlvm.lvm.LockType;
import io.storagedrivers.sharedlvm.lvm.LvmReports;
import io.storagedrivers.sharedlvm.lvm.LvmTools;
import io.storagedrivers.sharedlvm.lvm.SudoRunners;

/**
 * Asks this machine's LVM what locks a VG ({@code vgs -o lock_type}, through {@code sudo -n} when
 * not root, with the backend's {@code LVM_*} tool settings): how the cinder-bridge decides whether
 * an {@code lvm://} backend needs its one metadata host (a plain VG) or may write here under
 * lvmlockd's VG lock (a shared VG).
 */
public final class VgLockProbe {
    private VgLockProbe() {
    }

    /** The lock type of {@code vg}; a VG LVM cannot see here is a one-line IllegalStateException. */
    public static LockType lockType(String vg, Map<String, String> settings) {
        LvmTools tools = LvmTools.fromSettings(settings);
        CommandRunner local = CommandLog.global().wrap(new LocalCommandRunner());
        Runners runners = SudoRunners.whenNotRoot(new Runners() {
            @Override
            public CommandRunner local() {
                return local;
            }

            @Override
            public CommandRunner host(String host) {
                throw new UnsupportedOperationException("local only");
            }

            @Override
            public List<String> knownHosts() {
                return List.of();
            }

            @Override
            public void close() {
            }
        }, tools);
        try {
            String out = runners.local().run(new LvmReports(tools).lockType(vg)).stdout();
            return VgMetadata.parse(() -> LockType.parse(out));
        } catch (CommandFailedException e) {
            throw new IllegalStateException("cannot read the lock type of VG " + vg + ": "
                    + LvmErrors.translate(e, vg).getMessage());
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot read the lock type of VG " + vg + ": " + e.getMessage());
        }
    }
}
