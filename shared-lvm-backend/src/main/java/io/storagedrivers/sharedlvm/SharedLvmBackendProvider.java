package io.storagedrivers.sharedlvm;

import java.net.URI;
import java.util.Map;
import java.util.Set;

import io.storagedrivers.exec.Runners;
import io.storagedrivers.lock.FileLocks;
import io.storagedrivers.sharedlvm.copy.CopyPlacement;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.BackendException.Kind;
import io.storagedrivers.backends.HostBackendProvider;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.validate.Validate;

/**
 * {@code lvm://<vg>}: a {@link SharedLvmBackend} whose default pool is {@code vg}, with SSH to
 * hosts from the user's SSH config ({@code STORAGE_DRIVERS_SSH_CONFIG}), file locks in
 * {@code STORAGE_DRIVERS_LOCK_DIR} and the {@link SharedLvmSettings} read from {@code settings}. VGs' lock
 * types are kept for the process's life ({@link VgLockTypes#PROCESS}: the warm service asks each once).
 */
public final class SharedLvmBackendProvider extends HostBackendProvider {

    @Override
    public Set<String> schemes() {
        return Set.of("lvm");
    }

    @Override
    protected VolumeBackend open(URI uri, Map<String, String> settings, Runners runners, boolean ownsRunners) {
        String vg = uri.getRawAuthority();
        String path = uri.getRawPath();
        if (uri.isOpaque() || vg == null || (path != null && !path.isEmpty() && !path.equals("/"))
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new BackendException(Kind.INVALID, "shared LVM URI must be lvm://<vg>, got " + uri);
        }
        Validate.vgName(vg);
        SharedLvmSettings s = SharedLvmSettings.from(settings);
        return new SharedLvmBackend(vg, s, runners,
                VgLocks.files(FileLocks.fromEnvironment(), s.lockTimeout()), CopyPlacement::localDeviceMapper,
                SharedLvmBackend.DEFAULT_CHUNK_BYTES, ownsRunners, VgLockTypes.PROCESS);
    }
}
