package io.storagedrivers.linstor.one;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.storagedrivers.linstor.hl.Linstor;
import io.storagedrivers.linstor.sim.SimFixture;

/**
 * The shipped shims (remotes/datastore/linstor/*) with the fat jar against the simulated
 * controller: exactly what oned runs, process exit code and streams included.
 */
class LinstorShimIT {
    private static final Path REPO = Path.of(System.getProperty("user.dir")).getParent();
    private final SimFixture sim = SimFixture.thin("node1", "node2", "node3");

    @AfterEach
    void close() {
        sim.close();
    }

    record Run(int code, String out, String err) {
    }

    private Run shim(String action, String id, String doc) throws Exception {
        Path shim = REPO.resolve("remotes/datastore/linstor").resolve(action);
        assertTrue(Files.isExecutable(shim), shim + " is not executable");
        Process p = new ProcessBuilder(shim.toString(), id).start();
        p.getOutputStream().write(Base64.getEncoder().encode(doc.getBytes(StandardCharsets.UTF_8)));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out, err);
    }

    private String doc(String image, String rg) {
        return "<DS_DRIVER_ACTION_DATA>" + image + "<DATASTORE><ID>100</ID><NAME>ls</NAME><DS_MAD>linstor</DS_MAD>"
                + "<TM_MAD>linstor</TM_MAD><BASE_PATH>/var/lib/one/datastores/100</BASE_PATH><TYPE>0</TYPE><TEMPLATE>"
                + "<BRIDGE_LIST>node1</BRIDGE_LIST><LINSTOR_CONTROLLERS>" + sim.controller().linstorUri()
                + "</LINSTOR_CONTROLLERS><LINSTOR_RESOURCE_GROUP>" + rg + "</LINSTOR_RESOURCE_GROUP>"
                + "</TEMPLATE></DATASTORE></DS_DRIVER_ACTION_DATA>";
    }

    private static String image(int id, String source) {
        return "<IMAGE><ID>" + id + "</ID><NAME>i</NAME><TYPE>2</TYPE><PERSISTENT>0</PERSISTENT><SOURCE>" + source
                + "</SOURCE><PATH></PATH><FORMAT>save_as</FORMAT><FS></FS><SIZE>100</SIZE><STATE>4</STATE>"
                + "<CLONING_ID>-1</CLONING_ID><DATASTORE_ID>100</DATASTORE_ID><TEMPLATE></TEMPLATE></IMAGE>";
    }

    @Test
    void datastoreActionsThroughTheirShims() throws Exception {
        try (Linstor ls = sim.linstor()) {
            ls.resourceGroup("one-rg").redundancy(2);
            ls.resourceGroup("five").redundancy(5);
        }
        Run mon = shim("monitor", "100", doc("", "one-rg"));
        assertEquals(0, mon.code(), mon.err());
        assertEquals("USED_MB=0 FREE_MB=153600 TOTAL_MB=153600\n", mon.out());
        Run mk = shim("mkfs", "3", doc(image(3, ""), "one-rg"));
        assertEquals(0, mk.code(), mk.err());
        assertEquals("OpenNebula-Image-3\n", mk.out());
        Run rm = shim("rm", "3", doc(image(3, "OpenNebula-Image-3"), "one-rg"));
        assertEquals(0, rm.code(), rm.err());
        Run full = shim("mkfs", "4", doc(image(4, ""), "five"));
        assertEquals(1, full.code());
        assertEquals("", full.out());
        List<String> plain = full.err().lines().filter(l -> !l.startsWith("ERROR:") && !l.startsWith("INFO:")
                && !l.contains("VM warning")).toList();
        assertEquals(1, plain.size(), full.err());
        assertTrue(plain.get(0).contains("Not enough available nodes"), plain.get(0));
        assertEquals(0, sim.state.resourceDefinitionCount());
        Run snap = shim("snap_revert", "3", doc(image(3, "OpenNebula-Image-3"), "one-rg"));
        assertEquals(1, snap.code());
    }
}
