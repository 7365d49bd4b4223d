package io.storagedrivers.linstor.one;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.storagedrivers.install.DriverRegistration;
import io.storagedrivers.install.OnedConfEditor;

/** linstor's oned.conf stanzas, found the way the oned.conf editor finds them (ServiceLoader). */
class LinstorRegistrationTest {

    @Test
    void offeredThroughTheServiceLoaderAndWrittenByTheEditor() {
        DriverRegistration r = DriverRegistration.installed().stream().filter(d -> d.name().equals("linstor"))
                .findFirst().orElseThrow();
        assertEquals(LinstorRegistration.REGISTRATION, r);
        String conf = "TM_MAD = [ ARGUMENTS = \"-t 15 -d dummy\" ]\nDATASTORE_MAD = [ ARGUMENTS = \"-t 15 -d fs -s shared\" ]\n";
        String out = OnedConfEditor.register(conf, List.of(r)).text();
        assertTrue(out.contains("-d fs,linstor -s shared,linstor"), out);
        assertTrue(out.contains("    CLONE_TARGET = \"SELF\",\n"), out);
        assertTrue(out.contains("    TM_MAD_SYSTEM = \"ssh,shared\",\n"), "mixed mode (docs/linstor.md)");
        assertTrue(out.contains("    CLONE_TARGET_SSH = \"SELF\",\n"), out);
        assertTrue(out.contains("    REQUIRED_ATTRS = \"BRIDGE_LIST\",\n"), out);
        assertTrue(out.contains("DATASTORE_ENCRYPTED_ATTR = \"LINSTOR_PASSWORD\"\nDATASTORE_ENCRYPTED_ATTR = \"LINSTOR_TOKEN\"\n"
                + "DATASTORE_ENCRYPTED_ATTR = \"LINSTOR_CLIENT_KEYSTORE_PASSWORD\"\n"), out);
    }
}
