package io.storagedrivers.sharedlvm.one;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.storagedrivers.install.DriverRegistration;
import io.storagedrivers.install.OnedConfEditor;

/** shared_lvm's oned.conf stanzas, found the way the oned.conf editor finds them (ServiceLoader). */
class SharedLvmRegistrationTest {

    @Test
    void offeredThroughTheServiceLoaderAndWrittenByTheEditor() {
        DriverRegistration r = DriverRegistration.installed().stream().filter(d -> d.name().equals("shared_lvm"))
                .findFirst().orElseThrow();
        assertEquals(SharedLvmRegistration.REGISTRATION, r);
        String conf = "TM_MAD = [ ARGUMENTS = \"-t 15 -d dummy\" ]\nDATASTORE_MAD = [ ARGUMENTS = \"-t 15 -d fs -s shared\" ]\n";
        String out = OnedConfEditor.register(conf, List.of(r)).text();
        assertTrue(out.contains("-d dummy,shared_lvm"), out);
        assertTrue(out.contains("-d fs,shared_lvm -s shared,shared_lvm"), out);
        assertTrue(out.contains("TM_MAD_CONF = [\n    NAME = \"shared_lvm\",\n    LN_TARGET = \"NONE\",\n"
                + "    CLONE_TARGET = \"SYSTEM\",\n    SHARED = \"YES\",\n    DS_MIGRATE = \"YES\",\n"
                + "    DS_LIVE_MIGRATE = \"NO\",\n    DRIVER = \"raw\",\n    DISK_TYPE = \"BLOCK\",\n"
                + "    ALLOW_ORPHANS = \"YES\"\n]\n"), out);
        assertTrue(out.contains("DS_MAD_CONF = [\n    NAME = \"shared_lvm\",\n    REQUIRED_ATTRS = \"\",\n"
                + "    PERSISTENT_ONLY = \"NO\",\n    MARKETPLACE_ACTIONS = \"export\"\n]\n"), out);
        assertTrue(!out.contains("DATASTORE_ENCRYPTED_ATTR"), "shared_lvm has no secrets");
    }
}
