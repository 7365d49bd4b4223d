package io.storagedrivers.linstor.one;

import static io.storagedrivers.linstor.one.OneStage.image;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.storagedrivers.linstor.hl.Resource;
import io.storagedrivers.linstor.one.OneStage.Disk;
import io.storagedrivers.linstor.sim.SimFixture;

/**
 * A VM's life on the linstor driver, every step through its shim as oned runs it, against the
 * simulated controller (nodes named like the test bed's hosts, plus a storage-only node) with the
 * host-side steps (VM directory, /dev/drbd links) done on the test bed's hosts over SSH: images,
 * deploy (clone, persistent, CD-ROM, volatile, context), live migration and a failed one,
 * undeploy/resume, disk snapshots, resize, save-as, terminate. Images are all that is left.
 */
class LinstorLifecycleIT {
    private LinstorWorld w;
    private SimFixture sim;
    private OneStage one;
    private String host1;
    private String host2;
    private String imageDs;

    @BeforeEach
    void setUp() throws Exception {
        w = new LinstorWorld();
        sim = w.sim;
        one = w.one;
        host1 = w.host1;
        host2 = w.host2;
        imageDs = w.imageDs;
    }

    @AfterEach
    void tearDown() throws Exception {
        if (w != null) { // null when setUp skipped the test (no test bed)
            w.close();
        }
    }

    private Resource rd(String name) {
        return w.rd(name);
    }

    private void assertLink(String sysDir, int disk, String rsc, String host) throws Exception {
        Path link = Path.of(sysDir, "disk." + disk);
        assertEquals(rd(rsc).nodes().devicePath(host, 0), Files.readSymbolicLink(link).toString(), link.toString());
        assertTrue(rd(rsc).nodes().isAssigned(host), rsc + " on " + host);
    }

