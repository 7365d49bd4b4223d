package io.storagedrivers.cinderbridge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.storagedrivers.cinderbridge.ops.BackendSettings;
import io.storagedrivers.cinderbridge.ops.BridgeBackend;
import io.storagedrivers.cinderbridge.ops.ImageProbe;
import io.storagedrivers.cinderbridge.ops.Operations;
import io.storagedrivers.sim.SimBackend;
import io.storagedrivers.spi.PoolInfo;
import io.storagedrivers.spi.Sizes;
import io.storagedrivers.spi.VolumeBackend;

/**
 * The bridge cannot be stalled (issue 15): 16 connections that send half a request head and then
 * nothing leave health checks and real requests answered at once, on TCP and on the Unix socket,
 * with the shipped default limits; and a backend that hangs holds only its own share of requests.
 */
class BridgeStallTest {
    static final int STALLED = 16;
    /**
     * The shipped connection limits with deadlines far longer than the bound below: a bridge that a
     * stalled client can block answers only after a deadline (120 s), a slow machine still well within it.
     */
    static final RequestServer.Limits SHIPPED_LIMITS_LONG_DEADLINES = new RequestServer.Limits(
            Duration.ofSeconds(120), Duration.ofSeconds(120), RequestServer.Limits.DEFAULT.maxConnections(),
            RequestServer.Limits.DEFAULT.maxPerClient(), RequestServer.Limits.DEFAULT.maxHead(),
            RequestServer.Limits.DEFAULT.maxBody());
    static final long ANSWER_WITHIN_MS = 30_000;

    @TempDir
    Path dir;
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    final CountDownLatch release = new CountDownLatch(1);
    final List<AutoCloseable> open = new ArrayList<>();
    BridgeBackend hungBackend;

