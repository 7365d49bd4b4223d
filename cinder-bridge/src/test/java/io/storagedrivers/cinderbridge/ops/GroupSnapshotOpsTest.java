package io.storagedrivers.cinderbridge.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.storagedrivers.cinderbridge.ops.OpRequest.SnapshotSpec;
import io.storagedrivers.cinderbridge.ops.OpRequest.VolumeSpec;
import io.storagedrivers.linstor.api.ClientConfig;
import io.storagedrivers.linstor.api.LinstorClient;
import io.storagedrivers.linstor.backend.LinstorBackend;
import io.storagedrivers.linstor.backend.LinstorSettings;
import io.storagedrivers.linstor.hl.Linstor;
import io.storagedrivers.linstor.sim.SimController;
import io.storagedrivers.linstor.sim.SimState;
import io.storagedrivers.sim.SimBackend;
import io.storagedrivers.spi.PoolInfo;
import io.storagedrivers.spi.Sizes;
import io.storagedrivers.spi.VolumeRef;

/**
 * Cinder group snapshots (create_group_snapshot of a consistent group) on LINSTOR's
 * multi-snapshot, against the simulated controller; refused as UNSUPPORTED by a backend that
 * cannot, so the Python driver falls back to Cinder's per-volume loop.
 */
class GroupSnapshotOpsTest {
    static final String A = "aaaaaaaa-0000-0000-0000-000000000001";
    static final String B = "bbbbbbbb-0000-0000-0000-000000000002";
    static final String SA = "5aaaaaaa-0000-0000-0000-000000000001";
    static final String SB = "5bbbbbbb-0000-0000-0000-000000000002";

    @TempDir
    Path dir;
    private final SimState state = SimState.withNodes(List.of("n1", "n2"), "LVM_THIN", 100L * 1024 * 1024);
    private final SimController controller = SimController.start(state, "127.0.0.1", 0);
    private final Operations ops = new Operations(new ImageProbe(null, null), Clock.systemUTC());

    @AfterEach
    void close() {
        controller.close();
    }

    private static BridgeBackend bridge(io.storagedrivers.spi.VolumeBackend spi) {
        return new BridgeBackend(spi, new BackendSettings("b", null, null, null, Map.of(), Duration.ofMillis(100),
                Duration.ofSeconds(5)));
    }

    private static OpRequest group(String... volumeAndSnapshotIds) {
        List<SnapshotSpec> snaps = new java.util.ArrayList<>();
        for (int i = 0; i < volumeAndSnapshotIds.length; i += 2) {
            snaps.add(new SnapshotSpec(volumeAndSnapshotIds[i + 1], null,
                    new VolumeSpec(volumeAndSnapshotIds[i], null, 1, "one", false), 1));
        }
        return new OpRequest(null, null, null, null, null, null, null, snaps);
    }

    @Test
    void linstorTakesTheGroupTogether() {
        LinstorClient client = new LinstorClient(ClientConfig.of(controller.linstorUri()));
        new Linstor(client).resourceGroup("one").redundancy(2);
        try (LinstorBackend spi = new LinstorBackend(client, LinstorSettings.from(Map.of()), null, false)) {
            spi.create(new VolumeRef("one", "volume-" + A), Sizes.GIB);
            spi.create(new VolumeRef("one", "volume-" + B), Sizes.GIB);
            BridgeBackend b = bridge(spi);
            Map<String, Object> r = ops.find("create_group_snapshot").orElseThrow().op().apply(b, group(A, SA, B, SB));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> out = (List<Map<String, Object>>) r.get("snapshots");
            assertEquals(List.of(SA, SB), out.stream().map(m -> m.get("id")).toList());
            assertEquals(List.of("snap-" + SA), spi.snapshots(new VolumeRef("one", "volume-" + A)));
            assertEquals(List.of("snap-" + SB), spi.snapshots(new VolumeRef("one", "volume-" + B)));
            assertEquals(r, ops.find("create_group_snapshot").orElseThrow().op().apply(b, group(A, SA, B, SB)),
                    "a retry answers the same");
            ApiException twice = assertThrows(ApiException.class,
                    () -> ops.find("create_group_snapshot").orElseThrow().op().apply(b, group(A, SA, A, SB)));
            assertEquals(ApiException.Code.INVALID, twice.code());
            assertEquals(Boolean.TRUE, ops.find("stats").orElseThrow().op().apply(b, group()).get("group_snapshots"));
        }
    }

    @Test
    void backendsWithoutGroupSnapshotsAreUnsupported() {
        SimBackend sim = org.mockito.Mockito.spy(new SimBackend(dir.resolve("s.json"), List.of(new PoolInfo("one",
                10 * Sizes.GIB, 10 * Sizes.GIB, false))));
        org.mockito.Mockito.doReturn(java.util.EnumSet.of(io.storagedrivers.spi.Capability.SNAPSHOTS)).when(sim)
                .capabilities();
        sim.create(new VolumeRef("one", "volume-" + A), Sizes.GIB);
        ApiException e = assertThrows(ApiException.class,
                () -> ops.find("create_group_snapshot").orElseThrow().op().apply(bridge(sim), group(A, SA)));
        assertEquals(ApiException.Code.UNSUPPORTED, e.code());
    }
}
