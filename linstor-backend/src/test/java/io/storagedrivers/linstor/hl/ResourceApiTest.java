package io.storagedrivers.linstor.hl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.storagedrivers.linstor.api.LinstorApiException;
import io.storagedrivers.linstor.api.LinstorException;
import io.storagedrivers.linstor.api.RetCodes;
import io.storagedrivers.linstor.sim.SimFixture;
import io.storagedrivers.spi.Sizes;

/** Every high-level operation against the simulated controller (each exchange checked against the spec). */
class ResourceApiTest {
    private final SimFixture sim = SimFixture.thin("node1", "node2", "node3");
    private final Linstor ls = sim.linstor();

    @AfterEach
    void close() {
        sim.close();
    }

    private Resource placed(String name, int redundancy) {
        Resource r = ls.resource(name);
        r.placement().redundancy(redundancy);
        r.addVolume("10 GiB");
        return r.autoplace();
    }

    @Test
    void createIsLazyAndIdempotent() {
        Resource r = ls.resource("vol1");
        assertFalse(r.defined());
        assertEquals(0, sim.state.resourceDefinitionCount());
        r.define();
        r.define();
        assertEquals("vol1", r.linstorName());
        assertEquals("DfltRscGrp", r.resourceGroup());
        assertTrue(ls.resource("VOL1").defined(), "names are case-insensitive");
    }

    @Test
    void volumesTakeHumanSizesAndGetMinorsFrom1000() {
        Resource r = ls.resource("vol1");
        Volume v0 = r.addVolume("10 GiB");
        Volume v1 = r.addVolume("10G");
        Volume v2 = r.addVolume(String.valueOf(Sizes.MIB + 1));
        assertEquals(10 * Sizes.GIB, v0.sizeBytes());
        assertEquals(10 * Sizes.GIB, v1.sizeBytes());
        assertEquals(Sizes.MIB + Sizes.KIB, v2.sizeBytes(), "rounded up to KiB");
        assertEquals(List.of(1000, 1001, 1002), List.of(v0.minor(), v1.minor(), v2.minor()));
    }

    @Test
    void autoplaceUsesRedundancyAndIsATargetCount() {
        Resource r = placed("vol1", 2);
        assertEquals(2, r.nodes().diskfulNodes().size());
        r.autoplace();
        assertEquals(2, r.nodes().diskfulNodes().size(), "re-running adds nothing");
        r.placement().redundancy(3);
        r.autoplace();
        assertEquals(Set.of("node1", "node2", "node3"), r.nodes().diskfulNodes());
    }

    @Test
    void autoplaceWithTooFewNodesFailsAndLeavesNothing() {
        Resource r = ls.resource("vol1");
        r.placement().redundancy(4);
        r.addVolume("1G");
        LinstorApiException e = assertThrows(LinstorApiException.NotEnoughNodes.class, r::autoplace);
        assertEquals(RetCodes.FAIL_NOT_ENOUGH_NODES, e.code());
        assertTrue(e.getMessage().startsWith("Not enough available nodes"), e.getMessage());
        assertTrue(r.refresh().nodes().diskfulNodes().isEmpty());
        assertEquals(Map.of("node1", 100L << 20, "node2", 100L << 20, "node3", 100L << 20),
                sim.state.freeKib("DfltStorPool"));
    }

    @Test
    void spawnWithTooFewNodesLeavesNoDefinition() {
        ResourceGroup rg = ls.resourceGroup("rg4").redundancy(4);
        assertThrows(LinstorApiException.NotEnoughNodes.class, () -> rg.spawn("vol1", List.of(Sizes.GIB)));
        assertEquals(0, sim.state.resourceDefinitionCount());
    }

    @Test
    void activateIsDisklessWhereNoDataAndDeactivateRemovesOnlyThat() {
        Resource r = placed("vol1", 2);
        String data = r.nodes().diskfulNodes().iterator().next();
        String client = Set.of("node1", "node2", "node3").stream().filter(n -> !r.nodes().isAssigned(n)).findFirst().orElseThrow();
        assertEquals("/dev/drbd/by-res/vol1/0", r.activate(client));
        assertTrue(r.nodes().isDiskless(client));
        assertEquals("/dev/drbd/by-res/vol1/0", r.activate(client), "idempotent");
        assertEquals("/dev/drbd/by-res/vol1/0", r.activate(data));
        assertTrue(r.nodes().isDiskful(data));
        r.deactivate(data);
        assertTrue(r.nodes().isDiskful(data), "diskful replica kept");
        r.deactivate(client);
        assertFalse(r.nodes().isAssigned(client));
        r.deactivate(client);
    }

