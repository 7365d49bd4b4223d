package io.storagedrivers.cinderbridge.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.storagedrivers.cinderbridge.ops.BackendSettings;
import io.storagedrivers.cinderbridge.ops.BridgeBackend;
import io.storagedrivers.cinderbridge.ops.ImageProbe;
import io.storagedrivers.cinderbridge.ops.Operations;
import io.storagedrivers.exec.LocalCommandRunner;
import io.storagedrivers.sim.SimBackend;
import io.storagedrivers.spi.PoolInfo;
import io.storagedrivers.spi.Sizes;

/** An in-process bridge on a simulator state file, and a client for it. */
final class BridgeHarness implements AutoCloseable {
    static final String TOKEN = "test-token-0123456789abcdef";

    final SimBackend sim;
    final BridgeServer server;
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final HttpClient client = HttpClient.newHttpClient();

    BridgeHarness(Path stateFile, Path imageDir, Duration lockWait) throws IOException {
        sim = new SimBackend(stateFile, List.of(new PoolInfo("pool1", 100 * Sizes.GIB, 100 * Sizes.GIB, false)));
        BackendSettings s = new BackendSettings("sim1", null, null, null, Map.of("compute-a", "node-a"), lockWait,
                Duration.ofSeconds(5));
        BridgeBackend b = new BridgeBackend(sim, s);
        ApiHandler handler = new ApiHandler(new BearerAuth(TOKEN), Map.of("sim1", b),
                new Operations(new ImageProbe(imageDir, new LocalCommandRunner()), Clock.systemUTC()), "test",
                new PrintStream(log, true));
        server = BridgeServer.bind(new InetSocketAddress("127.0.0.1", 0), null, RequestServer.Limits.DEFAULT, handler,
                new PrintStream(log, true));
        server.start();
    }

    record Reply(int status, JsonNode body) {
        String code() {
            return body.path("error").path("code").asText();
        }
    }

    Reply post(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + TOKEN).GET().build());
    }

    Reply send(HttpRequest request) {
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), ApiHandler.JSON.readTree(r.body()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    URI uri(String path) {
        return URI.create(server.url() + path);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
