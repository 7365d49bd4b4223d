package io.storagedrivers.sharedlvm;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.storagedrivers.cli.ExitCode;
import io.storagedrivers.cli.storage.StorageCliScenario;

/** Every {@code storage} verb through scripts/storage and this module's fat jar, on the simulator. */
class StorageCliSimIT {

    @TempDir
    Path work;

    @Test
    void everyVerbOnTheSimulator() throws Exception {
        StorageCliScenario s = new StorageCliScenario(Path.of("target").toAbsolutePath(),
                "sim://" + work.resolve("state.json") + "?pools=it0:1G", null, "cli-it", work, Map.of());
        s.runAll("node1");
        // the jar's own main reaches the same command
        s.run(ExitCode.USAGE, "--uri", "nope://x", "pools");
    }
}
