package io.storagedrivers.linstor;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.storagedrivers.cli.storage.StorageCliScenario;
import io.storagedrivers.linstor.hl.Linstor;
import io.storagedrivers.linstor.sim.SimFixture;

/**
 * Every {@code storage} verb through scripts/storage and this module's fat jar against the
 * simulated LINSTOR controller (started in this JVM, every exchange checked against LINSTOR's
 * OpenAPI spec): thin LVM pools on three nodes named like the test bed's hosts, a resource group
 * with two replicas as the pool, activation (diskless where not placed) on host3.
 */
class StorageCliLinstorIT {

    @TempDir
    Path work;

    private final SimFixture sim = SimFixture.thin("host1", "host2", "host3");

    @AfterEach
    void close() {
        sim.close();
    }

    @Test
    void everyVerbOnTheSimulatedController() throws Exception {
        try (Linstor ls = sim.linstor()) {
            ls.resourceGroup("one-rg").redundancy(2);
        }
        new StorageCliScenario(Path.of("target").toAbsolutePath(), sim.controller().linstorUri(), "one-rg",
                "cli-it", work, Map.of())
                .runAll("host3");
    }
}
