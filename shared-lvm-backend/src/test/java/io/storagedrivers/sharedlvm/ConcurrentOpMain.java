package io.storagedrivers.sharedlvm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.storagedrivers.exec.ssh.DefaultRunners;
import io.storagedrivers.lock.FileLocks;
import io.storagedrivers.spi.VolumeRef;

/**
 * One process of {@link ConcurrencyIT}: args VG, LV name, lock dir, keep|delete. Creates the LV,
 * re-creates it (idempotent), grows it, reads the VG's capacity, and deletes it unless told to
 * keep it. Exit 0 on success; the failure on stderr otherwise.
 */
public final class ConcurrentOpMain {
    private ConcurrentOpMain() {
    }

    public static void main(String[] args) {
        VolumeRef v = new VolumeRef(args[0], args[1]);
        try (SharedLvmBackend b = new SharedLvmBackend(args[0], SharedLvmSettings.from(Map.of("ZERO_LVM_ON_CREATE", "no")) /* the namespace test bed has no device-mapper */,
                DefaultRunners.fromEnvironment(), VgLocks.files(new FileLocks(Path.of(args[2])), Duration.ofSeconds(300)),
                () -> false, SharedLvmBackend.DEFAULT_CHUNK_BYTES)) {
            b.create(v, 8L << 20);
            b.create(v, 8L << 20);
            b.resize(v, 12L << 20);
            b.pool(args[0]);
            if (args[3].equals("delete")) {
                b.delete(v, false);
            }
        } catch (RuntimeException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }
}
