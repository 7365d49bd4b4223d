package io.storagedrivers.linstor.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.storagedrivers.linstor.api.Json;
import io.storagedrivers.linstor.api.RetCodes;
import io.storagedrivers.linstor.hl.Linstor;
import io.storagedrivers.linstor.hl.Resource;

/** The simulator's wire behaviour seen with a raw HTTP client, and its persistence. */
class SimControllerTest {
    private static HttpResponse<String> send(SimController c, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(c.baseUri().resolve(path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.LENIENT.readTree(r.body());
    }

    @Test
    void answersLikeTheController() throws Exception {
        OpenApiCheck check = new OpenApiCheck();
        try (SimController c = SimController.start(SimState.withNodes(List.of("node1"), "LVM_THIN", 1 << 20),
                "127.0.0.1", 0)) {
            c.setObserver(check);
            HttpResponse<String> unknownField = send(c, "POST", "/v1/resource-definitions",
                    "{\"resource_definition\":{\"name\":\"r1\"},\"bogus\":1}");
            assertEquals(400, unknownField.statusCode());
            assertEquals(RetCodes.API_CALL_PARSE_ERROR, json(unknownField).get(0).get("ret_code").asLong());
            assertEquals(201, send(c, "POST", "/v1/resource-definitions", "{\"resource_definition\":{\"name\":\"r1\"}}")
                    .statusCode());
            HttpResponse<String> dup = send(c, "POST", "/v1/resource-definitions",
                    "{\"resource_definition\":{\"name\":\"R1\"}}");
            assertEquals(500, dup.statusCode());
            assertEquals(-4611686018406940171L, json(dup).get(0).get("ret_code").asLong(), "RD exists, as in §3.1");
            HttpResponse<String> bad = send(c, "POST", "/v1/resource-definitions",
                    "{\"resource_definition\":{\"name\":\"1-bad name\"}}");
            assertEquals(500, bad.statusCode());
            HttpResponse<String> missing = send(c, "GET", "/v1/resource-definitions/nope", null);
            assertEquals(404, missing.statusCode());
            assertEquals(-4611686018427387603L, json(missing).get(0).get("ret_code").asLong(), "no op/obj bits");
            HttpResponse<String> gone = send(c, "DELETE", "/v1/resource-definitions/nope", null);
            assertEquals(200, gone.statusCode());
            assertEquals(-9223372036800771144L, json(gone).get(0).get("ret_code").asLong());
            assertEquals("[]", send(c, "GET", "/v1/resource-definitions?resource_definitions=zzz", null).body());
            assertEquals(404, send(c, "GET", "/v1/unknown/path", null).statusCode());
        }
        // the spec check sees what this test did wrong on purpose, and nothing else
        List<String> v = check.violations();
        assertEquals(3, v.size(), v.toString());
        assertTrue(v.get(0).contains("not allowed by the schema: [\"bogus\"]"), v.get(0));
        assertTrue(v.get(1).contains("GET operation not allowed on path '/v1/resource-definitions/nope'"), v.get(1));
        assertTrue(v.get(2).contains("No API path found"), v.get(2));
    }

    @Test
    void minorsAreLowestFreeAndReused() {
        try (SimFixture sim = SimFixture.thin("node1")) {
            Linstor ls = sim.linstor();
            ls.resource("a").addVolume("1G");
            Resource b = ls.resource("b");
            b.addVolume("1G");
            assertEquals(1001, b.volume(0).minor());
            ls.resource("a").delete();
            Resource c = ls.resource("c");
            c.addVolume("1G");
            assertEquals(1000, c.volume(0).minor());
        }
    }

    @Test
    void stateSurvivesARestart(@TempDir Path dir) {
        Path file = dir.resolve("state.json");
        SimState first = SimState.persistent(file, List.of("node1", "node2"), "LVM_THIN", 1 << 20);
        try (SimController c = SimController.start(first, "127.0.0.1", 0)) {
            Resource r = new Linstor(new io.storagedrivers.linstor.api.LinstorClient(
                    io.storagedrivers.linstor.api.ClientConfig.of(c.linstorUri()))).resource("kept");
            r.placement().redundancy(2);
            r.addVolume("1G");
            r.autoplace();
        }
        SimState second = SimState.persistent(file, List.of("ignored"), "LVM", 1);
        try (SimController c = SimController.start(second, "127.0.0.1", 0)) {
            Resource r = new Linstor(new io.storagedrivers.linstor.api.LinstorClient(
                    io.storagedrivers.linstor.api.ClientConfig.of(c.linstorUri()))).resource("kept");
            assertTrue(r.defined());
            assertEquals(2, r.nodes().diskfulNodes().size());
            assertEquals("/dev/drbd/by-res/kept/0", r.nodes().devicePath("node1", 0));
        }
    }
}
