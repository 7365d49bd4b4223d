package io.storagedrivers.one.datastore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

import io.storagedrivers.exec.CommandFailedException;
import io.storagedrivers.one.ActionContext;
import io.storagedrivers.one.OneDriverProfile;
import io.storagedrivers.one.Reply;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeInfo;
import io.storagedrivers.spi.VolumeRef;
import io.storagedrivers.testsupport.FakeRunners;

/** DS export stages the image as a file and detaches it again, whatever happens (logic only: fake hosts, mock backend). */
class DsExportTest {
    private static final VolumeRef REF = new VolumeRef("vg1", "img-one-5");
    private static final String DIR = "/var/tmp/storage-drivers-export";
    private static final String FILE = DIR + "/ds101-image5.raw";

    private final VolumeBackend backend = mock(VolumeBackend.class);
    private final OneDriverProfile profile = mock(OneDriverProfile.class);
    private final FakeRunners runners = new FakeRunners();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    DsExportTest() {
        when(profile.backend(any())).thenReturn(backend);
        when(profile.volumeOfSource(any(), any())).thenReturn(REF);
        when(backend.find(REF)).thenReturn(Optional.of(VolumeInfo.of(REF, 8L << 20)));
    }

    private void export(String bridgeList) {
        String doc = "<DS_DRIVER_ACTION_DATA><IMAGE><ID>5</ID><SOURCE>vg1/img-one-5</SOURCE><SIZE>8</SIZE></IMAGE>"
                + "<DATASTORE><ID>101</ID><NAME>images</NAME><TEMPLATE><BRIDGE_LIST>" + bridgeList
                + "</BRIDGE_LIST></TEMPLATE></DATASTORE></DS_DRIVER_ACTION_DATA>";
        String b64 = Base64.getEncoder().encodeToString(doc.getBytes(StandardCharsets.UTF_8));
        Reply reply = new Reply(new PrintStream(out, true), new PrintStream(new ByteArrayOutputStream(), true), "", false);
        ActionContext ctx = new ActionContext(profile, runners, null, reply,
                new ByteArrayInputStream(b64.getBytes(StandardCharsets.UTF_8)), Map.of("DD", "/usr/bin/dd"));
        new DsExport().run(List.of("7"), ctx);
    }

    private static void stages(FakeRunners.Host h, String device) {
        h.expect(List.of("mkdir", "-p", "-m", "0700", DIR), "")
                .expect(List.of("chmod", "0700", DIR), "")
                .expect(List.of("/usr/bin/dd", "if=" + device, "of=" + FILE, "bs=4M", "conv=sparse", "status=none"), "")
                .expect(List.of("md5sum", FILE), "0123abcd  " + FILE + "\n");
    }

    @Test
    void fromTheFrontendTheStagedFileIsTheSourceAndTheMarketplaceDisposesOfIt() {
        when(backend.attach(REF, "localhost")).thenReturn("/dev/vg1/img-one-5");
        stages(runners.host("localhost"), "/dev/vg1/img-one-5");
        export("");
        String o = out.toString(StandardCharsets.UTF_8);
        assertTrue(o.contains("<IMPORT_SOURCE><![CDATA[" + FILE + "]]></IMPORT_SOURCE>"), o);
        assertTrue(o.contains("<MD5><![CDATA[0123abcd]]></MD5>") && o.contains("<DISPOSE>YES</DISPOSE>"), o);
        InOrder order = inOrder(backend);
        order.verify(backend).attach(REF, "localhost");
        order.verify(backend).detach(REF, "localhost");
        runners.verifyAllCalled();
    }

    @Test
    void fromABridgeHostTheSourceIsSshAndNotDisposed() {
        when(backend.attach(REF, "node1")).thenReturn("/dev/vg1/img-one-5");
        stages(runners.declare("node1"), "/dev/vg1/img-one-5");
        export("node1");
        String o = out.toString(StandardCharsets.UTF_8);
        assertTrue(o.contains("<IMPORT_SOURCE><![CDATA[ssh://node1:" + FILE + "]]></IMPORT_SOURCE>"), o);
        assertTrue(o.contains("<DISPOSE>NO</DISPOSE>"), o);
        org.mockito.Mockito.verify(backend).detach(REF, "node1");
        runners.verifyAllCalled();
    }

    @Test
    void aFailedCopyRemovesThePartialFileAndStillDetaches() {
        when(backend.attach(REF, "node1")).thenReturn("/dev/vg1/img-one-5");
        runners.declare("node1").expect(List.of("mkdir", "-p", "-m", "0700", DIR), "")
                .expect(List.of("chmod", "0700", DIR), "")
                .expect(List.of("/usr/bin/dd", "if=/dev/vg1/img-one-5", "of=" + FILE, "bs=4M", "conv=sparse",
                        "status=none"), 1, "", "No space left on device")
                .expect(List.of("rm", "-f", FILE), "");
        assertThrows(CommandFailedException.class, () -> export("node1"));
        org.mockito.Mockito.verify(backend).detach(REF, "node1");
        assertEquals("", out.toString(StandardCharsets.UTF_8), "no IMPORT_INFO after a failure");
        runners.verifyAllCalled();
    }

    @Test
    void aStagingDirectorySomeoneElseOwnsIsRefusedBeforeAnythingIsActivated() {
        runners.declare("node1").expect(List.of("mkdir", "-p", "-m", "0700", DIR), "")
                .expect(List.of("chmod", "0700", DIR), 1, "", "Operation not permitted");
        assertThrows(CommandFailedException.class, () -> export("node1"));
        org.mockito.Mockito.verify(backend, org.mockito.Mockito.never()).attach(any(), any());
    }
}
