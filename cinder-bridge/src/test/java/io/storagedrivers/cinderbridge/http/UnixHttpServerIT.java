package io.storagedrivers.cinderbridge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.storagedrivers.cinderbridge.ops.BackendSettings;
import io.storagedrivers.cinderbridge.ops.BridgeBackend;
import io.storagedrivers.cinderbridge.ops.ImageProbe;
import io.storagedrivers.cinderbridge.ops.Operations;
import io.storagedrivers.sim.SimBackend;
import io.storagedrivers.spi.PoolInfo;
import io.storagedrivers.spi.Sizes;

/**
 * The Unix-socket listener with a real socket file and raw bytes from a client: the API works as
 * on TCP (token required), the file is 0660 in a directory created for it, and hostile clients
 * (malformed or huge heads, huge bodies, slowloris, too many connections) get 400/413 or are cut
 * at the deadline without keeping a worker busy.
 */
class UnixHttpServerIT {
    static final Duration TIMEOUT = Duration.ofSeconds(1);
    static final int THREADS = 2;
    static final int MAX_CONNECTIONS = 4;

    @TempDir
    Path dir;
    Path socket;
    UnixHttpServer server;
    final ByteArrayOutputStream log = new ByteArrayOutputStream();

    ApiHandler handler() {
        SimBackend sim = new SimBackend(dir.resolve("sim.json"),
                List.of(new PoolInfo("pool1", 100 * Sizes.GIB, 100 * Sizes.GIB, false)));
        BridgeBackend b = new BridgeBackend(sim, BackendSettings.defaults("sim1"));
        return new ApiHandler(new BearerAuth(BridgeHarness.TOKEN), Map.of("sim1", b),
                new Operations(new ImageProbe(null, null), Clock.systemUTC()), "test", new PrintStream(log, true));
    }

    UnixHttpServer bind() throws IOException {
        return UnixHttpServer.bind(socket, new RequestServer.Limits(TIMEOUT, TIMEOUT, MAX_CONNECTIONS, MAX_CONNECTIONS,
                16 * 1024, 1024 * 1024), handler(), new PrintStream(log, true));
    }

    @BeforeEach
    void up() throws IOException {
        socket = dir.resolve("run/sub/bridge.sock");
        server = bind();
        server.start();
    }

    @AfterEach
    void down() {
        server.stop(0);
    }

    SocketChannel connect() throws IOException {
        return SocketChannel.open(UnixDomainSocketAddress.of(socket));
    }

