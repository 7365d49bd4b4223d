package io.storagedrivers.cinderbridge;

import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.storagedrivers.cinderbridge.http.BridgeServer;
import io.storagedrivers.cinderbridge.http.RequestServer;
import io.storagedrivers.cinderbridge.ops.BackendSettings;

/**
 * The bridge's config file: {@code key = value} lines (Java properties syntax, {@code #} comments).
 *
 * <pre>
 * listen = 127.0.0.1:7390                  # or unix:/run/storage-drivers/cinder-bridge.sock
 * token_file = /etc/cinder-bridge/token
 * backend.lvm1.uri = lvm://cinder_vg
 * backend.lvm1.metadata_host = frontend1   # lvm:// only: the one machine that changes the VG's metadata
 * backend.lvm1.max_requests = 16           # requests running at once on this backend (default: threads)
 * backend.lvm1.host.compute-1 = node1      # Cinder/Nova host name -> backend host name
 * backend.lvm1.ssh_user = oneadmin         # any other key goes to the backend as a setting
 * </pre>
 *
 * Listener limits ({@link RequestServer.Limits}): {@code head_timeout_seconds} (10),
 * {@code body_timeout_seconds} (30), {@code max_connections} (256), {@code max_connections_per_client}
 * (128). {@code threads} (16) is the default of every backend's {@code max_requests}.
 * Unknown top-level keys are refused (typos must not pass silently). With a Unix socket,
 * {@link #listen()} is null and {@link #unixSocket()} the socket's path; TLS is refused there.
 */
