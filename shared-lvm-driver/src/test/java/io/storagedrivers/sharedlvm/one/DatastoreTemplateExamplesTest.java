package io.storagedrivers.sharedlvm.one;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.storagedrivers.install.DatastoreTemplates;
import io.storagedrivers.one.OneDatastore;
import io.storagedrivers.sharedlvm.SharedLvmSettings;
import io.storagedrivers.sharedlvm.lvm.LvmTools;

/**
 * examples/datastores/shared_lvm-*.ds, the templates operators pass to {@code onedatastore create},
 * parsed as OpenNebula template syntax; every attribute is one OpenNebula or this driver reads, and
 * the driver's profile and backend settings accept the values.
 */
class DatastoreTemplateExamplesTest {
    @Test
    void imageDatastore() throws IOException {
        Map<String, String> t = template("shared_lvm-image.ds");
        assertEquals("IMAGE_DS", t.get("TYPE"));
        assertEquals("shared_lvm", t.get("DS_MAD"));
        check(t);
    }

    @Test
    void systemDatastore() throws IOException {
        Map<String, String> t = template("shared_lvm-system.ds");
        assertEquals("SYSTEM_DS", t.get("TYPE"));
        assertFalse(t.containsKey("DS_MAD"));
        check(t);
    }

    private static void check(Map<String, String> t) {
        SharedLvmProfile profile = new SharedLvmProfile(null, Map.of());
        assertEquals(profile.driverName(), t.get("TM_MAD"));
        assertEquals("BLOCK", t.get("DISK_TYPE"));
        OneDatastore ds = new OneDatastore(100, t.get("NAME"), t.getOrDefault("DS_MAD", "-"), t.get("TM_MAD"),
                "/var/lib/one/datastores/100", "SYSTEM_DS".equals(t.get("TYPE")) ? OneDatastore.TYPE_SYSTEM : 0, t);
        assertEquals(t.get("VG_NAME"), profile.pool(ds));
        SharedLvmSettings s = SharedLvmSettings.from(t);
        assertEquals(List.of("host1", "host2"), s.bridgeList());
        Set<String> known = new HashSet<>(DatastoreTemplates.GENERIC);
        known.addAll(Set.of("VG_NAME", "ZERO_LVM_ON_DELETE", SharedLvmSettings.COPY_HOST, SharedLvmSettings.HOSTS,
                SharedLvmSettings.LOCK_TIMEOUT, SharedLvmSettings.COPY_SPARSE, SharedLvmSettings.DD,
                SharedLvmSettings.QEMU_IMG, SharedLvmSettings.BLKDISCARD, LvmTools.PREFIX_SETTING));
        LvmTools.TOOLS.forEach(tool -> known.add(LvmTools.settingName(tool)));
        assertTrue(known.containsAll(t.keySet()), () -> "unknown attributes: " + t.keySet());
    }

    private static Map<String, String> template(String file) throws IOException {
        return DatastoreTemplates.read(file);
    }
}
