package io.storagedrivers.linstor.backend;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.storagedrivers.linstor.api.ClientConfig;
import io.storagedrivers.exec.copy.CopyTools;
import io.storagedrivers.linstor.api.LinstorClientConf;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.BackendException.Kind;
import io.storagedrivers.spi.Settings;

/**
 * Backend settings, named like OpenNebula datastore attributes (the action layer passes the
 * datastore template; the Cinder bridge its config):
 * <ul>
 *   <li>{@code LINSTOR_CONTROLLERS}: controller list when the URI names none (else {@code LS_CONTROLLERS}, else localhost)</li>
 *   <li>{@code LINSTOR_CLONE_MODE}: {@code clone} (server-side, default), {@code snapshot} (snapshot + restore),
 *       {@code copy} (new volume + dd on a node holding the source)</li>
 *   <li>{@code LINSTOR_CA_FILE}, {@code LINSTOR_CLIENT_KEYSTORE}, {@code LINSTOR_CLIENT_KEYSTORE_PASSWORD},
 *       {@code LINSTOR_CLIENT_CERT}/{@code LINSTOR_CLIENT_KEY} (PEM),
 *       {@code LINSTOR_TOKEN}, {@code LINSTOR_USERNAME}/{@code LINSTOR_PASSWORD}: TLS and credentials;
 *       without them, {@code /etc/linstor/linstor-client.conf} as LINSTOR's client reads it
 *       ({@link LinstorClientConf}; path from {@code STORAGE_DRIVERS_LINSTOR_CLIENT_CONF})</li>
 *   <li>{@code LINSTOR_LAYER_LIST}: the layer stack of new resources, {@code drbd,storage},
 *       {@code storage}, {@code nvme,storage} or {@code drbd,nvme,storage} (default: the resource
 *       group's)</li>
 *   <li>{@code LINSTOR_LOCALITY}: where a host without a replica gets its data: {@code diskless}
 *       (default: a diskless DRBD client or NVMe-oF initiator) or {@code replica} (a diskful
 *       replica is added there first, when the resource's layers allow it)</li>
 *   <li>{@code LINSTOR_TIMEOUT}: request timeout in seconds (default 300); {@code LINSTOR_CLONE_TIMEOUT}
 *       (default 21600)</li>
 *   <li>{@code ZERO_ON_CREATE} (default yes): a new or grown volume in a thick pool is zeroed before
 *       use (docs/operator-guide.md, "Data safety"); thin pools read as zero and are left alone</li>
 *   <li>{@code DD}, {@code QEMU_IMG}, {@code BLKDISCARD}: the driver's program paths; {@code STAGING_DIR}
 *       (default /var/tmp): where a qcow2 image is converted to raw before it is streamed to a node</li>
 * </ul>
 */
