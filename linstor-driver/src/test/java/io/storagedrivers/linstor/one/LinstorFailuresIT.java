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
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.storagedrivers.linstor.api.dto.StoragePool;
import io.storagedrivers.linstor.one.OneStage.Disk;
import io.storagedrivers.testsupport.ShimHarness.Result;

/**
 * Controller errors through the shims: not enough nodes, a resource in use, the controller down,
 * a failed server-side clone, a failing host-side step, a migration to an offline node. Each gives
 * one clear stderr line (what oned shows) and leaves nothing half-made. Also the DS/TM monitor
 * capacity formula.
 */
class LinstorFailuresIT {
    private LinstorWorld w;
    private OneStage one;
    private String sysDir;

    @BeforeEach
    void setUp() throws Exception {
        w = new LinstorWorld();
        one = w.one;
        sysDir = one.location + "/100/42";
    }

    @AfterEach
    void tearDown() throws Exception {
        if (w != null) { // null when setUp skipped the test (no test bed)
            w.close();
        }
    }

    private void makeImage(int id, boolean persistent) throws Exception {
        one.ds("mkfs", Integer.toString(id), image(id, "", 64, "raw", persistent, 0, -1), w.imageDs).ok();
        w.sim.state.writeData("OpenNebula-Image-" + id, "image-" + id);
    }

