package io.storagedrivers.linstor.one;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.storagedrivers.install.OnedConf;
import io.storagedrivers.linstor.backend.LinstorSettings;
import io.storagedrivers.one.OneDatastore;

/**
 * examples/datastores/linstor-*.ds, the templates operators pass to {@code onedatastore create},
 * parsed as OpenNebula template syntax; every attribute is one OpenNebula or this driver reads, and
 * the driver's profile and LINSTOR settings accept the values.
 */
class DatastoreTemplateExamplesTest {
    static final Set<String> GENERIC = Set.of("NAME", "TYPE", "DS_MAD", "TM_MAD", "DISK_TYPE", "BRIDGE_LIST",
            "SAFE_DIRS", "RESTRICTED_DIRS", "STAGING_DIR");

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
        assertTrue(t.keySet().stream().allMatch(k -> GENERIC.contains(k) || k.startsWith("LINSTOR_")),
                () -> "unknown attributes: " + t.keySet());
        OneDatastore ds = new OneDatastore(101, t.get("NAME"), t.getOrDefault("DS_MAD", "-"), t.get("TM_MAD"),
                "/var/lib/one/datastores/101", "SYSTEM_DS".equals(t.get("TYPE")) ? OneDatastore.TYPE_SYSTEM : 0, t);
        return profile.pool(ds);
    }

    static Map<String, String> template(String file) throws IOException {
        String text = Files.readString(Path.of("..", "examples", "datastores", file));
        Map<String, String> out = new LinkedHashMap<>();
        for (OnedConf.Attribute a : OnedConf.parse(text).attributes()) {
            assertFalse(a.isVector(), a.name());
            assertFalse(a.scalar().text().contains("#"), a.name());
            assertEquals(null, out.put(a.name(), a.scalar().text()), "repeated " + a.name());
        }
        return out;
    }
}
