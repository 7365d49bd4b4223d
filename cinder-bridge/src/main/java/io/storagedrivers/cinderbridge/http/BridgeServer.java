package io.storagedrivers.cinderbridge.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * The HTTP(S) listener: one context, a fixed pool of worker threads. Plain HTTP is only allowed on
 * a loopback address; anywhere else TLS (a PKCS#12 keystore) is required.
 */
public final class BridgeServer implements AutoCloseable, BridgeListener {

    static {
        // The JDK server sends headers and body in separate packets; with Nagle's algorithm on,
        // the client's delayed ACK stalls every response by ~40 ms (bench.sh: a bridge request on
        // the simulated controller took 450 ms, 40 ms with TCP_NODELAY). Read once, at first use.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** Keystore for TLS: PKCS#12 file and the file holding its password. */
    public record Tls(Path keystore, Path passwordFile) {
    }

    private final HttpServer server;
    private final ExecutorService workers;

    private BridgeServer(HttpServer server, ExecutorService workers) {
        this.server = server;
        this.workers = workers;
    }

    /** Binds (not yet serving). {@code tls} null means plain HTTP, refused off loopback. */
    public static BridgeServer bind(InetSocketAddress address, Tls tls, int threads, ApiHandler handler)
            throws IOException {
        if (tls == null && !address.getAddress().isLoopbackAddress()) {
            throw new IllegalStateException("listening on " + address.getAddress().getHostAddress()
                    + " needs TLS (set tls_keystore and tls_keystore_password_file)");
        }
        HttpServer server;
        if (tls == null) {
            server = HttpServer.create(address, 64);
        } else {
            HttpsServer https = HttpsServer.create(address, 64);
            https.setHttpsConfigurator(new HttpsConfigurator(sslContext(tls)));
            server = https;
        }
        ExecutorService workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "bridge-worker");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(workers);
        server.createContext("/", handler);
        return new BridgeServer(server, workers);
    }

    @Override
    public void start() {
        server.start();
    }

    /** The bound address (the real port when 0 was asked). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public String url() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        InetSocketAddress a = address();
        String host = a.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return scheme + "://" + host + ":" + a.getPort();
    }

    @Override
    public void stop(int graceSeconds) {
        server.stop(graceSeconds);
        workers.shutdownNow();
    }

    @Override
    public void close() {
        stop(0);
    }

    private static SSLContext sslContext(Tls tls) throws IOException {
        char[] password = SecretFile.read(tls.passwordFile(), "keystore password file").toCharArray();
        try (InputStream in = Files.newInputStream(tls.keystore())) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot use keystore " + tls.keystore() + ": " + e.getMessage(), e);
        }
    }
}