    /** Sends raw bytes, returns everything the server wrote until it closed the connection. */
    String exchange(String request) throws IOException {
        try (SocketChannel ch = connect()) {
            ch.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1)));
            return readToEnd(ch);
        }
    }

    static String readToEnd(SocketChannel ch) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(8192);
        while (ch.read(buf) >= 0) {
            out.write(buf.array(), 0, buf.position());
            buf.clear();
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    static String auth() {
        return "Authorization: Bearer " + BridgeHarness.TOKEN + "\r\n";
    }

    @Test
    void servesTheApiWithTheTokenRequired() throws IOException {
        assertEquals("unix://" + socket.toAbsolutePath(), server.url());
        String health = exchange("GET /v1/health HTTP/1.1\r\nHost: x\r\n" + auth() + "\r\n");
        assertTrue(health.startsWith("HTTP/1.1 200 OK\r\n"), health);
        assertTrue(health.contains("Connection: close\r\n"), health);
        assertTrue(health.contains("\"sim1\""), health);

        String body = "{\"volume\": {\"name_id\": \"0c5c4f2e-5f0c-4a59-9a3c-b7d1ce0a8b11\", \"size_gb\": 1}}";
        String created = exchange("POST /v1/sim1/create_volume HTTP/1.1\r\nHost: x\r\n" + auth()
                + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
        assertTrue(created.startsWith("HTTP/1.1 200 "), created);
        assertTrue(created.contains("volume-0c5c4f2e-5f0c-4a59-9a3c-b7d1ce0a8b11"), created);

        // a client that asks before sending its body gets "100 Continue" first
        String expect = exchange("POST /v1/sim1/delete_volume HTTP/1.1\r\n" + auth() + "Expect: 100-continue\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body);
        assertTrue(expect.startsWith("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 "), expect);

        String noToken = exchange("POST /v1/sim1/delete_volume HTTP/1.1\r\nContent-Length: " + body.length()
                + "\r\n\r\n" + body);
        assertTrue(noToken.startsWith("HTTP/1.1 401 "), noToken);
        assertTrue(noToken.contains("UNAUTHORIZED"), noToken);
    }

    @Test
    void socketFileIs0660InACreatedDirectoryAndGoesAwayOnStop() throws IOException {
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
        server.stop(0);
        assertFalse(Files.exists(socket));
    }

    @Test
    void aStaleSocketIsReplacedALiveOneOrAPlainFileIsNot() throws IOException {
        IllegalStateException busy = assertThrows(IllegalStateException.class, this::bind);
        assertTrue(busy.getMessage().contains("another process listens"), busy.getMessage());
        server.stop(0);

        // a socket file nobody listens on, as a killed bridge leaves it
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        }
        assertTrue(Files.exists(socket));
        server = bind();
        server.start();
        assertTrue(exchange("GET /v1/health HTTP/1.1\r\n" + auth() + "\r\n").startsWith("HTTP/1.1 200 "));
        server.stop(0);

        Files.writeString(socket, "not a socket");
        IllegalStateException file = assertThrows(IllegalStateException.class, this::bind);
        assertTrue(file.getMessage().contains("not a socket"), file.getMessage());
        Files.delete(socket);
        server = bind();
    }

    @Test
    void malformedHeadsAre400() throws IOException {
        for (String bad : new String[] {"GARBAGE\r\n\r\n", "GET /v1/health\r\n\r\n", "GET http://x/ HTTP/1.1\r\n\r\n",
            "GET /v1/health HTTP/2.0\r\n\r\n", "GET /v1/health HTTP/1.1\r\nNoColon\r\n\r\n",
            "GET /v1/health HTTP/1.1\r\nBad Name: x\r\n\r\n", "GET /v1/health HTTP/1.1\nHost: x\n\n",
            "GET /v1/he\u0001alth HTTP/1.1\r\n\r\n", "GET /v1/health HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n",
            "POST /v1/sim1/stats HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            "POST /v1/sim1/stats HTTP/1.1\r\nContent-Length: -5\r\n\r\n"}) {
            String reply = exchange(bad);
            assertTrue(reply.startsWith("HTTP/1.1 400 "), bad + " -> " + reply);
            assertTrue(reply.contains("\"INVALID\""), reply);
        }
    }

    @Test
    void hugeHeadsAndBodiesAre413WithoutReadingThem() throws IOException {
        String huge = exchange("GET /v1/health HTTP/1.1\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n");
        assertTrue(huge.startsWith("HTTP/1.1 413 "), huge);
        StringBuilder many = new StringBuilder("GET /v1/health HTTP/1.1\r\n");
        for (int i = 0; i < 100; i++) {
            many.append("X-H").append(i).append(": v\r\n");
        }
        assertTrue(exchange(many.append("\r\n").toString()).startsWith("HTTP/1.1 413 "));
        // announced 2 GiB: refused at once, nothing read
        String body = exchange("POST /v1/sim1/create_volume HTTP/1.1\r\n" + auth()
                + "Content-Length: 2147483648\r\n\r\n{");
        assertTrue(body.startsWith("HTTP/1.1 413 "), body);
        assertTrue(body.contains("TOO_LARGE"), body);
    }

    @Test
    void slowClientsAreCutAtTheDeadlineAndNoWorkerStaysBusy() throws Exception {
        List<SocketChannel> slow = new ArrayList<>();
        try {
            // as many stalled clients as there are workers, each mid-head or mid-body
            for (int i = 0; i < THREADS; i++) {
                SocketChannel ch = connect();
                String partial = i % 2 == 0 ? "GET /v1/health HTTP/1.1\r\nHost:"
                        : "POST /v1/sim1/stats HTTP/1.1\r\nContent-Length: 100\r\n\r\n{\"a\":";
                ch.write(ByteBuffer.wrap(partial.getBytes(StandardCharsets.US_ASCII)));
                slow.add(ch);
            }
            long t0 = System.nanoTime();
            for (SocketChannel ch : slow) {
                assertEquals("", readToEnd(ch), "closed without an answer");
            }
            long waited = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(waited < 10_000, "cut after " + waited + " ms, deadline " + TIMEOUT);
            // every worker is free again
            assertTrue(exchange("GET /v1/health HTTP/1.1\r\n" + auth() + "\r\n").startsWith("HTTP/1.1 200 "));
            assertTrue(Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("cinder-bridge-conn")).count() <= MAX_CONNECTIONS,
                    "connection threads stay bounded");
        } finally {
            for (SocketChannel ch : slow) {
                ch.close();
            }
        }
    }

    @Test
    void connectionsOverTheLimitAreAnswered503AtOnce() throws Exception {
        List<SocketChannel> idle = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_CONNECTIONS; i++) {
                idle.add(connect());
            }
            Thread.sleep(200); // let the acceptor take them
            try (SocketChannel extra = connect()) {
                long t0 = System.nanoTime();
                String refused = readToEnd(extra);
                assertTrue(refused.startsWith("HTTP/1.1 503 "), refused);
                assertTrue(refused.contains("too many connections"), refused);
                assertTrue(System.nanoTime() - t0 < TIMEOUT.toNanos(), "closed before the deadline");
            }
        } finally {
            for (SocketChannel ch : idle) {
                ch.close();
            }
        }
        // the idle ones are cut at their deadline; then the server answers again
        Thread.sleep(TIMEOUT.toMillis() + 500);
        assertTrue(exchange("GET /v1/health HTTP/1.1\r\n" + auth() + "\r\n").startsWith("HTTP/1.1 200 "));
    }
}