public record LinstorSettings(CloneMode cloneMode, Duration cloneTimeout, Map<String, String> clientSettings,
                              Map<String, String> clientFile, List<String> layerList, Locality locality,
                              boolean zeroOnCreate, CopyTools copyTools, Path stagingDir) {

    /** How {@code clone} copies data. */
    public enum CloneMode { CLONE, SNAPSHOT, COPY }

    /** What attach does on a host that holds no replica. */
    public enum Locality { DISKLESS, REPLICA }

    /** The layer stacks LINSTOR offers for a VM disk. */
    public static final List<List<String>> LAYER_LISTS = List.of(List.of("DRBD", "STORAGE"), List.of("STORAGE"),
            List.of("NVME", "STORAGE"), List.of("DRBD", "NVME", "STORAGE"));

    /** A clone (or copy) longer than 30 days is a mistake in the setting, not a real copy. */
    static final long MAX_CLONE_SECONDS = 30L * 86_400;

    public static LinstorSettings from(Map<String, String> s) {
        CloneMode mode = switch (Settings.get(s, "LINSTOR_CLONE_MODE", "clone").toLowerCase(Locale.ROOT)) {
            case "clone" -> CloneMode.CLONE;
            case "snapshot" -> CloneMode.SNAPSHOT;
            case "copy" -> CloneMode.COPY;
            default -> throw new BackendException(Kind.INVALID, "invalid LINSTOR_CLONE_MODE '"
                    + s.get("LINSTOR_CLONE_MODE") + "': use clone, snapshot or copy");
        };
        Map<String, String> client = new java.util.HashMap<>();
        put(client, "controllers", Settings.firstNonBlank(s.get("LINSTOR_CONTROLLERS"), s.get("LS_CONTROLLERS"),
                System.getenv("LS_CONTROLLERS")));
        put(client, "client_cert", s.get("LINSTOR_CLIENT_CERT"));
        put(client, "client_key", s.get("LINSTOR_CLIENT_KEY"));
        put(client, "ca_file", s.get("LINSTOR_CA_FILE"));
        put(client, "client_keystore", s.get("LINSTOR_CLIENT_KEYSTORE"));
        put(client, "client_keystore_password", s.get("LINSTOR_CLIENT_KEYSTORE_PASSWORD"));
        put(client, "token", s.get("LINSTOR_TOKEN"));
        put(client, "username", s.get("LINSTOR_USERNAME"));
        put(client, "password", s.get("LINSTOR_PASSWORD"));
        put(client, "request_timeout", s.get("LINSTOR_TIMEOUT"));
        Locality locality = switch (Settings.get(s, "LINSTOR_LOCALITY", "diskless").toLowerCase(Locale.ROOT)) {
            case "diskless" -> Locality.DISKLESS;
            case "replica" -> Locality.REPLICA;
            default -> throw new BackendException(Kind.INVALID, "invalid LINSTOR_LOCALITY "
                    + io.storagedrivers.validate.Validate.show(s.get("LINSTOR_LOCALITY")) + ": use diskless or replica");
        };
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.putAll(s);
        Map<String, String> file;
        try {
            file = LinstorClientConf.read(LinstorClientConf.path(env));
        } catch (IllegalArgumentException e) {
            throw new BackendException(Kind.INVALID, e.getMessage());
        }
        boolean zero = Settings.yesNo(s, "ZERO_ON_CREATE", true);
        return new LinstorSettings(mode, Duration.ofSeconds(Settings.seconds(s, "LINSTOR_CLONE_TIMEOUT", 21_600, MAX_CLONE_SECONDS)),
                Map.copyOf(client), file, layerList(s.get("LINSTOR_LAYER_LIST")), locality, zero, CopyTools.from(s),
                Path.of(Settings.get(s, "STAGING_DIR", "/var/tmp")));
    }

    /** {@code drbd,storage} etc. as LINSTOR's layer names; null (the group's stack) when blank. */
    static List<String> layerList(String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        List<String> layers = java.util.Arrays.stream(v.split("[,\\s]+")).filter(x -> !x.isEmpty())
                .map(x -> x.toUpperCase(Locale.ROOT)).toList();
        if (!LAYER_LISTS.contains(layers)) {
            throw new BackendException(Kind.INVALID, "invalid LINSTOR_LAYER_LIST " + io.storagedrivers.validate.Validate.show(v)
                    + ": use drbd,storage, storage, nvme,storage or drbd,nvme,storage");
        }
        return layers;
    }

    /**
     * Whether these settings name a controller (LINSTOR_CONTROLLERS, LS_CONTROLLERS, or the client
     * config file's {@code controllers}) rather than falling back to localhost.
     */
    public boolean controllersConfigured() {
        return clientSettings.containsKey("controllers") || (clientFile != null && clientFile.get("controllers") != null);
    }

    /** Client configuration for {@code controllers} (from the URI), falling back to the settings. */
    public ClientConfig clientConfig(String controllers) {
        try {
            return ClientConfig.fromSettings(controllers, clientSettings, clientFile);
        } catch (IllegalArgumentException e) {
            throw new BackendException(Kind.INVALID, e.getMessage());
        }
    }

    private static void put(Map<String, String> m, String k, String v) {
        if (v != null && !v.isBlank()) {
            m.put(k, v.strip());
        }
    }



}
