package io.storagedrivers.linstor.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the client's SSLContext: server verification always on, CA file optional, client
 * certificate optional (PKCS#12 key store or PEM certificate + key).
 */
final class TlsContexts {
    private TlsContexts() {
    }

    static SSLContext build(ClientConfig cfg) {
        try {
            TrustManagerFactory tmf = null;
            if (cfg.caFile() != null) {
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trustStore(cfg.caFile()));
            }
            KeyManagerFactory kmf = null;
            if (cfg.clientCert() != null) {
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(PemFiles.keyStore(cfg.clientCert(), cfg.clientKey()), new char[0]);
            } else if (cfg.clientKeystore() != null) {
                char[] pw = cfg.clientKeystorePassword() == null ? new char[0] : cfg.clientKeystorePassword().toCharArray();
                KeyStore ks = KeyStore.getInstance(cfg.clientKeystore().toFile(), pw);
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, pw);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot load LINSTOR TLS files: " + e.getMessage(), e);
        }
    }

    /** PEM/DER certificates (one or more), or a PKCS#12/JKS store without password. */
    private static KeyStore trustStore(Path file) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(file)) {
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca" + i++, c);
            }
            if (i > 0) {
                return ks;
            }
        } catch (java.security.cert.CertificateException notPem) {
            // fall through: maybe a key store
        }
        return KeyStore.getInstance(file.toFile(), new char[0]);
    }
}
