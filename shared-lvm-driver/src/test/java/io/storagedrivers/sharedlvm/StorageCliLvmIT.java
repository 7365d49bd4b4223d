package io.storagedrivers.sharedlvm;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.storagedrivers.cli.storage.StorageCliScenario;
import io.storagedrivers.testsupport.TestBed;

/**
 * Every {@code storage} verb through scripts/storage and this module's fat jar on the test bed's
 * VG ({@code lvm://$TB_VG}), activation on host1 over SSH. The bare test bed has no device-mapper,
 * so the clone must fail cleanly (exit 4, no target left); snapshots are not offered by shared LVM.
 */
class StorageCliLvmIT {

    @TempDir
    Path work;

    @Test
    void everyVerbOnTheTestBedVg() throws Exception {
        TestBed tb = TestBed.require();
        Map<String, String> env = new HashMap<>(tb.frontendLvmEnv());
        env.put("STORAGE_DRIVERS_SSH_CONFIG", tb.sshConfig().toString());
        env.put("STORAGE_DRIVERS_LOCK_DIR", tb.dir().resolve("locks").toString());
        new StorageCliScenario(Path.of("target").toAbsolutePath(), "lvm://" + tb.vg(), tb.vg(),
                "cli" + ProcessHandle.current().pid(), work, env)
                .withoutDataPath()
                .runAll(tb.hosts().get(0));
    }
}
