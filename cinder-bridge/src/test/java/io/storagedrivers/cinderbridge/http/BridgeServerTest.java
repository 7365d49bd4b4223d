package io.storagedrivers.cinderbridge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.time.Clock;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.storagedrivers.cinderbridge.ops.ImageProbe;
import io.storagedrivers.cinderbridge.ops.Operations;

/** Plain HTTP only on loopback; TLS with a PKCS#12 keystore. */
class BridgeServerTest {
    @TempDir
    Path dir;

    private ApiHandler handler() {
        return new ApiHandler(new BearerAuth(BridgeHarness.TOKEN), Map.of(),
                new Operations(new ImageProbe(null, null), Clock.systemUTC()), "test",
                new PrintStream(new ByteArrayOutputStream()));
    }

    @Test
    void plainHttpOffLoopbackIsRefused() throws Exception {
        InetAddress any = InetAddress.getByName("0.0.0.0");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> BridgeServer.bind(new InetSocketAddress(any, 0), null, RequestServer.Limits.DEFAULT, handler(),
                        System.err));
        assertTrue(e.getMessage().contains("TLS"), e.getMessage());
    }

    @Test
    void tlsServesWithTheKeystore() throws Exception {
        Path ks = dir.resolve("bridge.p12");
        String password = "changeit-0123456789";
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keyalg", "EC", "-alias", "bridge", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", ks.toString(), "-storepass", password).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor());
        Path pass = dir.resolve("pass");
        Files.writeString(pass, password);
        Files.setPosixFilePermissions(pass, PosixFilePermissions.fromString("rw-------"));

        BridgeServer server = BridgeServer.bind(new InetSocketAddress("127.0.0.1", 0),
                new BridgeServer.Tls(ks, pass), RequestServer.Limits.DEFAULT, handler(), System.err);
        server.start();
        try {
            assertTrue(server.url().startsWith("https://127.0.0.1:"), server.url());
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(ks)) {
                trust.load(in, password.toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            HttpClient client = HttpClient.newBuilder().sslContext(ctx).build();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(server.url() + "/v1/health"))
                    .header("Authorization", "Bearer " + BridgeHarness.TOKEN).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
        } finally {
            server.stop(0);
        }
    }
}
