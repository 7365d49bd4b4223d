package io.storagedrivers.install;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What oned.conf must say about one of our drivers: the MAD argument lists its name joins and
 * its TM_MAD_CONF / DS_MAD_CONF stanzas. TM_MAD_CONF values describe the driver to oned (they are
 * copied into every datastore using it), so they follow from how the driver stores disks.
 *
 * @param name   the driver directory name (DS_MAD and TM_MAD)
 * @param lists  the {@code MAD:option} lists the name joins, e.g. {@code TM_MAD:-d}
 * @param tmConf TM_MAD_CONF keys and values, in order
 * @param dsConf DS_MAD_CONF keys and values, in order
 */
public record DriverRegistration(String name, List<String> lists, Map<String, String> tmConf,
                                 Map<String, String> dsConf) {

    /** Both drivers serve image and system datastores, so they join all three lists. */
    static final List<String> ALL_LISTS = List.of("TM_MAD:-d", "DATASTORE_MAD:-d", "DATASTORE_MAD:-s");

    /**
     * shared_lvm: images are LVs in the image datastore's VG; a non-persistent disk is a copy in
     * the system datastore's VG (CLONE_TARGET SYSTEM); a persistent image's LV is activated and
     * used in place (LN_TARGET NONE). Every host sees the VG (SHARED, monitored centrally by
     * tm/shared_lvm/monitor). A cold migration may move disks to another system datastore
     * (mv copies them, as fs_lvm does: DS_MIGRATE YES); a live migration only activates the same
     * LVs on the destination, so it cannot change datastore (DS_LIVE_MIGRATE NO). Disks are raw
     * block devices. LVM snapshots of one origin do not depend on each other (ALLOW_ORPHANS YES).
     * No attribute is required: VG_NAME defaults to vg-one-&lt;datastore id&gt;.
     */
    public static final DriverRegistration SHARED_LVM = new DriverRegistration("shared_lvm", ALL_LISTS,
            ordered("LN_TARGET", "NONE", "CLONE_TARGET", "SYSTEM", "SHARED", "YES",
                    "DS_MIGRATE", "YES", "DS_LIVE_MIGRATE", "NO", "DRIVER", "raw", "DISK_TYPE", "BLOCK",
                    "ALLOW_ORPHANS", "YES"),
            ordered("REQUIRED_ATTRS", "", "PERSISTENT_ONLY", "NO", "MARKETPLACE_ACTIONS", "export"));

    /**
     * linstor: the values LINBIT's addon-linstor documents, so existing datastores behave the same,
     * plus the mixed modes the add-on supports: a linstor image datastore next to an {@code ssh} or
     * {@code shared} system datastore (TM_MAD_SYSTEM). There, too, images are used in place
     * (LN_TARGET NONE) and VM copies stay in the image datastore's resource group (CLONE_TARGET
     * SELF); disks are DRBD block devices (DISK_TYPE BLOCK). docs/linstor.md has the table.
     */
    public static final DriverRegistration LINSTOR = new DriverRegistration("linstor", ALL_LISTS,
            ordered("LN_TARGET", "NONE", "CLONE_TARGET", "SELF", "SHARED", "yes", "ALLOW_ORPHANS", "yes",
                    "TM_MAD_SYSTEM", "ssh,shared",
                    "LN_TARGET_SSH", "NONE", "CLONE_TARGET_SSH", "SELF", "DISK_TYPE_SSH", "BLOCK",
                    "LN_TARGET_SHARED", "NONE", "CLONE_TARGET_SHARED", "SELF", "DISK_TYPE_SHARED", "BLOCK"),
            ordered("REQUIRED_ATTRS", "BRIDGE_LIST", "PERSISTENT_ONLY", "NO", "MARKETPLACE_ACTIONS", "export"));

    public static final List<DriverRegistration> ALL = List.of(SHARED_LVM, LINSTOR);

    public DriverRegistration {
        lists = List.copyOf(lists);
        tmConf = new LinkedHashMap<>(tmConf);
        dsConf = new LinkedHashMap<>(dsConf);
    }

    public static Optional<DriverRegistration> byName(String name) {
        return ALL.stream().filter(d -> d.name.equals(name)).findFirst();
    }

    /** The stanza text for {@code TM_MAD_CONF} or {@code DS_MAD_CONF}, one key per line, ending in a newline. */
    String stanza(String attribute) {
        Map<String, String> values = attribute.equals("TM_MAD_CONF") ? tmConf : dsConf;
        StringBuilder sb = new StringBuilder(attribute).append(" = [\n    NAME = \"").append(name).append('"');
        values.forEach((k, v) -> sb.append(",\n    ").append(k).append(" = \"").append(v).append('"'));
        sb.append("\n]\n");
        if (attribute.equals("DS_MAD_CONF")) {
            // secrets in the datastore template are stored encrypted by oned (and decrypted for the driver)
            encryptedAttrs().forEach(a -> sb.append("DATASTORE_ENCRYPTED_ATTR = \"").append(a).append("\"\n"));
        }
        return sb.toString();
    }

    /** Datastore attributes of this driver that hold secrets (LINSTOR passwords and tokens). */
    public List<String> encryptedAttrs() {
        return name.equals("linstor")
                ? List.of("LINSTOR_PASSWORD", "LINSTOR_TOKEN", "LINSTOR_CLIENT_KEYSTORE_PASSWORD")
                : List.of();
    }

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