    @Test
    void vmLifecycle() throws Exception {
        // images: 10 (OS, cloned), 11 (persistent), 12 (CD-ROM); data marked in the simulator
        for (int id : new int[] {10, 11, 12}) {
            assertEquals("OpenNebula-Image-" + id + "\n", one.ds("mkfs", Integer.toString(id),
                    image(id, "", 64, "raw", id == 11, id == 12 ? 1 : 0, -1), imageDs).ok().stdout());
            sim.state.writeData("OpenNebula-Image-" + id, "image-" + id);
        }
        assertEquals("OpenNebula-Image-13 raw\n", one.ds("clone", "13", image(13, "", 64, "raw", false, 0, -1)
                .replace("<PATH></PATH>", "<PATH>OpenNebula-Image-10</PATH>").replace("<CLONING_ID>-1",
                        "<CLONING_ID>10"), imageDs).ok().stdout());
        assertEquals("image-10", sim.state.data("OpenNebula-Image-13"));

        // deploy VM 42 on host1
        String sysDir = one.location + "/100/42";
        List<Disk> disks = List.of(new Disk(0, 10, true, false, 128, "BLOCK", ""),
                new Disk(1, 11, false, true, 64, "BLOCK", ""), new Disk(2, 12, false, false, 64, "CDROM", ""),
                new Disk(3, -1, false, false, 32, "fs", ""));
        one.vm(42, 3, 1, disks, List.of(host1));
        String clone = "OpenNebula-Image-10-vm42-disk0";
        one.tm("clone", "", "localhost:OpenNebula-Image-10", host1 + ":" + one.location + "//100/42/disk.0", "42",
                "101").ok();
        one.tm("ln", "", "localhost:OpenNebula-Image-11", host1 + ":" + sysDir + "/disk.1", "42", "101").ok();
        one.tm("ln", "", "localhost:OpenNebula-Image-12", host1 + ":" + sysDir + "/disk.2", "42", "101").ok();
        one.tm("mkimage", "", "32", "raw", host1 + ":" + sysDir + "/disk.3", "42", "100").ok();
        Path ctx = Files.writeString(one.work.resolve("context.sh"), "ETH0_IP='10.0.0.5'\n");
        one.tm("context", "", ctx.toString(), host1 + ":" + sysDir + "/disk.9", "42", "100").ok();
        assertLink(sysDir, 0, clone, host1);
        assertLink(sysDir, 1, "OpenNebula-Image-11", host1);
        assertLink(sysDir, 2, "OpenNebula-Image-12", host1);
        assertLink(sysDir, 3, "OpenNebula-Volatile-vm42-disk3", host1);
        assertTrue(Files.size(Path.of(sysDir, "disk.9")) >= 32768, "context ISO");
        assertEquals("image-10", sim.state.data(clone));
        assertEquals(LinstorWorld.SYS_RG, rd(clone).resourceGroup());
        assertEquals(128L << 20, rd(clone).volume(0).sizeBytes(), "clone grown to the DISK SIZE");

        // live migration host1 -> host2: both sides during the move, two primaries only then
        List<String> vols = List.of(clone, "OpenNebula-Image-11", "OpenNebula-Image-12",
                "OpenNebula-Volatile-vm42-disk3");
        String vm = OneStage.base64(one.vm(42, 3, 4, disks, List.of(host1, host2)));
        one.tm("premigrate", vm, host1, host2, one.location + "/100/42/", "42", "100").ok();
        for (String v : vols) {
            assertTrue(rd(v).nodes().isAssigned(host1) && rd(v).nodes().isAssigned(host2), v);
            assertTrue(rd(v).allowTwoPrimaries(), v + " allows two primaries during the move");
        }
        one.tm("postmigrate", vm, host1, host2, sysDir, "42", "100").ok();
        for (String v : vols) {
            assertFalse(rd(v).allowTwoPrimaries(), v + " two primaries cleared");
            assertTrue(rd(v).nodes().isAssigned(host2), v);
            assertTrue(rd(v).nodes().isDiskful(host1) || !rd(v).nodes().isAssigned(host1), v + " diskless on the source removed");
        }
        assertLink(sysDir, 0, clone, host2);

        // a failed migration back to host1: failmigrate clears two primaries and the destination
        one.vm(42, 3, 4, disks, List.of(host1, host2, host1));
        one.tm("premigrate", vm, host2, host1, sysDir, "42", "100").ok();
        assertTrue(rd(clone).allowTwoPrimaries());
        one.tm("failmigrate", vm, host2, host1, sysDir, "42", "100").ok();
        for (String v : vols) {
            assertFalse(rd(v).allowTwoPrimaries(), v);
            assertTrue(rd(v).nodes().isAssigned(host2), v + " still on the VM's host");
            assertTrue(rd(v).nodes().isDiskful(host1) || !rd(v).nodes().isAssigned(host1), v + " diskless on host1 removed");
        }
        one.vm(42, 3, 3, disks, List.of(host1, host2));

        // undeploy (disks leave host2) and resume on host1
        one.vm(42, 3, 30, disks, List.of(host1, host2));
        for (int d = 0; d < 4; d++) {
            one.tm("mv", "", host2 + ":" + sysDir + "/disk." + d, "localhost:" + sysDir + "/disk." + d, "42", "100").ok();
        }
        one.tm("mv", "", host2 + ":" + sysDir, "localhost:" + sysDir, "42", "100").ok();
        for (String v : vols.subList(0, 1)) {
            assertTrue(rd(v).nodes().isDiskful(host2) || !rd(v).nodes().isAssigned(host2), v + " released on host2");
        }
        assertTrue(rd("OpenNebula-Image-12").nodes().isAssigned(host2), "CD-ROM stays: other VMs may use it");
        one.vm(42, 3, 9, disks, List.of(host1, host2, host1));
        for (int d = 0; d < 4; d++) {
            one.tm("mv", "", "localhost:" + sysDir + "/disk." + d, host1 + ":" + sysDir + "/disk." + d, "42", "100").ok();
        }
        one.tm("mv", "", "localhost:" + sysDir, host1 + ":" + sysDir, "42", "100").ok();
        assertLink(sysDir, 0, clone, host1);

        // poweroff: disk snapshots of the copy and of the persistent image, revert, delete
        one.vm(42, 8, 0, disks, List.of(host1, host2, host1));
        String d0 = host1 + ":" + sysDir + "/disk.0";
        sim.state.writeData(clone, "state-0");
        one.tm("snap_create", "", d0, "0", "42", "101").ok();
        sim.state.writeData(clone, "state-1");
        one.tm("snap_create", "", d0, "1", "42", "101").ok();
        one.tm("snap_create", "", host1 + ":" + sysDir + "/disk.1", "0", "42", "101").ok();
        assertEquals(List.of("OpenNebula-Snap-0"), rd("OpenNebula-Image-11").snapshots());
        one.tm("snap_delete", "", d0, "1", "42", "101").ok();
        sim.state.writeData(clone, "changed");
        one.tm("snap_revert", "", d0, "0", "42", "101").ok();
        assertEquals("state-0", sim.state.data(clone));
        assertEquals(List.of("OpenNebula-Snap-0"), rd(clone).snapshots());
        one.tm("snap_delete", "", d0, "1", "42", "101").ok(); // already gone: fine

        // resize, then save-as of disk 0 into image 14
        one.tm("resize", "", d0, "256", "42", "100").ok();
        assertEquals(256L << 20, rd(clone).volume(0).sizeBytes());
        assertEquals("OpenNebula-Image-14\n", one.ds("mkfs", "14", image(14, "", 256, "save_as", false, 0, -1), imageDs)
                .ok().stdout());
        one.tm("cpds", "", d0, "OpenNebula-Image-14", "-1", "42", "101").ok();
        assertEquals("state-0", sim.state.data("OpenNebula-Image-14"));
        assertEquals(LinstorWorld.IMG_RG, rd("OpenNebula-Image-14").resourceGroup());
        assertEquals(256L << 20, rd("OpenNebula-Image-14").volume(0).sizeBytes());

        // terminate: the copy and the volatile disk go; persistent image and CD-ROM stay
        one.vm(42, 6, 0, disks, List.of(host1, host2, host1));
        one.tm("delete", "", d0, "42", "100").ok();
        one.tm("mvds", "", host1 + ":" + sysDir + "/disk.1", "OpenNebula-Image-11", "42", "101").ok();
        one.tm("delete", "", host1 + ":" + sysDir + "/disk.1", "42", "101").ok(); // recover path: kept
        one.tm("delete", "", host1 + ":" + sysDir + "/disk.2", "42", "101").ok();
        one.tm("delete", "", host1 + ":" + sysDir + "/disk.3", "42", "100").ok();
        one.tm("delete", "", host1 + ":" + sysDir + "/disk.9", "42", "100").ok();
        one.tm("delete", "", host1 + ":" + sysDir, "42", "100").ok();
        one.tm("delete", "", d0, "42", "100").ok(); // a re-run finds nothing: fine
        assertFalse(Files.exists(Path.of(sysDir)));
        assertEquals(Set.of("OpenNebula-Image-10", "OpenNebula-Image-11", "OpenNebula-Image-12",
                "OpenNebula-Image-13", "OpenNebula-Image-14"), w.definitions(), "only the images are left");
        assertEquals(List.of("OpenNebula-Snap-0"), rd("OpenNebula-Image-11").snapshots(), "image snapshot kept");
        assertTrue(rd("OpenNebula-Image-11").nodes().isDiskful(host1) || !rd("OpenNebula-Image-11").nodes().isAssigned(host1));

        // image snapshot of the persistent image: revert, then rm of every image
        one.ds("snap_revert", "11", image(11, "OpenNebula-Image-11", 64, "raw", true, 0, 0), imageDs).ok();
        for (int id = 10; id <= 14; id++) {
            one.ds("rm", Integer.toString(id), image(id, "OpenNebula-Image-" + id, 64, "raw", false, 0, -1), imageDs)
                    .ok();
        }
        assertEquals(Set.of(), w.definitions());
    }
}
