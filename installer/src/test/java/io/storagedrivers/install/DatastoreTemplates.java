package io.storagedrivers.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * examples/datastores/*.ds, the templates operators pass to {@code onedatastore create}, read as
 * OpenNebula template syntax for the drivers' example tests (this module's test-jar).
 */
public final class DatastoreTemplates {
    /** Attributes OpenNebula itself defines for any datastore, plus those the action layer reads. */
    public static final Set<String> GENERIC = Set.of("NAME", "TYPE", "DS_MAD", "TM_MAD", "DISK_TYPE", "BRIDGE_LIST",
            "SAFE_DIRS", "RESTRICTED_DIRS", "STAGING_DIR");

    private DatastoreTemplates() {
    }

    /**
     * The attributes of {@code examples/datastores/<file>} (run from a module folder), single
     * values only (a datastore template has no vectors here), none repeated, no {@code #} in a
     * value (a comment after a value would become part of it).
     */
    public static Map<String, String> read(String file) throws IOException {
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
