package io.storagedrivers.linstor.one;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.storagedrivers.linstor.hl.Linstor;
import io.storagedrivers.linstor.sim.SimFixture;

/** The linstor datastore actions in-process (argv, stdin document, stdout, stderr, exit code) against the simulator. */
class LinstorDsActionsTest {
    private final SimFixture sim = SimFixture.thin("node1", "node2", "node3");

    LinstorDsActionsTest() {
        try (Linstor ls = sim.linstor()) {
            ls.resourceGroup("one-rg").redundancy(2);
        }
    }

    @AfterEach
    void close() {
        sim.close();
    }

    record Result(int code, String out, String err) {
    }

    private String dsXml(String extraTemplate) {
        return "<DATASTORE><ID>100</ID><NAME>linstor-images</NAME><DS_MAD>linstor</DS_MAD><TM_MAD>linstor</TM_MAD>"
                + "<BASE_PATH>/var/lib/one/datastores/100</BASE_PATH><TYPE>0</TYPE><TEMPLATE>"
                + "<BRIDGE_LIST>node1 node2</BRIDGE_LIST><DISK_TYPE>BLOCK</DISK_TYPE>"
                + "<LINSTOR_CONTROLLERS>" + sim.controller().linstorUri() + "</LINSTOR_CONTROLLERS>"
                + extraTemplate + "</TEMPLATE></DATASTORE>";
    }

    private static String imageXml(int id, String source, String path, int sizeMb, String format) {
        return "<IMAGE><ID>" + id + "</ID><NAME>img" + id + "</NAME><TYPE>2</TYPE><PERSISTENT>0</PERSISTENT>"
                + "<SOURCE><![CDATA[" + source + "]]></SOURCE><PATH><![CDATA[" + path + "]]></PATH>"
                + "<FORMAT>" + format + "</FORMAT><FS></FS><SIZE>" + sizeMb + "</SIZE><STATE>4</STATE>"
                + "<CLONING_ID>-1</CLONING_ID><DATASTORE_ID>100</DATASTORE_ID><TEMPLATE></TEMPLATE></IMAGE>";
    }

