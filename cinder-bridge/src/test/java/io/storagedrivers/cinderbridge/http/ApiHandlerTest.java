package io.storagedrivers.cinderbridge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.storagedrivers.spi.VolumeRef;

/** Routing, authentication and error mapping of the HTTP layer, with a real server and simulator. */
class ApiHandlerTest {
    static final String VOL = "{\"volume\":{\"name_id\":\"11111111-2222-3333-4444-555555555555\",\"size_gb\":1}}";
    static final VolumeRef REF = new VolumeRef("pool1", "volume-11111111-2222-3333-4444-555555555555");

    @TempDir
    Path dir;
    BridgeHarness bridge;

    @BeforeEach
    void start() throws IOException {
        bridge = new BridgeHarness(dir.resolve("state.json"), null, Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        bridge.close();
    }

    @Test
    void unauthenticatedRequestsGet401AndChangeNothing() {
        for (String auth : new String[] {null, "Bearer wrong-token-0123456789abc", "Basic " + BridgeHarness.TOKEN}) {
            HttpRequest.Builder b = HttpRequest.newBuilder(bridge.uri("/v1/sim1/create_volume"))
                    .POST(HttpRequest.BodyPublishers.ofString(VOL));
            if (auth != null) {
                b.header("Authorization", auth);
            }
            BridgeHarness.Reply r = bridge.send(b.build());
            assertEquals(401, r.status());
            assertEquals("UNAUTHORIZED", r.code());
        }
        assertTrue(bridge.sim.find(REF).isEmpty());
        // even unknown paths answer 401 first: nothing about the API leaks without the token
        assertEquals(401, bridge.send(HttpRequest.newBuilder(bridge.uri("/nothing")).GET().build()).status());
        assertFalse(bridge.log.toString().contains(BridgeHarness.TOKEN));
    }

    @Test
    void routingErrors() {
        assertEquals(200, bridge.get("/v1/health").status());
        assertEquals("NOT_FOUND", bridge.post("/v1/nosuch/create_volume", VOL).code());
        assertEquals("NOT_FOUND", bridge.post("/v1/sim1/format_disk", VOL).code());
        assertEquals("NOT_FOUND", bridge.get("/v2/sim1/stats").code());
        assertEquals(405, bridge.get("/v1/sim1/create_volume").status());
        assertEquals(405, bridge.post("/v1/sim1/stats", "{}").status());
    }

    @Test
    void badBodiesAre400Or413() {
        assertEquals(400, bridge.post("/v1/sim1/create_volume", "{\"volume\":").status());
        assertEquals(400, bridge.post("/v1/sim1/create_volume", "[]").status());
        assertEquals(400, bridge.post("/v1/sim1/create_volume", "null").status());
        assertEquals(400, bridge.post("/v1/sim1/create_volume", "{}").status());
        assertEquals(400, bridge.post("/v1/sim1/create_volume",
                "{\"volume\":{\"name_id\":\"11111111-2222-3333-4444-555555555555\",\"size_gb\":0}}").status());
        assertEquals(400, bridge.post("/v1/sim1/create_volume",
                "{\"volume\":{\"name_id\":\"x; rm -rf /\",\"size_gb\":1}}").status());
        assertEquals(400, bridge.post("/v1/sim1/delete_volume",
                "{\"volume\":{\"name_id\":\"11111111-2222-3333-4444-555555555555\",\"provider_id\":\"../../etc\"}}").status());
        assertEquals(400, bridge.post("/v1/sim1/create_volume",
                "{\"volume\":{\"name_id\":\"11111111-2222-3333-4444-555555555555\",\"size_gb\":1,\"pool\":\"-x\"}}").status());
        String big = "{\"x\":\"" + "a".repeat(ApiHandler.MAX_BODY) + "\"}";
        assertEquals(413, bridge.post("/v1/sim1/create_volume", big).status());
        assertTrue(bridge.sim.find(REF).isEmpty());
    }

    @Test
    void fractionalSizesAreRefusedNotCut() {
        for (String size : new String[] {"1.5", "0.5", "1e0", "\"1.5\""}) {
            BridgeHarness.Reply r = bridge.post("/v1/sim1/create_volume",
                    "{\"volume\":{\"name_id\":\"11111111-2222-3333-4444-555555555555\",\"size_gb\":" + size + "}}");
            assertEquals(400, r.status(), size);
            assertTrue(r.body().path("error").path("message").asText().contains("volume.size_gb: "), r.body().toString());
        }
        assertEquals(400, bridge.post("/v1/sim1/extend_volume", VOL.replace("}}", "},\"new_size_gb\":2.5}")).status());
        assertTrue(bridge.sim.find(REF).isEmpty());
        assertEquals(200, bridge.post("/v1/sim1/create_volume", VOL).status()); // whole GiB are fine
    }

    @Test
    void errorMessagesEscapeControlCharactersAndAreCut() {
        String evil = "\u001b[2J\u0007\u007f" + "x".repeat(5000);
        BridgeHarness.Reply r = bridge.post("/v1/sim1/create_volume",
                "{\"volume\":{\"name_id\":\"" + evil.replace("\u001b", "\\u001b").replace("\u0007", "\\u0007")
                        .replace("\u007f", "\\u007f") + "\",\"size_gb\":1}}");
        assertEquals(400, r.status());
        String msg = r.body().path("error").path("message").asText();
        assertFalse(msg.chars().anyMatch(c -> c < 0x20 || c == 0x7f), msg);
        assertTrue(msg.length() <= io.storagedrivers.validate.Printable.MAX_LINE + 40, msg.length() + "");
        String log = bridge.log.toString();
        assertFalse(log.chars().anyMatch(c -> c == 0x1b || c == 0x07 || c == 0x7f), "log line escaped");
    }

    @Test
    void imagesAreRefusedWhenNoImageDirIsConfigured() {
        BridgeHarness.Reply r = bridge.post("/v1/sim1/copy_image_to_volume",
                VOL.replace("}}", "},\"image\":{\"path\":\"/etc/passwd\"}}"));
        assertEquals(501, r.status());
        assertEquals("UNSUPPORTED", r.code());
    }
}
