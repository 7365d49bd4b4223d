package io.storagedrivers.cli.storage;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Where the backend URI and its settings (tokens, passwords, key files) come from. Secrets never
 * travel in the URI: they live in a config file (Java properties, readable by root only) or the
 * environment, and the environment wins.
 *
 * <p>Config file: {@code --config FILE}, else {@code $STORAGE_CONFIG}, else
 * {@value #DEFAULT_CONFIG} when it exists. URI: {@code --uri}, else {@code $STORAGE_URI}, else the
 * config file's {@code uri} key.
 */
final class BackendSettings {

    static final String DEFAULT_CONFIG = "/etc/storage-drivers/storage.conf";

    private BackendSettings() {
    }

    /** Config file entries overlaid with the environment. */
    static Map<String, String> load(Path explicitConfig, Map<String, String> env) {
        Map<String, String> out = new TreeMap<>();
        Path config = explicitConfig;
        if (config == null && env.get("STORAGE_CONFIG") != null && !env.get("STORAGE_CONFIG").isEmpty()) {
            config = Path.of(env.get("STORAGE_CONFIG"));
        }
        if (config == null && Files.isRegularFile(Path.of(DEFAULT_CONFIG))) {
            config = Path.of(DEFAULT_CONFIG);
        }
        if (config != null) {
            if (!Files.isRegularFile(config)) {
                throw CliException.usage("config file " + config + " does not exist");
            }
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException | IllegalArgumentException e) {
                throw CliException.usage("cannot read config file " + config + ": " + e.getMessage());
            }
            p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k).strip()));
        }
        out.putAll(env);
        return out;
    }

    /** The URI to open, or a usage error saying how to give one. */
    static String uri(String option, Map<String, String> settings) {
        String uri = option;
        if (uri == null || uri.isBlank()) {
            uri = settings.get("STORAGE_URI");
        }
        if (uri == null || uri.isBlank()) {
            uri = settings.get("uri");
        }
        if (uri == null || uri.isBlank()) {
            throw CliException.usage("no backend: give --uri (or set STORAGE_URI), e.g. --uri lvm://vg-one-100,"
                    + " --uri linstor://controller:3370, --uri sim:///tmp/storage-sim.json");
        }
        return refuseSecrets(uri.strip());
    }

    private static String refuseSecrets(String uri) {
        int scheme = uri.indexOf("://");
        if (scheme > 0) {
            String rest = uri.substring(scheme + 3);
            int end = rest.indexOf('/');
            String authority = end < 0 ? rest : rest.substring(0, end);
            if (authority.contains("@")) {
                throw CliException.usage("the backend URI must not carry credentials; put them in the config file"
                        + " or the environment");
            }
        }
        return uri;
    }

    /** The URI without query (for display): scheme, host, port and path only. */
    static String display(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }
}
