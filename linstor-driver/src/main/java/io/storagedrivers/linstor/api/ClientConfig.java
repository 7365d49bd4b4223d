package io.storagedrivers.linstor.api;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How to reach the controllers. TLS verifies the server by default (the JVM's trust store, or
 * {@code caFile}: PEM certificates or a PKCS#12/JKS trust store); {@code clientKeystore} (PKCS#12)
 * adds a client certificate. Credentials: a bearer token or user/password (Basic, refused over
 * plain HTTP unless {@code allowInsecureAuth}).
 */
public record ClientConfig(List<URI> controllers, Path caFile, Path clientKeystore, String clientKeystorePassword,
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
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
        requestTimeout = requestTimeout == null ? DEFAULT_REQUEST_TIMEOUT : requestTimeout;
    }

    /** Plain config for a controller list string ({@link ControllerList}). */
    public static ClientConfig of(String controllers) {
        return new ClientConfig(ControllerList.parse(controllers), null, null, null, null, null, null, false,
                null, null);
    }

    /**
     * From settings (keys {@code controllers}, {@code ca_file}, {@code client_keystore},
     * {@code client_keystore_password}, {@code token}, {@code username}, {@code password},
     * {@code connect_timeout}, {@code request_timeout} in seconds); {@code controllers} falls back to
     * the {@code LS_CONTROLLERS} entry, then to {@code linstor://localhost}.
     */
    public static ClientConfig fromSettings(String controllers, Map<String, String> s) {
        String list = firstNonBlank(controllers, s.get("controllers"), s.get("LS_CONTROLLERS"), "linstor://localhost");
        return new ClientConfig(ControllerList.parse(list), path(s.get("ca_file")), path(s.get("client_keystore")),
                s.get("client_keystore_password"), s.get("token"), firstNonBlank(s.get("username"), s.get("LS_USERNAME")),
                firstNonBlank(s.get("password"), s.get("LS_PASSWORD")), "true".equals(s.get("allow_insecure_auth")),
                seconds(s.get("connect_timeout")), seconds(s.get("request_timeout")));
    }

    public ClientConfig withTimeouts(Duration connect, Duration request) {
        return new ClientConfig(controllers, caFile, clientKeystore, clientKeystorePassword, bearerToken, username,
                password, allowInsecureAuth, connect, request);
    }

    public ClientConfig withTls(Path ca, Path keystore, String keystorePassword) {
        return new ClientConfig(controllers, ca, keystore, keystorePassword, bearerToken, username, password,
                allowInsecureAuth, connectTimeout, requestTimeout);
    }

    public ClientConfig withBearerToken(String token) {
        return new ClientConfig(controllers, caFile, clientKeystore, clientKeystorePassword, token, username,
                password, allowInsecureAuth, connectTimeout, requestTimeout);
    }

    public ClientConfig withBasicAuth(String user, String pass, boolean allowOverHttp) {
        return new ClientConfig(controllers, caFile, clientKeystore, clientKeystorePassword, bearerToken, user, pass,
                allowOverHttp, connectTimeout, requestTimeout);
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
