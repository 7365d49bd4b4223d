package io.storagedrivers.linstor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.storagedrivers.linstor.sim.SimController;
import io.storagedrivers.linstor.sim.SimFixture;

/** HTTPS with a test CA made by the JDK's keytool; verification failures are refused; bearer tokens. */
class TlsTest {
    private static final String PW = "changeit";
    @TempDir
    static Path dir;

    @BeforeAll
    static void makeCertificates() throws Exception {
        ca("ca");
        ca("other-ca");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-keystore", "server.p12", "-storetype", "PKCS12", "-storepass", PW, "-validity", "2");
        keytool("-certreq", "-alias", "server", "-keystore", "server.p12", "-storepass", PW, "-file", "server.csr");
        keytool("-gencert", "-alias", "ca", "-keystore", "ca.p12", "-storepass", PW, "-infile", "server.csr",
                "-outfile", "server.crt", "-rfc", "-validity", "2", "-ext", "san=ip:127.0.0.1,dns:localhost");
        keytool("-importcert", "-alias", "ca", "-file", "ca.pem", "-keystore", "server.p12", "-storepass", PW,
                "-noprompt");
        keytool("-importcert", "-alias", "server", "-file", "server.crt", "-keystore", "server.p12", "-storepass", PW,
                "-noprompt");
    }

    /** A client key pair signed by the CA, written as PEM files the way LINSTOR's client takes them. */
    private static void pemClient(String keyAlg, String... keyArgs) throws Exception {
        String name = "client-" + keyAlg.toLowerCase();
        List<String> gen = new ArrayList<>(List.of("-genkeypair", "-alias", "client", "-keyalg", keyAlg));
        gen.addAll(List.of(keyArgs));
        gen.addAll(List.of("-dname", "CN=oneadmin", "-keystore", name + ".p12", "-storetype", "PKCS12", "-storepass",
                PW, "-validity", "2"));
        keytool(gen.toArray(new String[0]));
        keytool("-certreq", "-alias", "client", "-keystore", name + ".p12", "-storepass", PW, "-file", name + ".csr");
        keytool("-gencert", "-alias", "ca", "-keystore", "ca.p12", "-storepass", PW, "-infile", name + ".csr",
                "-outfile", name + ".crt", "-rfc", "-validity", "2");
        KeyStore ks = KeyStore.getInstance(dir.resolve(name + ".p12").toFile(), PW.toCharArray());
        byte[] pkcs8 = ks.getKey("client", PW.toCharArray()).getEncoded();
        Files.writeString(dir.resolve(name + ".key"), pem("PRIVATE KEY", pkcs8));
        if ("RSA".equals(keyAlg)) { // the same key as PKCS#1, as `openssl genrsa` writes it
            Files.writeString(dir.resolve(name + "-pkcs1.key"), pem("RSA PRIVATE KEY", pkcs1Of(pkcs8)));
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /** The RSAPrivateKey inside a PKCS#8 PrivateKeyInfo: the last OCTET STRING of the outer SEQUENCE. */
    private static byte[] pkcs1Of(byte[] pkcs8) {
        int i = 2 + ((pkcs8[1] & 0x80) != 0 ? (pkcs8[1] & 0x7f) : 0); // past the outer SEQUENCE header
        i += 3; // INTEGER 0
        i += 2 + pkcs8[i + 1]; // AlgorithmIdentifier
        int lenByte = pkcs8[i + 1] & 0xff; // OCTET STRING
        int n = lenByte < 0x80 ? 1 : 1 + (lenByte & 0x7f);
        return java.util.Arrays.copyOfRange(pkcs8, i + 1 + n, pkcs8.length);
    }

    /** The server trusts the test CA for client certificates. */
    private static SSLContext mutualServerContext() throws Exception {
        KeyStore ks = KeyStore.getInstance(dir.resolve("server.p12").toFile(), PW.toCharArray());
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PW.toCharArray());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (var in = Files.newInputStream(dir.resolve("ca.pem"))) {
            trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
        }
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    @Test
    void clientCertificateAsPemFiles() throws Exception {
        pemClient("EC", "-groupname", "secp256r1");
        pemClient("RSA", "-keysize", "2048");
        try (SimFixture sim = SimFixture.thin("node1");
             SimController c = SimController.start(sim.state, "127.0.0.1", 0, mutualServerContext(), true)) {
            for (String key : List.of("client-ec.key", "client-rsa.key", "client-rsa-pkcs1.key")) {
                String crt = key.startsWith("client-ec") ? "client-ec.crt" : "client-rsa.crt";
                ClientConfig pem = ClientConfig.of(c.linstorUri()).withTimeouts(Duration.ofSeconds(30),
                        Duration.ofSeconds(60)).withPemTls(dir.resolve("ca.pem"), dir.resolve(crt), dir.resolve(key));
                try (LinstorClient client = new LinstorClient(pem)) {
                    assertEquals(1, client.nodes().size(), key);
                }
            }
            try (LinstorClient without = new LinstorClient(cfg(c, dir.resolve("ca.pem")))) {
                assertThrows(LinstorException.class, without::nodes, "the server wants a client certificate");
            }
        }
        Files.writeString(dir.resolve("encrypted.key"), "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n"
                + "-----END ENCRYPTED PRIVATE KEY-----\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LinstorClient(
                ClientConfig.of("linstor+ssl://127.0.0.1:1").withPemTls(null, dir.resolve("client-ec.crt"),
                        dir.resolve("encrypted.key"))));
        assertTrue(e.getMessage().contains("encrypted key"), e.getMessage());
    }

    private static void ca(String name) throws Exception {
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-ext", "bc:c", "-keystore", name + ".p12", "-storetype", "PKCS12", "-storepass", PW, "-validity", "2");
        keytool("-exportcert", "-alias", "ca", "-keystore", name + ".p12", "-storepass", PW, "-rfc", "-file",
                name + ".pem");
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "keytool " + String.join(" ", args) + ": " + out);
    }

