package io.storagedrivers.linstor.api;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How to reach the controllers. TLS verifies the server by default (the JVM's trust store, or
 * {@code caFile}: PEM certificates or a PKCS#12/JKS trust store); a client certificate comes from
 * {@code clientKeystore} (PKCS#12) or from PEM files {@code clientCert} + {@code clientKey}, as
 * LINSTOR's client takes them. Credentials: a bearer token or user/password (Basic, refused over
 * plain HTTP unless {@code allowInsecureAuth}).
 */
public record ClientConfig(List<URI> controllers, Path caFile, Path clientKeystore, String clientKeystorePassword,
                           Path clientCert, Path clientKey,
                           String bearerToken, String username, String password, boolean allowInsecureAuth,
                           Duration connectTimeout, Duration requestTimeout) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Mutations wait for satellites; python-linstor uses 300 s, the Cinder driver 60 s. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(300);

    public ClientConfig {
        controllers = List.copyOf(controllers);
        if (controllers.isEmpty()) {
            throw new IllegalArgumentException("no LINSTOR controller configured");
        }
        if ((clientCert == null) != (clientKey == null)) {
            throw new IllegalArgumentException("a LINSTOR client certificate needs both the certificate and the key file");
        }
        if (clientCert != null && clientKeystore != null) {
            throw new IllegalArgumentException("give the LINSTOR client certificate either as PEM files or as a key store, not both");
        }
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
        requestTimeout = requestTimeout == null ? DEFAULT_REQUEST_TIMEOUT : requestTimeout;
    }

    /** Plain config for a controller list string ({@link ControllerList}). */
    public static ClientConfig of(String controllers) {
        return new ClientConfig(ControllerList.parse(controllers), null, null, null, null, null, null, null, null,
                false, null, null);
    }

    /**
     * From settings (keys {@code controllers}, {@code ca_file}, {@code client_keystore},
     * {@code client_keystore_password}, {@code client_cert}, {@code client_key} (PEM),
     * {@code token}, {@code username}, {@code password}, {@code connect_timeout},
     * {@code request_timeout} in seconds), then LINSTOR's client conventions: controllers from
     * {@code controllers}, else the {@code LS_CONTROLLERS} entry, else {@code controllers} of the
     * client configuration file ({@link LinstorClientConf}, given as {@code clientConf}), else
     * {@code linstor://localhost}; the file's {@code cafile}/{@code certfile}/{@code keyfile}
     * apply when the settings name no TLS files of their own.
     */
    public static ClientConfig fromSettings(String controllers, Map<String, String> s, Map<String, String> clientConf) {
        Map<String, String> f = clientConf == null ? Map.of() : clientConf;
        String list = firstNonBlank(controllers, s.get("controllers"), s.get("LS_CONTROLLERS"), f.get("controllers"),
                "linstor://localhost");
        boolean ownTls = firstNonBlank(s.get("ca_file"), s.get("client_keystore"), s.get("client_cert"),
                s.get("client_key")) != null;
        String ca = ownTls ? s.get("ca_file") : f.get("cafile");
        String cert = ownTls ? s.get("client_cert") : f.get("certfile");
        String key = ownTls ? s.get("client_key") : f.get("keyfile");
        return new ClientConfig(ControllerList.parse(list), path(ca), path(s.get("client_keystore")),
                s.get("client_keystore_password"), path(cert), path(key), s.get("token"),
                firstNonBlank(s.get("username"), s.get("LS_USERNAME")),
                firstNonBlank(s.get("password"), s.get("LS_PASSWORD")), "true".equals(s.get("allow_insecure_auth")),
                seconds(s.get("connect_timeout")), seconds(s.get("request_timeout")));
    }

    /** {@link #fromSettings(String, Map, Map)} without a client configuration file. */
    public static ClientConfig fromSettings(String controllers, Map<String, String> s) {
        return fromSettings(controllers, s, Map.of());
    }

    public ClientConfig withTimeouts(Duration connect, Duration request) {
        return new ClientConfig(controllers, caFile, clientKeystore, clientKeystorePassword, clientCert, clientKey,
                bearerToken, username, password, allowInsecureAuth, connect, request);
    }

    public ClientConfig withTls(Path ca, Path keystore, String keystorePassword) {
        return new ClientConfig(controllers, ca, keystore, keystorePassword, null, null, bearerToken, username,
                password, allowInsecureAuth, connectTimeout, requestTimeout);
    }

    /** TLS with a CA file and a client certificate and key as PEM files. */
    public ClientConfig withPemTls(Path ca, Path cert, Path key) {
        return new ClientConfig(controllers, ca, null, null, cert, key, bearerToken, username, password,
                allowInsecureAuth, connectTimeout, requestTimeout);
    }

    public ClientConfig withBearerToken(String token) {
        return new ClientConfig(controllers, caFile, clientKeystore, clientKeystorePassword, clientCert, clientKey,
                token, username, password, allowInsecureAuth, connectTimeout, requestTimeout);
    }

    public ClientConfig withBasicAuth(String user, String pass, boolean allowOverHttp) {
        return new ClientConfig(controllers, caFile, clientKeystore, clientKeystorePassword, clientCert, clientKey,
                bearerToken, user, pass, allowOverHttp, connectTimeout, requestTimeout);
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    private static Path path(String p) {
        return p == null || p.isBlank() ? null : Path.of(p);
    }

    private static Duration seconds(String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(v.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("timeout must be whole seconds: '" + v + "'");
        }
    }
}
