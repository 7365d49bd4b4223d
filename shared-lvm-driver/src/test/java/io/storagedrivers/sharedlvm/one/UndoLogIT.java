package io.storagedrivers.sharedlvm.one;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.storagedrivers.sharedlvm.one.OneXmlBuilder.Disk;
import io.storagedrivers.spi.VolumeRef;
import io.storagedrivers.testsupport.ShimHarness;
import io.storagedrivers.testsupport.ShimHarness.Result;
import io.storagedrivers.testsupport.TestBed;

/**
 * After a failed TM action, the VM's log says what was undone (issue 14): a premigrate to a host
 * that cannot be reached ends with one "undone after the failure" line carrying the VM id, before
 * the one error line, and the disk stays active only where it was.
 */
class UndoLogIT {

    @Test
    void failedPremigrateSaysWhatWasUndoneInTheVmsLog() throws Exception {
        TestBed tb = TestBed.require();
        World w = World.create(tb, "sim");
        String host1 = tb.hosts().get(0);
        List<Disk> disks = List.of(new Disk(0, -1, "", false, false, 4, -1, "fs"));
        w.vm(70, 3, 3, disks, List.of(host1));
        w.h.tm("mkimage", "", "4", "raw", host1 + ":" + w.location + "/100/70/disk.0", "70", "100").ok();

        String vmB64 = ShimHarness.base64(w.vmXml(70, 3, 4, disks, List.of(host1, "nosuchhost")));
        Result r = w.h.tm("premigrate", vmB64, host1, "nosuchhost", w.location + "/100/70/", "70", "100");
        assertEquals(1, r.exit(), r.stderr());
        r.failedWithOneLine();
        assertTrue(r.stderr().lines().anyMatch(l -> l.matches("INFO: 70 \\S*tm/premigrate: undone after the failure: "
                + "ended the migration of \\[.*lv-one-70-0\\] and deactivated \\[.*lv-one-70-0\\] on nosuchhost")),
                r.stderr());
        assertEquals(Set.of(host1), w.inspect.attachments(new VolumeRef(w.vg, "lv-one-70-0")));
    }
}
