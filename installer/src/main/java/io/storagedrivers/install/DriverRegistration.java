package io.storagedrivers.install;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * What oned.conf must say about one driver: the MAD argument lists its name joins, its
 * TM_MAD_CONF / DS_MAD_CONF stanzas and the datastore attributes oned stores encrypted. Each
 * driver owns its registration and offers it through {@link RegistrationProvider} (listed in its
 * jar's {@code META-INF/services}); the editor knows no driver by name.
 *
 * @param name           the driver directory name (DS_MAD and TM_MAD)
 * @param lists          the {@code MAD:option} lists the name joins, e.g. {@code TM_MAD:-d}
 * @param tmConf         TM_MAD_CONF keys and values, in order
 * @param dsConf         DS_MAD_CONF keys and values, in order
 * @param encryptedAttrs datastore attributes that hold secrets (DATASTORE_ENCRYPTED_ATTR)
 */
public record DriverRegistration(String name, List<String> lists, Map<String, String> tmConf,
                                 Map<String, String> dsConf, List<String> encryptedAttrs) {

    /** The lists of a driver serving image and system datastores. */
    public static final List<String> ALL_LISTS = List.of("TM_MAD:-d", "DATASTORE_MAD:-d", "DATASTORE_MAD:-s");

    public DriverRegistration {
        lists = List.copyOf(lists);
        tmConf = new LinkedHashMap<>(tmConf);
        dsConf = new LinkedHashMap<>(dsConf);
        encryptedAttrs = List.copyOf(encryptedAttrs);
    }

    /**
     * The registrations of every driver on the class path, in class-path order (install.sh puts
     * the driver jars on it in the order of its --drivers), each name once.
     */
    public static List<DriverRegistration> installed() {
        List<DriverRegistration> out = new ArrayList<>();
        for (RegistrationProvider p : ServiceLoader.load(RegistrationProvider.class)) {
            DriverRegistration r = p.registration();
            if (out.stream().noneMatch(d -> d.name.equals(r.name))) {
                out.add(r);
            }
        }
        return out;
    }

    /** The stanza text for {@code TM_MAD_CONF} or {@code DS_MAD_CONF}, one key per line, ending in a newline. */
    public String stanza(String attribute) {
        Map<String, String> values = attribute.equals("TM_MAD_CONF") ? tmConf : dsConf;
        StringBuilder sb = new StringBuilder(attribute).append(" = [\n    NAME = \"").append(name).append('"');
        values.forEach((k, v) -> sb.append(",\n    ").append(k).append(" = \"").append(v).append('"'));
        sb.append("\n]\n");
        if (attribute.equals("DS_MAD_CONF")) {
            // secrets in the datastore template are stored encrypted by oned (and decrypted for the driver)
            encryptedAttrs.forEach(a -> sb.append("DATASTORE_ENCRYPTED_ATTR = \"").append(a).append("\"\n"));
        }
        return sb.toString();
    }

    /** An insertion-ordered map of {@code key, value, key, value...}. */
    public static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
