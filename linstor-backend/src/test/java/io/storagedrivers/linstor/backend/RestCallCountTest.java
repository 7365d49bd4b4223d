package io.storagedrivers.linstor.backend;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.storagedrivers.linstor.hl.Linstor;
import io.storagedrivers.linstor.sim.SimController;
import io.storagedrivers.linstor.sim.SimFixture;
import io.storagedrivers.spi.Progress;
import io.storagedrivers.spi.Sizes;
import io.storagedrivers.spi.VolumeRef;
import io.storagedrivers.testsupport.FakeRunners;

/**
 * REST calls per backend operation (counted at the simulated controller, printed for the
 * README); bounds guard against a design regression such as one call per volume in a listing.
 */
class RestCallCountTest {

    @Test
    void callsPerOperation() {
        Map<String, Long> calls = new LinkedHashMap<>();
        try (SimFixture sim = SimFixture.thin("node1", "node2", "node3")) {
            SimController c = sim.controller();
            try (Linstor ls = sim.linstor()) {
                ls.resourceGroup("one").redundancy(2);
            }
            LinstorBackend be = new LinstorBackend(sim.client(), LinstorSettings.from(Map.of()), new FakeRunners().succeedAll(),
                    false);
            VolumeRef v = new VolumeRef("one", "vol1");
            Supplier<Long> n = c::requestCount;
            measure(calls, "create", n, () -> be.create(v, Sizes.GIB));
            for (int i = 0; i < 20; i++) {
                be.create(new VolumeRef("one", "more" + i), Sizes.GIB);
            }
            measure(calls, "list (21 volumes)", n, () -> be.list("one"));
            measure(calls, "pool", n, () -> be.pool("one"));
            measure(calls, "attach (diskless)", n, () -> be.attach(v, "node3"));
            measure(calls, "detach", n, () -> be.detach(v, "node3"));
            measure(calls, "resize", n, () -> be.resize(v, 2 * Sizes.GIB));
            measure(calls, "snapshot", n, () -> be.createSnapshot(v, "s1"));
            measure(calls, "revert", n, () -> be.revertSnapshot(v, "s1"));
            measure(calls, "clone (server-side)", n, () -> be.clone(v, new VolumeRef("one", "c1"), 0, Progress.NONE));
            measure(calls, "beginMigration", n, () -> be.beginMigration(v, "node1", "node3"));
            measure(calls, "delete (1 snapshot)", n, () -> be.delete(v, false));
            be.close();
        }
        System.out.println("REST calls per operation: " + calls);
        assertTrue(calls.get("list (21 volumes)") <= 2, calls.toString());
        assertTrue(calls.values().stream().allMatch(x -> x <= 12), calls.toString());
    }

    private static void measure(Map<String, Long> calls, String what, Supplier<Long> count, Runnable op) {
        long before = count.get();
        op.run();
        calls.put(what, count.get() - before);
    }
}