    private static SSLContext serverContext() throws Exception {
        KeyStore ks = KeyStore.getInstance(dir.resolve("server.p12").toFile(), PW.toCharArray());
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PW.toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    private static ClientConfig cfg(SimController c, Path ca) {
        return ClientConfig.of(c.linstorUri()).withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(60))
                .withTls(ca, null, null);
    }

    @Test
    void verifiesTheServerAgainstTheConfiguredCa() throws Exception {
        try (SimFixture sim = SimFixture.thin("node1");
             SimController c = SimController.start(sim.state, "127.0.0.1", 0, serverContext())) {
            c.setObserver(sim.check);
            assertTrue(c.linstorUri().startsWith("linstor+ssl://"));
            try (LinstorClient client = new LinstorClient(cfg(c, dir.resolve("ca.pem")))) {
                assertEquals("1.28.0", client.version().restApiVersion());
                assertEquals(1, client.nodes().size());
            }
        }
    }

    @Test
    void refusesAServerItCannotVerify() throws Exception {
        try (SimFixture sim = SimFixture.thin("node1");
             SimController c = SimController.start(sim.state, "127.0.0.1", 0, serverContext())) {
            for (Path ca : new Path[] {null, dir.resolve("other-ca.pem")}) {
                try (LinstorClient client = new LinstorClient(cfg(c, ca))) {
                    LinstorConnectionException e = assertThrows(LinstorConnectionException.class, client::version);
                    assertTrue(e.getMessage().contains("TLS failed"), e.getMessage());
                }
            }
        }
    }

    @Test
    void bearerTokenIsSentAndAMissingOneIsAccessDenied() {
        try (SimFixture sim = SimFixture.thin("node1")) {
            sim.controller().requireBearerToken("s3cret");
            try (LinstorClient anonymous = sim.client();
                 LinstorClient withToken = new LinstorClient(sim.config().withBearerToken("s3cret"))) {
                assertThrows(LinstorApiException.AccessDenied.class, anonymous::version);
                assertEquals("1.28.0", withToken.version().restApiVersion());
            }
        }
    }

    @Test
    void basicAuthIsRefusedOverPlainHttp() throws IOException {
        ClientConfig plain = ClientConfig.of("linstor://127.0.0.1:1").withBasicAuth("admin", "pw", false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LinstorClient(plain));
        assertTrue(e.getMessage().contains("plain HTTP"), e.getMessage());
        Files.writeString(dir.resolve("not-a-cert.pem"), "garbage");
        ClientConfig badCa = ClientConfig.of("linstor+ssl://127.0.0.1:1").withTls(dir.resolve("not-a-cert.pem"), null,
                null);
        assertThrows(IllegalArgumentException.class, () -> new LinstorClient(badCa));
    }
}
