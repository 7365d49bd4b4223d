package io.storagedrivers.cinderbridge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.storagedrivers.spi.Sizes;
import io.storagedrivers.spi.VolumeRef;

/** Every operation retried (and retried across a bridge restart) ends in the same state. */
class IdempotencyTest {
    static final String A = "aaaaaaaa-0000-0000-0000-000000000001";
    static final String B = "bbbbbbbb-0000-0000-0000-000000000002";
    static final String C = "cccccccc-0000-0000-0000-000000000003";
    static final String S = "dddddddd-0000-0000-0000-000000000004";

    @TempDir
    Path dir;

    static String vol(String id, int gb) {
        return "{\"name_id\":\"" + id + "\",\"size_gb\":" + gb + ",\"pool\":\"pool1\"}";
    }

    static String snap() {
        return "{\"id\":\"" + S + "\",\"volume\":" + vol(A, 1) + ",\"volume_size_gb\":1}";
    }

    static VolumeRef ref(String id) {
        return new VolumeRef("pool1", "volume-" + id);
    }

    /** Sends the request twice; both answers must be 200 and equal. */
    static BridgeHarness.Reply twice(BridgeHarness h, String op, String body) {
        BridgeHarness.Reply first = h.post("/v1/sim1/" + op, body);
        BridgeHarness.Reply second = h.post("/v1/sim1/" + op, body);
        assertEquals(200, first.status(), op + ": " + first.body());
        assertEquals(200, second.status(), op + " retried: " + second.body());
        return second;
    }

    @Test
    void everyOperationCanBeRetried() throws IOException {
        Path state = dir.resolve("state.json");
        try (BridgeHarness h = new BridgeHarness(state, null, Duration.ofSeconds(2))) {
            BridgeHarness.Reply created = twice(h, "create_volume", "{\"volume\":" + vol(A, 1) + "}");
            assertEquals("volume-" + A, created.body().path("model_update").path("provider_id").asText());
            assertEquals("sim1:pool1/volume-" + A, created.body().path("model_update").path("provider_location").asText());

            BridgeHarness.Reply snapped = twice(h, "create_snapshot", "{\"snapshot\":" + snap() + "}");
            assertEquals("snap-" + S, snapped.body().path("model_update").path("provider_id").asText());
            assertEquals(List.of("snap-" + S), h.sim.snapshots(ref(A)));

            twice(h, "create_volume_from_snapshot", "{\"volume\":" + vol(B, 3) + ",\"snapshot\":" + snap() + "}");
            assertEquals(3 * Sizes.GIB, h.sim.find(ref(B)).orElseThrow().sizeBytes());

            twice(h, "create_cloned_volume", "{\"volume\":" + vol(C, 2) + ",\"source_volume\":" + vol(A, 1) + "}");
            assertEquals(2 * Sizes.GIB, h.sim.find(ref(C)).orElseThrow().sizeBytes());

            BridgeHarness.Reply extended = twice(h, "extend_volume", "{\"volume\":" + vol(A, 1) + ",\"new_size_gb\":4}");
            assertEquals(4, extended.body().path("size_gb").asInt());

            // rolled back to the 1 GiB snapshot, then grown back to the size Cinder knows
            twice(h, "revert_to_snapshot", "{\"volume\":" + vol(A, 4) + ",\"snapshot\":" + snap() + "}");
            assertEquals(4 * Sizes.GIB, h.sim.find(ref(A)).orElseThrow().sizeBytes());
            assertEquals(List.of("snap-" + S), h.sim.snapshots(ref(A)));

            // a volume with snapshots is busy, and stays intact
            BridgeHarness.Reply busy = h.post("/v1/sim1/delete_volume", "{\"volume\":" + vol(A, 4) + "}");
            assertEquals(409, busy.status());
            assertEquals("VOLUME_BUSY", busy.code());
            assertTrue(h.sim.find(ref(A)).isPresent());
        }
        // the bridge keeps no state: a new one on the same storage carries on
        try (BridgeHarness h = new BridgeHarness(state, null, Duration.ofSeconds(2))) {
            twice(h, "create_snapshot", "{\"snapshot\":" + snap() + "}");
            twice(h, "delete_snapshot", "{\"snapshot\":" + snap() + "}");
            assertEquals(List.of(), h.sim.snapshots(ref(A)));
            for (String id : List.of(A, B, C)) {
                twice(h, "delete_volume", "{\"volume\":" + vol(id, 1) + "}");
                assertFalse(h.sim.find(ref(id)).isPresent());
            }
            // deleting what is gone succeeds, also for snapshots of a gone volume
            twice(h, "delete_snapshot", "{\"snapshot\":" + snap() + "}");
        }
    }

    @Test
    void providerIdWinsOverNameId() throws IOException {
        try (BridgeHarness h = new BridgeHarness(dir.resolve("state.json"), null, Duration.ofSeconds(2))) {
            twice(h, "create_volume", "{\"volume\":" + vol(A, 1) + "}");
            // after a migration Cinder's name_id may differ; provider_id still names the object
            String moved = "{\"name_id\":\"" + B + "\",\"provider_id\":\"volume-" + A + "\",\"pool\":\"pool1\"}";
            BridgeHarness.Reply r = h.post("/v1/sim1/extend_volume", "{\"volume\":" + moved + ",\"new_size_gb\":2}");
            assertEquals(200, r.status(), r.body().toString());
            assertEquals(2 * Sizes.GIB, h.sim.find(ref(A)).orElseThrow().sizeBytes());
        }
    }

    @Test
    void missingSourcesAre404() throws IOException {
        try (BridgeHarness h = new BridgeHarness(dir.resolve("state.json"), null, Duration.ofSeconds(2))) {
            assertEquals("NOT_FOUND", h.post("/v1/sim1/create_cloned_volume",
                    "{\"volume\":" + vol(C, 1) + ",\"source_volume\":" + vol(A, 1) + "}").code());
            assertEquals("NOT_FOUND", h.post("/v1/sim1/create_volume_from_snapshot",
                    "{\"volume\":" + vol(B, 1) + ",\"snapshot\":" + snap() + "}").code());
            assertEquals("NOT_FOUND", h.post("/v1/sim1/extend_volume",
                    "{\"volume\":" + vol(A, 1) + ",\"new_size_gb\":2}").code());
            assertFalse(h.sim.find(ref(B)).isPresent());
            assertFalse(h.sim.find(ref(C)).isPresent());
        }
    }
}
