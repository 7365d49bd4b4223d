package io.storagedrivers.linstor.one;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.storagedrivers.install.DatastoreTemplates;
import io.storagedrivers.linstor.backend.LinstorSettings;
import io.storagedrivers.one.OneDatastore;

/**
 * examples/datastores/linstor-*.ds, the templates operators pass to {@code onedatastore create},
 * parsed as OpenNebula template syntax; every attribute is one OpenNebula or this driver reads, and
 * the driver's profile and LINSTOR settings accept the values.
 */
class DatastoreTemplateExamplesTest {
    @Test
    void imageDatastore() throws IOException {
        Map<String, String> t = template("linstor-image.ds");
        assertEquals("IMAGE_DS", t.get("TYPE"));
        assertEquals("linstor", t.get("DS_MAD"));
        assertEquals("one-images", check(t));
    }

    @Test
    void systemDatastore() throws IOException {
        Map<String, String> t = template("linstor-system.ds");
        assertEquals("SYSTEM_DS", t.get("TYPE"));
        assertFalse(t.containsKey("DS_MAD"));
        assertEquals("one-vms", check(t));
    }

    /** Checks the template against the driver; returns the pool (resource group) it names. */
    private static String check(Map<String, String> t) {
        LinstorProfile profile = new LinstorProfile(null, Map.of());
        assertEquals(profile.driverName(), t.get("TM_MAD"));
        assertEquals("BLOCK", t.get("DISK_TYPE"));
        assertFalse(t.getOrDefault("BRIDGE_LIST", "").isBlank(), "BRIDGE_LIST is required (REQUIRED_ATTRS)");
        LinstorSettings s = LinstorSettings.from(t);
        assertEquals(List.of(URI.create("http://ctrl1:3370"), URI.create("http://ctrl2:3370")),
                s.clientConfig(null).controllers());
        assertTrue(t.keySet().stream().allMatch(k -> DatastoreTemplates.GENERIC.contains(k) || k.startsWith("LINSTOR_")),
                () -> "unknown attributes: " + t.keySet());
        OneDatastore ds = new OneDatastore(101, t.get("NAME"), t.getOrDefault("DS_MAD", "-"), t.get("TM_MAD"),
                "/var/lib/one/datastores/101", "SYSTEM_DS".equals(t.get("TYPE")) ? OneDatastore.TYPE_SYSTEM : 0, t);
        return profile.pool(ds);
    }

    private static Map<String, String> template(String file) throws IOException {
        return DatastoreTemplates.read(file);
    }
}