    @Test
    void activateOnEmptyResourceCreatesADiskfulReplica() {
        Resource r = ls.resource("vol1");
        r.addVolume("1G");
        assertEquals("/dev/drbd/by-res/vol1/0", r.activate("node2"));
        assertTrue(r.nodes().isDiskful("node2"));
    }

    @Test
    void growClusterWideAndRefuseShrink() {
        Resource r = placed("vol1", 2);
        r.volume(0).resize("20G");
        assertEquals(20 * Sizes.GIB, r.volume(0).sizeBytes());
        r.volume(0).resize("20G");
        assertThrows(IllegalArgumentException.class, () -> r.volume(0).resize("5G"));
    }

    @Test
    void growBeyondThickPoolIsRefusedByTheController() {
        try (SimFixture thick = SimFixture.of("LVM", "n1", "n2")) {
            Linstor l = thick.linstor();
            Resource r = l.resource("vol1");
            r.placement().redundancy(2);
            r.addVolume("10G");
            r.autoplace();
            LinstorApiException e = assertThrows(LinstorApiException.class, () -> r.volume(0).resize("200G"));
            assertEquals(RetCodes.FAIL_NOT_ENOUGH_FREE_SPACE, e.code());
            assertThrows(LinstorApiException.class, () -> r.snapshotCreate("s1"), "thick LVM has no snapshots");
        }
    }

    @Test
    void disklessDiskfulConversion() {
        Resource r = placed("vol1", 1);
        String other = Set.of("node1", "node2", "node3").stream().filter(n -> !r.nodes().isAssigned(n)).findFirst().orElseThrow();
        r.diskless(other);
        assertTrue(r.nodes().isDiskless(other));
        r.diskful(other);
        assertTrue(r.nodes().isDiskful(other));
        r.diskful(other);
        r.diskless(other);
        assertTrue(r.nodes().isDiskless(other));
    }

    @Test
    void deleteOfMissingResourceSucceeds() {
        ls.resource("never-made").delete();
        sim.client().api().deleteResourceDefinition("never-made");
        sim.client().api().deleteResource("never-made", "node1");
        sim.client().api().deleteSnapshot("never-made", "s1");
        Resource r = placed("vol1", 1);
        r.delete("node3");
        r.delete();
        assertFalse(r.defined());
        assertEquals(0, sim.state.resourceDefinitionCount());
    }

    @Test
    void deleteWhileInUseIsRefused() {
        Resource r = placed("vol1", 2);
        String n = r.nodes().diskfulNodes().iterator().next();
        sim.state.setInUse("vol1", n, true);
        assertThrows(LinstorApiException.InUse.class, r::delete);
        assertTrue(r.refresh().nodes().inUseNodes().contains(n));
        sim.state.setInUse("vol1", n, false);
        r.delete();
    }

    @Test
    void snapshotRestoreIntoNewResource() {
        Resource r = placed("vol1", 2);
        sim.state.writeData("vol1", "v1");
        r.snapshotCreate("snap1");
        sim.state.writeData("vol1", "v2");
        Resource copy = r.restoreFromSnapshot("snap1", "vol1-copy");
        assertEquals("v1", sim.state.data("vol1-copy"));
        assertEquals(r.nodes().diskfulNodes(), copy.nodes().diskfulNodes());
        assertEquals(10 * Sizes.GIB, copy.volume(0).sizeBytes());
        assertNotEquals(r.volume(0).minor(), copy.volume(0).minor());
        assertEquals(List.of("snap1"), r.snapshots());
        r.snapshotDelete("snap1");
        assertEquals(List.of(), r.snapshots());
    }

    @Test
    void restoreOfMissingSnapshotLeavesNoTarget() {
        Resource r = placed("vol1", 1);
        assertThrows(LinstorApiException.NotFound.class, () -> r.restoreFromSnapshot("nope", "vol2"));
        assertFalse(ls.resource("vol2").defined());
    }