    @Test
    void notEnoughNodesLeavesNoVolumeAndNoLink() throws Exception {
        w.ls.resourceGroup("four").redundancy(4);
        w.datastore(102, true, "four");
        one.vm(43, 3, 1, List.of(new Disk(0, -1, false, false, 32, "fs", "")), List.of(w.host1));
        String line = one.tm("mkimage", "", "32", "raw", w.host1 + ":" + one.location + "/102/43/disk.0", "43", "102")
                .failedWithOneLine();
        assertTrue(line.contains("Not enough available nodes"), line);
        assertEquals(Set.of(), w.definitions());
        assertFalse(Files.exists(Path.of(one.location, "102/43/disk.0"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void failingMkfsOnTheHostRemovesTheVolume() throws Exception {
        one.vm(42, 3, 1, List.of(new Disk(0, -1, false, false, 32, "fs", "ext4")), List.of(w.host1));
        String line = one.tm("mkimage", "", "32", "raw", w.host1 + ":" + sysDir + "/disk.0", "42", "100")
                .failedWithOneLine();
        assertTrue(line.contains("mkfs"), line); // the simulated /dev/drbd device does not exist on the host
        assertEquals(Set.of(), w.definitions());
        assertFalse(Files.exists(Path.of(sysDir, "disk.0"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void resourceInUseRefusesRevertAndKeepsTheData() throws Exception {
        makeImage(11, true);
        List<Disk> disks = List.of(new Disk(0, 11, false, true, 64, "BLOCK", ""));
        one.vm(42, 8, 0, disks, List.of(w.host1));
        one.tm("ln", "", "localhost:OpenNebula-Image-11", w.host1 + ":" + sysDir + "/disk.0", "42", "101").ok();
        one.tm("snap_create", "", w.host1 + ":" + sysDir + "/disk.0", "0", "42", "101").ok();
        w.sim.state.writeData("OpenNebula-Image-11", "newer");
        w.sim.state.setInUse("OpenNebula-Image-11", w.host1, true);
        String line = one.tm("snap_revert", "", w.host1 + ":" + sysDir + "/disk.0", "0", "42", "101")
                .failedWithOneLine();
        assertTrue(line.contains("in use"), line);
        assertEquals("newer", w.sim.state.data("OpenNebula-Image-11"));
        w.sim.state.setInUse("OpenNebula-Image-11", w.host1, false);
        one.tm("snap_revert", "", w.host1 + ":" + sysDir + "/disk.0", "0", "42", "101").ok();
        assertEquals("image-11", w.sim.state.data("OpenNebula-Image-11"));
    }

    @Test
    void controllerDownIsOneLineAndNoLink() throws Exception {
        makeImage(11, true);
        String down = one.datastore(101, false, Map.of("LINSTOR_CONTROLLERS", "linstor://127.0.0.1:1",
                "LINSTOR_RESOURCE_GROUP", LinstorWorld.IMG_RG, "BRIDGE_LIST", w.host1));
        one.vm(42, 3, 1, List.of(new Disk(0, 11, false, true, 64, "BLOCK", "")), List.of(w.host1));
        String line = one.tm("ln", "", "localhost:OpenNebula-Image-11", w.host1 + ":" + sysDir + "/disk.0", "42", "101")
                .failedWithOneLine();
        assertTrue(line.contains("no LINSTOR controller reachable"), line);
        assertFalse(Files.exists(Path.of(sysDir, "disk.0"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertTrue(one.ds("monitor", "101", "", down).failedWithOneLine().contains("no LINSTOR controller reachable"));
    }

    @Test
    void failedCloneLeavesNothing() throws Exception {
        makeImage(10, false);
        one.vm(42, 3, 1, List.of(new Disk(0, 10, true, false, 128, "BLOCK", "")), List.of(w.host1));
        String target = "OpenNebula-Image-10-vm42-disk0";
        w.sim.state.setClonePolls(100);
        CompletableFuture<Result> run = CompletableFuture.supplyAsync(() -> {
            try {
                return one.tm("clone", "", "localhost:OpenNebula-Image-10", w.host1 + ":" + sysDir + "/disk.0", "42",
                        "101");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        while (!w.definitions().contains(target) && !run.isDone()) {
            Thread.sleep(50);
        }
        w.sim.state.failClone(target);
        String line = run.get().failedWithOneLine();
        assertTrue(line.contains(target), line);
        assertEquals(Set.of("OpenNebula-Image-10"), w.definitions());
        assertFalse(Files.exists(Path.of(sysDir, "disk.0"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void failedPremigrateIsUndone() throws Exception {
        makeImage(11, true);
        makeImage(12, true);
        List<Disk> disks = List.of(new Disk(0, 11, false, true, 64, "BLOCK", ""),
                new Disk(1, 12, false, true, 64, "BLOCK", ""));
        one.vm(42, 3, 3, disks, List.of(w.host1));
        one.tm("ln", "", "localhost:OpenNebula-Image-11", w.host1 + ":" + sysDir + "/disk.0", "42", "101").ok();
        one.tm("ln", "", "localhost:OpenNebula-Image-12", w.host1 + ":" + sysDir + "/disk.1", "42", "101").ok();
        String rsc = "OpenNebula-Image-11";
        boolean diskfulOnHost2 = w.rd(rsc).nodes().isDiskful(w.host2);
        // the second disk's resource vanished behind OpenNebula's back: premigrate fails after the first
        w.ls.resource("OpenNebula-Image-12").delete(true);
        String vm = OneStage.base64(one.vm(42, 3, 4, disks, List.of(w.host1, w.host2)));
        String line = one.tm("premigrate", vm, w.host1, w.host2, sysDir, "42", "100").failedWithOneLine();
        assertTrue(line.contains("OpenNebula-Image-12"), line);
        assertFalse(w.rd(rsc).allowTwoPrimaries(), "two primaries cleared by the undo");
        assertEquals(diskfulOnHost2, w.rd(rsc).nodes().isAssigned(w.host2), "no diskless resource left on host2");
        one.tm("failmigrate", vm, w.host1, w.host2, sysDir, "42", "100").ok(); // then the VMM runs this
        assertTrue(w.rd(rsc).nodes().isAssigned(w.host1));
    }

    @Test
    void monitorIsTheGroupsPoolsDividedByThePlaceCount() throws Exception {
        w.ls.resourceGroup("mon").redundancy(2).storagePools(List.of("DfltStorPool"));
        String ds = w.datastore(103, false, "mon");
        makeImage(11, true);
        long free = 0;
        for (StoragePool p : w.ls.client().storagePools(null, null)) {
            if ("DfltStorPool".equals(p.storagePoolName())) {
                free += p.freeCapacity() / 2;
            }
        }
        // hosts 100 GiB each, store3 50 GiB, two replicas: (100 + 100 + 50) / 2 GiB
        String expected = "USED_MB=" + (128000 - free / 1024) + " FREE_MB=" + free / 1024 + " TOTAL_MB=128000\n";
        assertEquals(expected, one.ds("monitor", "103", "", ds).ok().stdout());
        assertEquals(expected, one.tm("monitor", OneStage.base64("<DS_DRIVER_ACTION_DATA>" + ds
                + "</DS_DRIVER_ACTION_DATA>"), "103").ok().stdout());
    }
}