    @AfterEach
    void down() throws Exception {
        release.countDown();
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /** Backend "sim1", and "hung", whose create_volume waits until the test ends (a frozen controller). */
    ApiHandler handler(int maxRequests) {
        SimBackend sim = new SimBackend(dir.resolve("sim.json"),
                List.of(new PoolInfo("pool1", 100 * Sizes.GIB, 100 * Sizes.GIB, false)));
        SimBackend other = new SimBackend(dir.resolve("hung.json"),
                List.of(new PoolInfo("pool1", 100 * Sizes.GIB, 100 * Sizes.GIB, false)));
        VolumeBackend hung = (VolumeBackend) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {VolumeBackend.class}, (p, m, args) -> {
                    if (m.getName().equals("create")) {
                        release.await();
                    }
                    try {
                        return m.invoke(other, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        Map<String, BridgeBackend> backends = new LinkedHashMap<>();
        backends.put("sim1", new BridgeBackend(sim, settings("sim1", maxRequests)));
        // the waiting ones keep waiting for the whole test: the gate's count is what the test waits on
        hungBackend = new BridgeBackend(hung, new BackendSettings("hung", null, null, null, Map.of(),
                Duration.ofSeconds(120), Duration.ofSeconds(5), maxRequests));
        backends.put("hung", hungBackend);
        return new ApiHandler(new BearerAuth(BridgeHarness.TOKEN), backends,
                new Operations(new ImageProbe(null, null), Clock.systemUTC()), "test", new PrintStream(log, true));
    }

    static BackendSettings settings(String name, int maxRequests) {
        return new BackendSettings(name, null, null, null, Map.of(), Duration.ofSeconds(1), Duration.ofSeconds(5),
                maxRequests);
    }

    interface Dialer {
        Conn dial() throws IOException;
    }

    /** A raw client connection. */
    record Conn(AutoCloseable closer, InputStream in, OutputStream out) implements AutoCloseable {
        String exchange(String request) throws IOException {
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws Exception {
            closer.close();
        }
    }

    static String health() {
        return "GET /v1/health HTTP/1.1\r\nHost: bridge\r\nAuthorization: Bearer " + BridgeHarness.TOKEN + "\r\n\r\n";
    }

    static String create(String backend) {
        String body = "{\"volume\": {\"name_id\": \"" + UUID.randomUUID() + "\", \"size_gb\": 1}}";
        return "POST /v1/" + backend + "/create_volume HTTP/1.1\r\nHost: bridge\r\nAuthorization: Bearer "
                + BridgeHarness.TOKEN + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                + "\r\n\r\n" + body;
    }

    /** Waits (up to a minute) until {@code condition} holds: the server works on its own threads. */
    static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (long end = System.nanoTime() + 60_000_000_000L; !condition.getAsBoolean(); Thread.sleep(10)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("waited a minute for: " + what);
            }
        }
    }

    void stallThenServe(Dialer dialer, java.util.function.IntSupplier connections) throws Exception {
        for (int i = 0; i < STALLED; i++) {
            Conn c = dialer.dial();
            open.add(c);
            c.out().write("POST /v1/sim1/create_volume HTTP/1.1\r\nHost: bri".getBytes(StandardCharsets.US_ASCII));
            c.out().flush();
        }
        await("the bridge accepted all " + STALLED, () -> connections.getAsInt() == STALLED);
        long t0 = System.nanoTime();
        String health;
        try (Conn c = dialer.dial()) {
            health = c.exchange(health());
        }
        long healthMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(health.startsWith("HTTP/1.1 200 "), health);
        assertTrue(healthMs < ANSWER_WITHIN_MS, "health answered after " + healthMs + " ms");
        t0 = System.nanoTime();
        String created;
        try (Conn c = dialer.dial()) {
            created = c.exchange(create("sim1"));
        }
        long createMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(created.startsWith("HTTP/1.1 200 "), created);
        assertTrue(createMs < ANSWER_WITHIN_MS, "create answered after " + createMs + " ms");
        System.out.printf("stall test: %d half-open connections; health %d ms, create_volume %d ms%n", STALLED,
                healthMs, createMs);
    }

    @Test
    void tcpListenerAnswersWhile16ConnectionsStallInTheirHead() throws Exception {
        BridgeServer server = BridgeServer.bind(new InetSocketAddress("127.0.0.1", 0), null,
                SHIPPED_LIMITS_LONG_DEADLINES, handler(4), new PrintStream(log, true));
        server.start();
        open.add(server);
        InetSocketAddress a = server.address();
        stallThenServe(() -> {
            Socket s = new Socket(a.getAddress(), a.getPort());
            s.setSoTimeout(150_000);
            return new Conn(s, s.getInputStream(), s.getOutputStream());
        }, server::connections);
    }

    @Test
    void unixListenerAnswersWhile16ConnectionsStallInTheirHead() throws Exception {
        Path socket = dir.resolve("bridge.sock");
        UnixHttpServer server = UnixHttpServer.bind(socket, SHIPPED_LIMITS_LONG_DEADLINES, handler(4),
                new PrintStream(log, true));
        server.start();
        open.add(() -> server.stop(0));
        stallThenServe(() -> {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
            return new Conn(ch, Channels.newInputStream(ch), Channels.newOutputStream(ch));
        }, server::connections);
    }

    @Test
    void stalledHeadsAreCutAtTheHeadDeadline() throws Exception {
        RequestServer.Limits quick = new RequestServer.Limits(Duration.ofMillis(500), Duration.ofMillis(500), 128, 64,
                16 * 1024, 1024 * 1024);
        BridgeServer server = BridgeServer.bind(new InetSocketAddress("127.0.0.1", 0), null, quick, handler(4),
                new PrintStream(log, true));
        server.start();
        open.add(server);
        try (Socket s = new Socket("127.0.0.1", server.address().getPort())) {
            s.setSoTimeout(10_000);
            long t0 = System.nanoTime();
            // a byte now and then does not keep the connection: the deadline is for the whole head
            for (int i = 0; i < 3; i++) {
                try {
                    s.getOutputStream().write("GET /v1/health HT".substring(i, i + 1).getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    break;
                }
                Thread.sleep(200);
            }
            assertEquals(-1, s.getInputStream().read(), "cut without an answer");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 3000, "cut after " + ms + " ms");
        }
    }

    @Test
    void connectionsOverThePerClientLimitGet503AtOnce() throws Exception {
        RequestServer.Limits two = new RequestServer.Limits(Duration.ofSeconds(10), Duration.ofSeconds(10), 128, 2,
                16 * 1024, 1024 * 1024);
        BridgeServer server = BridgeServer.bind(new InetSocketAddress("127.0.0.1", 0), null, two, handler(4),
                new PrintStream(log, true));
        server.start();
        open.add(server);
        int port = server.address().getPort();
        for (int i = 0; i < 2; i++) {
            Socket s = new Socket("127.0.0.1", port);
            open.add(s);
        }
        await("the bridge accepted both", () -> server.connections() == 2);
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(60_000);
            String refused = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(refused.startsWith("HTTP/1.1 503 "), refused);
            assertTrue(refused.contains("too many connections from 127.0.0.1 (2)"), refused);
        }
    }

    @Test
    void aHungBackendHoldsOnlyItsOwnShare() throws Exception {
        int max = 2;
        BridgeServer server = BridgeServer.bind(new InetSocketAddress("127.0.0.1", 0), null,
                RequestServer.Limits.DEFAULT, handler(max), new PrintStream(log, true));
        server.start();
        open.add(server);
        InetSocketAddress a = server.address();
        Dialer tcp = () -> {
            Socket s = new Socket(a.getAddress(), a.getPort());
            s.setSoTimeout(150_000);
            return new Conn(s, s.getInputStream(), s.getOutputStream());
        };
        ExecutorService pool = Executors.newCachedThreadPool();
        open.add(pool::shutdownNow);
        List<Future<String>> hung = new ArrayList<>();
        int inside = (1 + io.storagedrivers.cinderbridge.ops.BackendGate.WAITING_PER_RUNNING) * max;
        for (int i = 0; i < inside; i++) { // max running, the rest waiting for a turn
            hung.add(pool.submit(() -> {
                try (Conn c = tcp.dial()) {
                    return c.exchange(create("hung"));
                }
            }));
        }
        await("all " + inside + " inside the hung backend's gate", () -> hungBackend.gate().inside() == inside);
        long t0 = System.nanoTime();
        String over;
        try (Conn c = tcp.dial()) {
            over = c.exchange(create("hung"));
        }
        assertTrue(over.startsWith("HTTP/1.1 503 "), over);
        assertTrue(over.contains("BACKEND_BUSY") && over.contains("backend hung is busy"), over);
        String other;
        try (Conn c = tcp.dial()) {
            other = c.exchange(create("sim1"));
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(other.startsWith("HTTP/1.1 200 "), other);
        assertTrue(ms < ANSWER_WITHIN_MS, "answered after " + ms + " ms");
        // the running ones finish, then the waiting ones get their turns
        release.countDown();
        int ok = 0;
        int busy = 0;
        for (Future<String> f : hung) {
            String r = f.get(150, TimeUnit.SECONDS);
            ok += r.startsWith("HTTP/1.1 200 ") ? 1 : 0;
            busy += r.startsWith("HTTP/1.1 503 ") ? 1 : 0;
        }
        assertEquals(inside, ok + busy, "every request answered");
        assertTrue(ok >= max, ok + " served");
    }
}