    private Result ds(String action, String id, String imageXml, String template) {
        String doc = "<DS_DRIVER_ACTION_DATA>" + imageXml + dsXml(template) + "</DS_DRIVER_ACTION_DATA>";
        String b64 = Base64.getEncoder().encodeToString(doc.getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new LinstorCommands.Ds().run(action, List.of(id), new PrintStream(out, true), new PrintStream(err,
                true), new ByteArrayInputStream(b64.getBytes(StandardCharsets.UTF_8)), Map.of());
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static final String RG = "<LINSTOR_RESOURCE_GROUP>one-rg</LINSTOR_RESOURCE_GROUP>";

    @Test
    void monitorDividesByThePlaceCount() {
        Result r = ds("monitor", "100", "", RG);
        assertEquals(0, r.code(), r.err());
        assertEquals("USED_MB=0 FREE_MB=153600 TOTAL_MB=153600", r.out().strip());
    }

    @Test
    void mkfsCloneRm() {
        Result mk = ds("mkfs", "5", imageXml(5, "", "", 1024, "save_as"), RG);
        assertEquals(0, mk.code(), mk.err());
        assertEquals("OpenNebula-Image-5", mk.out().strip());
        sim.state.writeData("OpenNebula-Image-5", "gold");
        Result cl = ds("clone", "6", imageXml(6, "", "OpenNebula-Image-5", 1024, "raw"), RG);
        assertEquals(0, cl.code(), cl.err());
        assertEquals("OpenNebula-Image-6 raw", cl.out().strip());
        assertEquals("gold", sim.state.data("OpenNebula-Image-6"));
        assertEquals(0, ds("rm", "6", imageXml(6, "OpenNebula-Image-6", "", 1024, "raw"), RG).code());
        assertEquals(0, ds("rm", "6", imageXml(6, "OpenNebula-Image-6", "", 1024, "raw"), RG).code());
        assertEquals(1, sim.state.resourceDefinitionCount());
    }

    @Test
    void notEnoughNodesIsOneClearLineAndLeavesNothing() {
        try (Linstor ls = sim.linstor()) {
            ls.resourceGroup("five").redundancy(5);
        }
        Result r = ds("mkfs", "7", imageXml(7, "", "", 1024, "save_as"),
                "<LINSTOR_RESOURCE_GROUP>five</LINSTOR_RESOURCE_GROUP>");
        assertEquals(1, r.code());
        assertEquals("", r.out());
        List<String> plain = r.err().lines().filter(l -> !l.startsWith("ERROR:") && !l.startsWith("INFO:")).toList();
        assertEquals(1, plain.size(), r.err());
        assertTrue(plain.get(0).contains("Not enough available nodes"), plain.get(0));
        assertEquals(0, sim.state.resourceDefinitionCount());
    }

    private static String persistentImage(int id, int targetSnapshot) {
        return imageXml(id, "OpenNebula-Image-" + id, "", 64, "raw")
                .replace("<PERSISTENT>0</PERSISTENT>", "<PERSISTENT>1</PERSISTENT>")
                .replace("<CLONING_ID>", "<TARGET_SNAPSHOT>" + targetSnapshot + "</TARGET_SNAPSHOT><CLONING_ID>");
    }

    @Test
    void imageSnapshotsDeleteRevertFlatten() {
        assertEquals(0, ds("mkfs", "20", imageXml(20, "", "", 64, "save_as"), RG).code());
        try (Linstor ls = sim.linstor()) {
            var r = ls.resource("OpenNebula-Image-20");
            for (int i = 0; i < 4; i++) {
                sim.state.writeData("OpenNebula-Image-20", "v" + i);
                r.snapshotCreate("OpenNebula-Snap-" + i);
            }
            r.snapshotCreate("operator-own");
            sim.state.writeData("OpenNebula-Image-20", "now");
        }
        Result del = ds("snap_delete", "20", persistentImage(20, 1), RG);
        assertEquals(0, del.code(), del.err());
        assertEquals("", del.out());
        Result rev = ds("snap_revert", "20", persistentImage(20, 3), RG);
        assertEquals(0, rev.code(), rev.err());
        assertEquals("v3", sim.state.data("OpenNebula-Image-20"));
        Result flat = ds("snap_flatten", "20", persistentImage(20, 2), RG);
        assertEquals(0, flat.code(), flat.err());
        assertEquals("v2", sim.state.data("OpenNebula-Image-20"));
        try (Linstor ls = sim.linstor()) {
            assertEquals(List.of("operator-own"), ls.resource("OpenNebula-Image-20").snapshots(),
                    "flatten drops every OpenNebula snapshot and nothing else");
        }
        Result missing = ds("snap_revert", "20", persistentImage(20, -1), RG);
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("TARGET_SNAPSHOT"), missing.err());
        Result gone = ds("snap_revert", "20", persistentImage(20, 7), RG);
        assertEquals(1, gone.code());
        assertTrue(gone.err().lines().anyMatch(l -> l.contains("OpenNebula-Snap-7") && !l.startsWith("ERROR:")),
                gone.err());
    }

    @Test
    void olderAttributesMakeAResourceGroup() {
        Result r = ds("mkfs", "8", imageXml(8, "", "", 512, "save_as"), "<LINSTOR_AUTO_PLACE>3</LINSTOR_AUTO_PLACE>");
        assertEquals(0, r.code(), r.err());
        try (Linstor ls = sim.linstor()) {
            assertEquals(3, ls.resource("OpenNebula-Image-8").nodes().diskfulNodes().size());
            assertEquals("OpenNebula-DS-100", ls.resource("OpenNebula-Image-8").resourceGroup());
        }
    }

    @Test
    void hostileSourceIsRefused() {
        Result r = ds("rm", "9", imageXml(9, "x;rm -rf /", "", 1, "raw"), RG);
        assertEquals(1, r.code());
        assertTrue(r.err().contains("not a LINSTOR resource name"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void controllerDownIsAClearError() {
        Result r = ds("monitor", "100", "", RG + "<LINSTOR_CONTROLLERS>linstor://127.0.0.1:1</LINSTOR_CONTROLLERS>");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no LINSTOR controller reachable"), r.err());
    }
}
