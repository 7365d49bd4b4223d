package io.storagedrivers.linstor.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import io.storagedrivers.linstor.api.Json;
import io.storagedrivers.linstor.api.RetCodes;
import io.storagedrivers.linstor.sim.SimRouter.SimReply;

/**
 * A LINSTOR-compatible controller over HTTP(S) on the JDK's built-in server, serving a
 * {@link SimState}. Test hooks: an observer of every exchange (OpenAPI validation, call
 * counting), a required bearer token, and "apply the change, then stop answering" faults.
 */
public final class SimController implements AutoCloseable {

    static {
        // The JDK server sends headers and body in separate packets; with Nagle's algorithm on,
        // the client's delayed ACK stalls every response by ~40 ms (bench.sh: a bridge request on
        // the simulated controller took 450 ms, 40 ms with TCP_NODELAY). Read once, at first use.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** Sees every request and the reply sent for it. */
    @FunctionalInterface
    public interface Observer {
        void exchange(String method, String pathAndQuery, Map<String, List<String>> requestHeaders, byte[] requestBody,
                      int status, byte[] responseBody);
    }

    private record Hang(String method, Pattern path, Duration delay) {
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "linstor-sim");
        t.setDaemon(true);
        return t;
    });
    private final SimRouter router;
    private final boolean tls;
    private final AtomicLong requests = new AtomicLong();
    private final Map<Hang, Boolean> hangs = new ConcurrentHashMap<>();
    private volatile Observer observer;
    private volatile String token;

    private SimController(SimState state, InetSocketAddress addr, SSLContext ssl, boolean needClientAuth)
            throws IOException {
        this.router = new SimRouter(state);
        this.tls = ssl != null;
        if (ssl != null) {
            HttpsServer https = HttpsServer.create(addr, 64);
            https.setHttpsConfigurator(new HttpsConfigurator(ssl) {
                @Override
                public void configure(com.sun.net.httpserver.HttpsParameters params) {
                    javax.net.ssl.SSLParameters p = getSSLContext().getDefaultSSLParameters();
                    p.setNeedClientAuth(needClientAuth);
                    params.setSSLParameters(p);
                }
            });
            server = https;
        } else {
            server = HttpServer.create(addr, 64);
        }
        server.createContext("/", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    /** Plain HTTP on {@code bind:port} (port 0 = any free port). */
    public static SimController start(SimState state, String bind, int port) {
        return start(state, bind, port, null);
    }

    /** HTTPS when {@code ssl} is given. */
    public static SimController start(SimState state, String bind, int port, SSLContext ssl) {
        return start(state, bind, port, ssl, false);
    }

    /** HTTPS that also requires a client certificate its {@code ssl} context trusts (as LINSTOR's HTTPS can). */
    public static SimController start(SimState state, String bind, int port, SSLContext ssl, boolean needClientAuth) {
        try {
            return new SimController(state, new InetSocketAddress(InetAddress.getByName(bind), port), ssl,
                    needClientAuth);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the simulated controller on " + bind + ":" + port
                    + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code linstor://host:port} or {@code linstor+ssl://host:port}. */
    public String linstorUri() {
        return (tls ? "linstor+ssl://" : "linstor://") + hostText() + ":" + port();
    }

    public URI baseUri() {
        return URI.create((tls ? "https://" : "http://") + hostText() + ":" + port());
    }

    private String hostText() {
        String h = server.getAddress().getAddress().getHostAddress();
        return h.contains(":") ? "[" + h + "]" : h;
    }

    public void setObserver(Observer observer) {
        this.observer = observer;
    }

    /** Requests must carry {@code Authorization: Bearer <token>} (null: no auth). */
    public void requireBearerToken(String token) {
        this.token = token;
    }

    /** The next matching request is carried out, but its answer is held back for {@code delay}. */
    public void hangOnce(String method, String pathRegex, Duration delay) {
        hangs.put(new Hang(method, Pattern.compile(pathRegex), delay), Boolean.TRUE);
    }

    /** Requests answered so far. */
    public long requestCount() {
        return requests.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            requests.incrementAndGet();
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            String method = ex.getRequestMethod();
            URI uri = ex.getRequestURI();
            SimReply reply = authorized(ex) ? router.route(SimRequest.of(method, uri.getRawPath(), uri.getRawQuery(), body))
                    : new SimReply(401, List.of(Rcs.error(0, RetCodes.FAIL_SIGN_IN_MISSING_CREDENTIALS,
                            "Missing or wrong bearer token", null, null, null)));
            byte[] out = json(reply.body());
            Observer o = observer;
            if (o != null) {
                String pq = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
                o.exchange(method, pq, ex.getRequestHeaders(), body, reply.status(), out);
            }
            holdBack(method, uri.getRawPath());
            ex.getResponseHeaders().set("Content-Type", "application/json");
            if (reply.status() == 401) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"Linstor\"");
            }
            ex.sendResponseHeaders(reply.status(), out.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(out);
            }
        }
    }

    private boolean authorized(HttpExchange ex) {
        String t = token;
        return t == null || ("Bearer " + t).equals(ex.getRequestHeaders().getFirst("Authorization"));
    }

    private void holdBack(String method, String path) {
        for (Hang h : hangs.keySet()) {
            if (h.method().equals(method) && h.path().matcher(path).matches() && hangs.remove(h) != null) {
                try {
                    Thread.sleep(h.delay().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
        }
    }

    private static byte[] json(Object body) {
        try {
            return Json.LENIENT.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render simulator reply", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