public record BridgeConfig(InetSocketAddress listen, Path unixSocket, Path tokenFile, BridgeServer.Tls tls,
        RequestServer.Limits limits, Path imageDir, Map<String, BackendEntry> backends) {

    /**
     * One backend: its URI, the bridge's own settings for it, the settings passed to the backend,
     * and (lvm:// only) the machine that changes the VG's metadata.
     */
    public record BackendEntry(URI uri, BackendSettings bridge, Map<String, String> settings, String metadataHost) {
    }

    public static final int DEFAULT_PORT = 7390;
    /** Per LINSTOR REST call, unless the backend sets LINSTOR_TIMEOUT. */
    static final Duration LINSTOR_TIMEOUT = Duration.ofSeconds(30);
    static final String UNIX_PREFIX = "unix:";
    private static final Set<String> TOP_KEYS = Set.of("listen", "token_file", "tls_keystore",
            "tls_keystore_password_file", "threads", "image_dir", "head_timeout_seconds", "body_timeout_seconds",
            "max_connections", "max_connections_per_client");
    private static final Pattern BACKEND_KEY = Pattern.compile("^backend\\.([A-Za-z0-9_-]{1,64})\\.(.+)$");
    private static final Pattern LISTEN = Pattern.compile("^(\\[[0-9A-Fa-f:.]+\\]|[^:\\[\\]]+):(\\d{1,5})$");

    public static BridgeConfig load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> raw = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> raw.put(k.strip(), p.getProperty(k).strip()));
        return parse(raw, file.toAbsolutePath().getParent());
    }

    static BridgeConfig parse(Map<String, String> raw, Path baseDir) {
        Map<String, Map<String, String>> perBackend = new LinkedHashMap<>();
        for (var e : raw.entrySet()) {
            Matcher m = BACKEND_KEY.matcher(e.getKey());
            if (m.matches()) {
                perBackend.computeIfAbsent(m.group(1), k -> new TreeMap<>()).put(m.group(2), e.getValue());
            } else if (!TOP_KEYS.contains(e.getKey())) {
                throw new IllegalArgumentException("unknown config key '" + e.getKey() + "'");
            }
        }
        if (perBackend.isEmpty()) {
            throw new IllegalArgumentException("config names no backend (backend.<name>.uri = ...)");
        }
        int threads = positiveInt(raw.getOrDefault("threads", "" + BackendSettings.DEFAULT_MAX_REQUESTS), "threads");
        Map<String, BackendEntry> backends = new LinkedHashMap<>();
        perBackend.forEach((name, keys) -> backends.put(name, backend(name, keys, threads)));
        String tokenFile = raw.get("token_file");
        if (tokenFile == null || tokenFile.isEmpty()) {
            throw new IllegalArgumentException("config needs token_file");
        }
        BridgeServer.Tls tls = null;
        if (raw.containsKey("tls_keystore") || raw.containsKey("tls_keystore_password_file")) {
            if (!raw.containsKey("tls_keystore") || !raw.containsKey("tls_keystore_password_file")) {
                throw new IllegalArgumentException("TLS needs both tls_keystore and tls_keystore_password_file");
            }
            tls = new BridgeServer.Tls(resolve(baseDir, raw.get("tls_keystore")),
                    resolve(baseDir, raw.get("tls_keystore_password_file")));
        }
        RequestServer.Limits d = RequestServer.Limits.DEFAULT;
        RequestServer.Limits limits = new RequestServer.Limits(
                seconds(raw, "head_timeout_seconds", d.headTimeout()), seconds(raw, "body_timeout_seconds", d.bodyTimeout()),
                positiveInt(raw.getOrDefault("max_connections", "" + d.maxConnections()), "max_connections"),
                positiveInt(raw.getOrDefault("max_connections_per_client", "" + d.maxPerClient()),
                        "max_connections_per_client"), d.maxHead(), d.maxBody());
        Path imageDir = raw.containsKey("image_dir") ? resolve(baseDir, raw.get("image_dir")) : null;
        String listen = raw.getOrDefault("listen", "127.0.0.1:" + DEFAULT_PORT);
        if (listen.startsWith(UNIX_PREFIX)) {
            if (tls != null) {
                throw new IllegalArgumentException("TLS is for TCP listeners; a Unix socket is protected by its "
                        + "file mode (leave out tls_keystore)");
            }
            return new BridgeConfig(null, unixSocket(listen), resolve(baseDir, tokenFile), null, limits, imageDir,
                    backends);
        }
        return new BridgeConfig(listen(listen), null, resolve(baseDir, tokenFile), tls, limits, imageDir, backends);
    }

    private static Duration seconds(Map<String, String> raw, String key, Duration dflt) {
        return raw.containsKey(key) ? Duration.ofSeconds(positiveInt(raw.get(key), key)) : dflt;
    }

    private static BackendEntry backend(String name, Map<String, String> keys, int maxRequests) {
        String uriText = keys.get("uri");
        if (uriText == null) {
            throw new IllegalArgumentException("backend." + name + ".uri is missing");
        }
        URI uri;
        try {
            uri = new URI(uriText);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("backend." + name + ".uri is not a URI: " + uriText);
        }
        if (uri.getScheme() == null) {
            throw new IllegalArgumentException("backend." + name + ".uri has no scheme: " + uriText);
        }
        Map<String, String> hostMap = new LinkedHashMap<>();
        Map<String, String> settings = new LinkedHashMap<>();
        BackendSettings d = BackendSettings.defaults(name);
        String defaultPool = null;
        Boolean zero = null;
        String protocol = null;
        Duration lockWait = d.lockWait();
        Duration statsAge = d.statsMaxAge();
        String metadataHost = null;
        int max = maxRequests;
        for (var e : keys.entrySet()) {
            String k = e.getKey();
            String v = e.getValue();
            switch (k) {
                case "uri" -> { }
                case "default_pool" -> defaultPool = v;
                case "zero_on_delete" -> zero = bool(v, "backend." + name + ".zero_on_delete");
                case "storage_protocol" -> protocol = v;
                case "lock_wait_seconds" -> lockWait = Duration.ofSeconds(positiveInt(v, k));
                case "stats_cache_seconds" -> statsAge = Duration.ofSeconds(positiveInt(v, k));
                case "max_requests" -> max = positiveInt(v, "backend." + name + ".max_requests");
                case "metadata_host" -> metadataHost = v;
                default -> {
                    if (k.startsWith("host.")) {
                        hostMap.put(k.substring("host.".length()), v);
                    } else {
                        settings.put(k, v);
                    }
                }
            }
        }
        if (uri.getScheme().toLowerCase(java.util.Locale.ROOT).startsWith("linstor")) {
            // LINSTOR's own default (300 s per REST call) outlasts Cinder's 60 s RPC for attach and
            // detach: a frozen controller must give an answer Cinder still receives
            settings.putIfAbsent("LINSTOR_TIMEOUT", Long.toString(LINSTOR_TIMEOUT.toSeconds()));
        }
        if (metadataHost != null && !MetadataHost.needsCheck(uri.getScheme())) {
            throw new IllegalArgumentException("backend." + name + ".metadata_host is for lvm:// backends only");
        }
        return new BackendEntry(uri, new BackendSettings(name, defaultPool, zero, protocol, hostMap, lockWait,
                statsAge, max), settings, metadataHost);
    }

    /**
     * Null when this machine may serve every backend, else the one line saying why not (an
     * lvm:// backend on a plain VG whose metadata host is another machine: see {@link MetadataHost}).
     * {@code sharedVg} says whether an lvm:// backend's VG is a shared (lvmlockd) VG, which any
     * machine may change under LVM's own VG lock; it is asked only for lvm:// backends.
     */
    String refusalHere(MetadataHost.Machine me, java.util.function.Predicate<BackendEntry> sharedVg) {
        for (var e : backends.entrySet()) {
            if (MetadataHost.needsCheck(e.getValue().uri().getScheme()) && !sharedVg.test(e.getValue())) {
                String why = MetadataHost.check(e.getKey(), e.getValue().metadataHost(), me);
                if (why != null) {
                    return why;
                }
            }
        }
        return null;
    }

    /** {@code unix:/absolute/path}: the socket file (its directory is created when missing). */
    static Path unixSocket(String text) {
        String path = text.substring(UNIX_PREFIX.length());
        // the path must fit sockaddr_un (108 bytes with the NUL)
        if (!path.startsWith("/") || path.endsWith("/") || path.length() > 100 || path.contains("\0")) {
            throw new IllegalArgumentException("listen = unix:PATH needs an absolute file path of at most 100 "
                    + "characters, not '" + text + "'");
        }
        return Path.of(path).normalize();
    }

    static InetSocketAddress listen(String text) {
        Matcher m = LISTEN.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("listen must be host:port or unix:/path, not '" + text + "'");
        }
        int port = Integer.parseInt(m.group(2));
        if (port > 65535) {
            throw new IllegalArgumentException("listen port out of range: " + port);
        }
        String host = m.group(1).replace("[", "").replace("]", "");
        return new InetSocketAddress(host, port);
    }

    private static Path resolve(Path baseDir, String value) {
        Path p = Path.of(value);
        return p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p);
    }

    private static boolean bool(String v, String key) {
        return switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, not '" + v + "'");
        };
    }

    private static int positiveInt(String v, String key) {
        try {
            int n = Integer.parseInt(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException(key + " must be a positive integer, not '" + v + "'");
    }
}
