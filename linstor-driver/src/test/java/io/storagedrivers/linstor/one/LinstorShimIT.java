package io.storagedrivers.linstor.one;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.storagedrivers.linstor.hl.Linstor;
import io.storagedrivers.linstor.sim.SimFixture;
import io.storagedrivers.testsupport.ShimHarness;
import io.storagedrivers.testsupport.ShimHarness.Result;

/**
 * The shipped shims (remotes/datastore/linstor/*) with the fat jar against the simulated
 * controller: exactly what oned runs, process exit code and streams included.
 */
class LinstorShimIT {
    private final SimFixture sim = SimFixture.thin("node1", "node2", "node3");
    @TempDir
    Path work;

    @AfterEach
    void close() {
        sim.close();
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
        ShimHarness one = new ShimHarness(work, "linstor", "linstor-driver");
        Result mon = one.ds("monitor", "100", doc("", "one-rg")).ok();
        assertEquals("USED_MB=0 FREE_MB=153600 TOTAL_MB=153600\n", mon.stdout());
        Result mk = one.ds("mkfs", "3", doc(image(3, ""), "one-rg")).ok();
        assertEquals("OpenNebula-Image-3\n", mk.stdout());
        one.ds("rm", "3", doc(image(3, "OpenNebula-Image-3"), "one-rg")).ok();
        String full = one.ds("mkfs", "4", doc(image(4, ""), "five")).failedWithOneLine();
        assertTrue(full.contains("Not enough available nodes"), full);
        assertEquals(0, sim.state.resourceDefinitionCount());
        assertEquals(1, one.ds("snap_revert", "3", doc(image(3, "OpenNebula-Image-3"), "one-rg")).exit());
    }
}
