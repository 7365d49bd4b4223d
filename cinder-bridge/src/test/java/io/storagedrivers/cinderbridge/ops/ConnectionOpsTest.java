package io.storagedrivers.cinderbridge.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.storagedrivers.cinderbridge.ops.OpRequest.VolumeSpec;
import io.storagedrivers.sim.SimBackend;
import io.storagedrivers.spi.PoolInfo;
import io.storagedrivers.spi.Sizes;
import io.storagedrivers.spi.VolumeRef;

/** Attach/detach semantics: same-host sharing, force detach, host mapping, migration hooks, busy. */
class ConnectionOpsTest {
    static final String ID = "11111111-2222-3333-4444-555555555555";
    static final VolumeRef REF = new VolumeRef("p", "volume-" + ID);

    @TempDir
    Path dir;
    SimBackend sim;
    BridgeBackend backend;
    Operations ops;

    @BeforeEach
    void setUp() {
        sim = spy(new SimBackend(dir.resolve("s.json"), List.of(new PoolInfo("p", 10 * Sizes.GIB, 10 * Sizes.GIB, false))));
        backend = new BridgeBackend(sim, new BackendSettings("b", null, null, null, Map.of("compute-a", "node-a"),
                Duration.ofMillis(100), Duration.ofSeconds(5)));
        ops = new Operations(new ImageProbe(null, null), Clock.systemUTC());
        sim.create(REF, Sizes.GIB);
    }

    private Map<String, Object> call(String op, OpRequest req) {
        return ops.find(op).orElseThrow().op().apply(backend, req);
    }

    private static OpRequest attach(String host, boolean multi, String... attachmentHosts) {
        return new OpRequest(new VolumeSpec(ID, null, 1, "p", multi), null, null, null, null,
                host == null ? null : Map.of("host", host), List.of(attachmentHosts), null);
    }

    private static OpRequest detach(String host, boolean multi, String... attachmentHosts) {
        return new OpRequest(new VolumeSpec(ID, null, 1, "p", multi), null, null, null, null,
                host == null ? null : Map.of("host", host), List.of(attachmentHosts), null);
    }

    @Test
    void attachReturnsLocalConnectionInfoOnTheMappedHost() {
        Map<String, Object> r = call("initialize_connection", attach("compute-a", false));
        @SuppressWarnings("unchecked")
        Map<String, Object> info = (Map<String, Object>) r.get("connection_info");
        assertEquals("local", info.get("driver_volume_type"));
        assertEquals(Map.of("device_path", "/dev/sim/p/volume-" + ID), info.get("data"));
        assertEquals(Set.of("node-a"), sim.attachments(REF));
        call("initialize_connection", attach("compute-a", false));
        assertEquals(Set.of("node-a"), sim.attachments(REF));
        verify(sim, never()).beginMigration(any(), anyString(), anyString());
    }

    @Test
    void anotherAttachmentOnTheSameHostKeepsTheDevice() {
        call("initialize_connection", attach("h1", true));
        assertEquals(Map.of("shared", true), call("terminate_connection", detach("h1", true, "h1", "h1")));
        assertEquals(Set.of("h1"), sim.attachments(REF));
        assertEquals(Map.of("shared", false), call("terminate_connection", detach("h1", true, "h1")));
        assertEquals(Set.of(), sim.attachments(REF));
        // already detached: success
        assertEquals(Map.of("shared", false), call("terminate_connection", detach("h1", true, "h1")));
    }

    @Test
    void liveMigrationRunsTheBackendHooks() {
        call("initialize_connection", attach("src", false));
        // Cinder's attachments say where the volume is in use (the new one has no host yet)
        call("initialize_connection", attach("dst", false, "src"));
        verify(sim).beginMigration(REF, "src", "dst");
        // source leaves after the move: migration succeeded; the other attachment remains
        assertEquals(Map.of("shared", true), call("terminate_connection", detach("src", false, "src", "dst")));
        verify(sim).endMigration(REF, "src", "dst", true);
        assertEquals(Set.of("dst"), sim.attachments(REF));
    }

    @Test
    void failedMigrationDetachesTheDestination() {
        call("initialize_connection", attach("src", false));
        call("initialize_connection", attach("dst", false, "src"));
        assertEquals(Map.of("shared", true), call("terminate_connection", detach("dst", false, "src", "dst")));
        verify(sim).endMigration(REF, "src", "dst", false);
        assertEquals(Set.of("src"), sim.attachments(REF));
    }

    @Test
    void multiattachOnTwoHostsIsNoMigration() {
        call("initialize_connection", attach("h1", true));
        call("initialize_connection", attach("h2", true, "h1"));
        call("terminate_connection", detach("h1", true, "h1", "h2"));
        verify(sim, never()).beginMigration(any(), anyString(), anyString());
        verify(sim, never()).endMigration(any(), anyString(), anyString(), anyBoolean());
    }

    @Test
    void replicasOnOtherHostsAreNoMigration() {
        // the backend may list hosts that merely hold a copy (LINSTOR replicas): only Cinder's
        // attachments count
        call("initialize_connection", attach("h1", false));
        call("initialize_connection", attach("h2", false));
        verify(sim, never()).beginMigration(any(), anyString(), anyString());
    }

    @Test
    void noConnectorDetachesEverywhere() {
        call("initialize_connection", attach("h1", true));
        call("initialize_connection", attach("h2", true));
        assertEquals(Map.of("shared", false), call("terminate_connection", detach(null, true)));
        assertEquals(Set.of(), sim.attachments(REF));
    }

    @Test
    void extendOfAnAttachedVolumeRefreshesItsHosts() {
        call("initialize_connection", attach("h1", false));
        OpRequest extend = new OpRequest(new VolumeSpec(ID, null, 1, "p", false), null, null, 2, null, null,
                List.of("compute-a"), null);
        call("extend_volume", extend);
        verify(sim).resize(REF, 2 * Sizes.GIB, Set.of("node-a"));
        // retried after the size was reached: the hosts are refreshed again
        call("extend_volume", extend);
        verify(sim, org.mockito.Mockito.times(2)).resize(REF, 2 * Sizes.GIB, Set.of("node-a"));
    }

    @Test
    void badConnectorsAndBusyVolumes() {
        ApiException e = assertThrows(ApiException.class, () -> call("initialize_connection", attach(null, false)));
        assertEquals(ApiException.Code.INVALID_CONNECTOR, e.code());
        e = assertThrows(ApiException.class, () -> call("initialize_connection", attach("bad host;", false)));
        assertEquals(ApiException.Code.INVALID_CONNECTOR, e.code());
        try (VolumeLocks.Held held = backend.locks().acquire("p/volume-" + ID, ApiException.Code.VOLUME_BUSY)) {
            var other = java.util.concurrent.CompletableFuture.runAsync(() -> call("initialize_connection", attach("h1", false)));
            var ce = assertThrows(java.util.concurrent.CompletionException.class, other::join);
            e = (ApiException) ce.getCause();
        }
        assertEquals(ApiException.Code.VOLUME_BUSY, e.code());
        assertEquals(Set.of(), sim.attachments(REF));
    }
}
