package io.storagedrivers.linstor.backend;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import io.storagedrivers.linstor.api.ClientConfig;
import io.storagedrivers.exec.copy.CopyTools;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.BackendException.Kind;

/**
 * Backend settings, named like OpenNebula datastore attributes (the action layer passes the
 * datastore template; the Cinder bridge its config):
 * <ul>
 *   <li>{@code LINSTOR_CONTROLLERS}: controller list when the URI names none (else {@code LS_CONTROLLERS}, else localhost)</li>
 *   <li>{@code LINSTOR_CLONE_MODE}: {@code clone} (server-side, default), {@code snapshot} (snapshot + restore),
 *       {@code copy} (new volume + dd on a node holding the source)</li>
 *   <li>{@code LINSTOR_CA_FILE}, {@code LINSTOR_CLIENT_KEYSTORE}, {@code LINSTOR_CLIENT_KEYSTORE_PASSWORD},
 *       {@code LINSTOR_TOKEN}, {@code LINSTOR_USERNAME}/{@code LINSTOR_PASSWORD}: TLS and credentials</li>
 *   <li>{@code LINSTOR_TIMEOUT}: request timeout in seconds (default 300); {@code LINSTOR_CLONE_TIMEOUT}
 *       (default 21600)</li>
 *   <li>{@code ZERO_ON_CREATE} (default yes): a new or grown volume in a thick pool is zeroed before
 *       use (docs/operator-guide.md, "Data safety"); thin pools read as zero and are left alone</li>
 *   <li>{@code DD}, {@code QEMU_IMG}, {@code BLKDISCARD}: the driver's program paths; {@code STAGING_DIR}
 *       (default /var/tmp): where a qcow2 image is converted to raw before it is streamed to a node</li>
 * </ul>
 */
public record LinstorSettings(CloneMode cloneMode, Duration cloneTimeout, Map<String, String> clientSettings,
                              boolean zeroOnCreate, CopyTools copyTools, Path stagingDir) {

    /** How {@code clone} copies data. */
    public enum CloneMode { CLONE, SNAPSHOT, COPY }

    public static LinstorSettings from(Map<String, String> s) {
        CloneMode mode = switch (get(s, "LINSTOR_CLONE_MODE", "clone").toLowerCase(Locale.ROOT)) {
            case "clone" -> CloneMode.CLONE;
            case "snapshot" -> CloneMode.SNAPSHOT;
            case "copy" -> CloneMode.COPY;
            default -> throw new BackendException(Kind.INVALID, "invalid LINSTOR_CLONE_MODE '"
                    + s.get("LINSTOR_CLONE_MODE") + "': use clone, snapshot or copy");
        };
        Map<String, String> client = new java.util.HashMap<>();
        put(client, "controllers", firstNonBlank(s.get("LINSTOR_CONTROLLERS"), System.getenv("LS_CONTROLLERS")));
        put(client, "ca_file", s.get("LINSTOR_CA_FILE"));
        put(client, "client_keystore", s.get("LINSTOR_CLIENT_KEYSTORE"));
        put(client, "client_keystore_password", s.get("LINSTOR_CLIENT_KEYSTORE_PASSWORD"));
        put(client, "token", s.get("LINSTOR_TOKEN"));
        put(client, "username", s.get("LINSTOR_USERNAME"));
        put(client, "password", s.get("LINSTOR_PASSWORD"));
        put(client, "request_timeout", s.get("LINSTOR_TIMEOUT"));
        boolean zero = switch (get(s, "ZERO_ON_CREATE", "yes").toLowerCase(Locale.ROOT)) {
            case "yes" -> true;
            case "no" -> false;
            default -> throw new BackendException(Kind.INVALID, "invalid ZERO_ON_CREATE '" + s.get("ZERO_ON_CREATE")
                    + "': use yes or no");
        };
        return new LinstorSettings(mode, Duration.ofSeconds(seconds(get(s, "LINSTOR_CLONE_TIMEOUT", "21600"))),
                Map.copyOf(client), zero, CopyTools.from(s), Path.of(get(s, "STAGING_DIR", "/var/tmp")));
    }

    /** Client configuration for {@code controllers} (from the URI), falling back to the settings. */
    public ClientConfig clientConfig(String controllers) {
        try {
            return ClientConfig.fromSettings(controllers, clientSettings);
        } catch (IllegalArgumentException e) {
            throw new BackendException(Kind.INVALID, e.getMessage());
        }
    }

    private static void put(Map<String, String> m, String k, String v) {
        if (v != null && !v.isBlank()) {
            m.put(k, v.strip());
        }
    }

    private static String firstNonBlank(String a, String b) {
        return a != null && !a.isBlank() ? a : b;
    }

    private static String get(Map<String, String> s, String key, String dflt) {
        String v = s.get(key);
        return v == null || v.isBlank() ? dflt : v.strip();
    }

    private static long seconds(String v) {
        try {
            long n = Long.parseLong(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // one message below
        }
        throw new BackendException(Kind.INVALID, "invalid timeout '" + v + "': whole seconds above 0");
    }
}