    @Test
    void rollbackRestoresDataAndKeepsSnapshot() {
        Resource r = placed("vol1", 2);
        sim.state.writeData("vol1", "before");
        r.snapshotCreate("snap1");
        sim.state.writeData("vol1", "after");
        String n = r.nodes().diskfulNodes().iterator().next();
        sim.state.setInUse("vol1", n, true);
        assertThrows(LinstorApiException.InUse.class, () -> r.snapshotRollback("snap1"));
        assertEquals("after", sim.state.data("vol1"));
        sim.state.setInUse("vol1", n, false);
        r.snapshotRollback("snap1");
        assertEquals("before", sim.state.data("vol1"));
        assertEquals(List.of("snap1"), r.snapshots());
        assertThrows(LinstorApiException.Exists.class, () -> r.delete(false));
    }

    @Test
    void serverSideCloneIsPolledUntilComplete() {
        sim.state.setClonePolls(3);
        Resource r = placed("vol1", 2);
        sim.state.writeData("vol1", "gold");
        Resource c = r.clone("vol1-clone");
        assertEquals("gold", sim.state.data("vol1-clone"));
        assertEquals(r.nodes().diskfulNodes(), c.nodes().diskfulNodes());
        assertEquals("vol1", c.props().get("cloned-from"));
    }

    @Test
    void failedCloneIsRemoved() {
        Resource r = placed("vol1", 2);
        sim.state.setClonePolls(1000);
        Thread killer = new Thread(() -> {
            while (true) {
                try {
                    sim.state.failClone("vol1-clone");
                    return;
                } catch (RuntimeException notYet) {
                    Thread.onSpinWait();
                }
            }
        });
        killer.start();
        LinstorException e = assertThrows(LinstorException.class, () -> r.clone("vol1-clone"));
        assertTrue(e.getMessage().contains("failed"), e.getMessage());
        assertFalse(ls.resource("vol1-clone").defined());
    }

    @Test
    void cloneViaSnapshotLeavesNoTemporarySnapshot() {
        Resource r = placed("vol1", 2);
        sim.state.writeData("vol1", "gold");
        Resource c = r.cloneViaSnapshot("vol2");
        assertEquals("gold", sim.state.data("vol2"));
        assertEquals(List.of(), r.snapshots());
        assertEquals(List.of(), c.snapshots());
    }

    @Test
    void spawnFromResourceGroup() {
        ResourceGroup rg = ls.resourceGroup("one-rg").redundancy(3);
        assertEquals(3, rg.redundancy());
        Resource r = rg.spawn("OpenNebula-Image-7", List.of(2 * Sizes.GIB));
        assertEquals("one-rg", r.resourceGroup());
        assertEquals(3, r.nodes().diskfulNodes().size());
        Resource defOnly = ls.spawn("one-rg", "vol-def", List.of(Sizes.GIB), true, null);
        assertTrue(defOnly.defined());
        assertTrue(defOnly.nodes().diskfulNodes().isEmpty());
        assertThrows(LinstorApiException.class, rg::delete, "still used");
        r.delete();
        defOnly.delete();
        rg.delete();
        rg.delete();
    }

    @Test
    void allowTwoPrimariesToggles() {
        Resource r = placed("vol1", 2);
        assertTrue(r.allowTwoPrimaries(true).allowTwoPrimaries());
        assertFalse(r.allowTwoPrimaries(false).allowTwoPrimaries());
    }

    @Test
    void nonLinstorNamesBecomeExternalNames() {
        Resource r = ls.resource("my volume #1");
        r.addVolume("1G");
        assertEquals("my_volume__1", r.linstorName());
        assertTrue(ls.resource("my volume #1").defined());
        assertThrows(IllegalArgumentException.class, () -> r.restoreFromSnapshot("s", "bad name"));
    }

    @Test
    void storageOnlyLayerListGivesTheBackingDevice() {
        Resource r = ls.resource("plain");
        r.placement().redundancy(1).layerList(List.of("storage"));
        r.addVolume("1G");
        r.autoplace();
        String node = r.nodes().diskfulNodes().iterator().next();
        assertEquals("/dev/vg_dfltstorpool/plain_00000", r.nodes().devicePath(node, 0));
        assertNull(r.nodes().devicePath("nowhere", 0));
    }

    @Test
    void thinPoolsAreReportedThin() {
        assertTrue(placed("vol1", 1).isThin());
    }
}
