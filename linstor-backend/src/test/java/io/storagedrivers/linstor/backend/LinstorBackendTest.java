package io.storagedrivers.linstor.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.storagedrivers.linstor.hl.Linstor;
import io.storagedrivers.linstor.sim.SimFixture;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.BackendException.Kind;
import io.storagedrivers.backends.Backends;
import io.storagedrivers.spi.ImageSource;
import io.storagedrivers.spi.PoolInfo;
import io.storagedrivers.spi.Progress;
import io.storagedrivers.spi.Sizes;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeInfo;
import io.storagedrivers.spi.VolumeRef;
import io.storagedrivers.testsupport.FakeRunners;

/** LinstorBackend over the SPI against the simulated controller; host commands are recorded, not run. */
class LinstorBackendTest {
    private final SimFixture sim = SimFixture.thin("node1", "node2", "node3");
    private final FakeRunners runners = new FakeRunners().succeedAll();
    private final LinstorBackend be = backend(Map.of());
    private final VolumeRef vol = new VolumeRef("one", "OpenNebula-Image-1");

    LinstorBackendTest() {
        try (Linstor ls = sim.linstor()) {
            ls.resourceGroup("one").redundancy(2);
        }
    }

    private LinstorBackend backend(Map<String, String> settings) {
        return new LinstorBackend(sim.client(), LinstorSettings.from(settings), runners, false);
    }

    @AfterEach
    void close() {
        be.close();
        sim.close();
    }

    @Test
    void poolsAreResourceGroupsWithCapacityDividedByPlaceCount() {
        PoolInfo one = be.pool("one");
        assertEquals(3 * 100 * Sizes.GIB / 2, one.totalBytes());
        assertTrue(one.thin());
        assertTrue(be.pools().stream().anyMatch(p -> p.name().equals("DfltRscGrp")));
        BackendException e = assertThrows(BackendException.class, () -> be.pool("nope"));
        assertEquals(Kind.NOT_FOUND, e.kind());
    }

    /** storage host-release: not needed on LINSTOR, said in one line with LINSTOR's own way (issue 15). */
    @Test
    void hostReleaseIsNotNeededAndSaysWhatToDoInstead() {
        io.storagedrivers.spi.BackendException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.storagedrivers.spi.BackendException.class, () -> be.releaseHost("one", "node9"));
        assertEquals(io.storagedrivers.spi.BackendException.Kind.UNSUPPORTED, e.kind());
        assertTrue(e.getMessage().contains("linstor node lost node9"), e.getMessage());
        assertEquals(java.util.Set.of(), be.releasedHosts("one"));
    }

    @Test
    void createIsIdempotentAndListed() {
        VolumeInfo v = be.create(vol, 10 * Sizes.GIB);
        assertEquals(10 * Sizes.GIB, v.sizeBytes());
        assertEquals(2, v.activeOn().size());
        assertEquals("/dev/drbd/by-res/OpenNebula-Image-1/0", v.properties().get("device"));
        assertEquals(v, be.create(vol, 5 * Sizes.GIB));
        assertEquals(Kind.INVALID, assertThrows(BackendException.class, () -> be.create(vol, 20 * Sizes.GIB)).kind());
        assertEquals(List.of("OpenNebula-Image-1"), be.list("one").stream().map(i -> i.ref().name()).toList());
        assertEquals(List.of(), be.list("DfltRscGrp"));
    }

    @Test
    void createWithTooFewNodesIsNoSpaceAndLeavesNothing() {
        try (Linstor ls = sim.linstor()) {
            ls.resourceGroup("big").redundancy(5);
        }
        BackendException e = assertThrows(BackendException.class,
                () -> be.create(new VolumeRef("big", "v1"), Sizes.GIB));
        assertEquals(Kind.NO_SPACE, e.kind());
        assertTrue(e.getMessage().contains("Not enough available nodes"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertTrue(be.find(new VolumeRef("big", "v1")).isEmpty());
    }

    @Test
    void attachIsDisklessWhereNoDataAndDetachKeepsReplicas() {
        be.create(vol, Sizes.GIB);
        Set<String> data = Set.copyOf(List.of(be.find(vol).orElseThrow().properties().get("diskful_nodes").split(",")));
        String host = Set.of("node1", "node2", "node3").stream().filter(n -> !data.contains(n)).findFirst().orElseThrow();
        assertEquals("/dev/drbd/by-res/OpenNebula-Image-1/0", be.attach(vol, host));
        assertEquals("/dev/drbd/by-res/OpenNebula-Image-1/0", be.attach(vol, host));
        assertEquals(Set.of("node1", "node2", "node3"), be.attachments(vol));
        be.detach(vol, host);
        be.detach(vol, host);
        String replica = data.iterator().next();
        be.detach(vol, replica);
        assertEquals(data, be.attachments(vol));
        assertEquals(Kind.NOT_FOUND, assertThrows(BackendException.class, () -> be.attach(vol, "node9")).kind());
        assertEquals(Kind.NOT_FOUND, assertThrows(BackendException.class,
                () -> be.attach(new VolumeRef("one", "missing"), host)).kind());
    }

    @Test
    void migrationTogglesTwoPrimaries() {
        be.create(vol, Sizes.GIB);
        be.beginMigration(vol, "node1", "node3");
        try (Linstor ls = sim.linstor()) {
            assertTrue(ls.resource(vol.name()).allowTwoPrimaries());
            be.endMigration(vol, "node1", "node3", false);
            assertFalse(ls.resource(vol.name()).allowTwoPrimaries());
        }
    }

    @Test
    void resizeGrowsOnly() {
        be.create(vol, Sizes.GIB);
        assertEquals(2 * Sizes.GIB, be.resize(vol, 2 * Sizes.GIB).sizeBytes());
        assertEquals(2 * Sizes.GIB, be.resize(vol, Sizes.GIB).sizeBytes());
    }

    @Test
    void snapshotsRevertAndCreateFrom() {
        be.create(vol, Sizes.GIB);
        sim.state.writeData(vol.name(), "a");
        be.createSnapshot(vol, "OpenNebula-Snap-0");
        sim.state.writeData(vol.name(), "b");
        assertEquals(List.of("OpenNebula-Snap-0"), be.snapshots(vol));
        be.revertSnapshot(vol, "OpenNebula-Snap-0");
        assertEquals("a", sim.state.data(vol.name()));
        VolumeRef copy = new VolumeRef("DfltRscGrp", "restored");
        be.createFromSnapshot(vol, "OpenNebula-Snap-0", copy);
        assertEquals("DfltRscGrp", be.find(copy).orElseThrow().properties().get("resource_group"));
        be.deleteSnapshot(vol, "OpenNebula-Snap-0");
        be.deleteSnapshot(vol, "OpenNebula-Snap-0");
        be.createSnapshot(vol, "s2");
        be.delete(vol, false);
        be.delete(vol, false);
        assertTrue(be.find(vol).isEmpty());
    }

    @Test
    void deleteInUseIsBusy() {
        be.create(vol, Sizes.GIB);
        String n = be.find(vol).orElseThrow().activeOn().iterator().next();
        sim.state.setInUse(vol.name(), n, true);
        assertEquals(Kind.BUSY, assertThrows(BackendException.class, () -> be.delete(vol, false)).kind());
    }

    @Test
    void ensureResourceGroupMendsAGroupLeftHalfConfigured() {
        try (Linstor ls = sim.linstor()) {
            ls.resourceGroup("OpenNebula-DS-7"); // as if a run died right after creating it
        }
        be.ensureResourceGroup("OpenNebula-DS-7", 3, "pool1");
        try (Linstor ls = sim.linstor()) {
            var rg = ls.resourceGroup("OpenNebula-DS-7");
            assertEquals(3, rg.redundancy());
            assertEquals(List.of("pool1"), rg.info().selectFilter().storagePoolList());
        }
    }

    @Test
    void deleteIfUnusedKeepsSnapshotsOfAVolumeInUseAndIgnoresReplicas() {
        be.create(vol, Sizes.GIB);
        be.createSnapshot(vol, "s1");
        String n = be.find(vol).orElseThrow().activeOn().iterator().next();
        sim.state.setInUse(vol.name(), n, true);
        BackendException e = assertThrows(BackendException.class, () -> be.deleteIfUnused(vol, false));
        assertEquals(Kind.BUSY, e.kind());
        assertTrue(e.getMessage().contains(n), e.getMessage());
        assertEquals(List.of("s1"), be.snapshots(vol), "nothing removed before the refusal");
        sim.state.setInUse(vol.name(), n, false);
        be.deleteIfUnused(vol, false); // replicas on two nodes are not "in use"
        assertTrue(be.find(vol).isEmpty());
        be.deleteIfUnused(vol, false); // gone: success
    }

    @Test
    void cloneModes() {
        be.create(vol, Sizes.GIB);
        sim.state.writeData(vol.name(), "gold");
        VolumeRef c1 = new VolumeRef("one", "c1");
        assertEquals(2 * Sizes.GIB, be.clone(vol, c1, 2 * Sizes.GIB, Progress.NONE).sizeBytes());
        assertEquals("gold", sim.state.data("c1"));
        try (LinstorBackend snap = backend(Map.of("LINSTOR_CLONE_MODE", "snapshot"))) {
            snap.clone(vol, new VolumeRef("DfltRscGrp", "c2"), 0, Progress.NONE);
            assertEquals("gold", sim.state.data("c2"));
            assertEquals(List.of(), snap.snapshots(vol));
        }
        try (LinstorBackend copy = backend(Map.of("LINSTOR_CLONE_MODE", "copy"))) {
            copy.clone(vol, new VolumeRef("one", "c3"), 0, Progress.NONE);
        }
        FakeRunners.Call dd = runners.calls().get(runners.calls().size() - 1);
        assertEquals("dd", dd.argv().get(0));
        assertTrue(dd.argv().contains("if=/dev/drbd/by-res/OpenNebula-Image-1/0"), dd.argv().toString());
        assertTrue(dd.argv().contains("count=" + Sizes.GIB), dd.argv().toString());
        assertEquals(Kind.INVALID, assertThrows(BackendException.class,
                () -> backend(Map.of("LINSTOR_CLONE_MODE", "magic"))).kind());
    }

    @Test
    void failedCloneLeavesNoTarget() {
        be.create(vol, Sizes.GIB);
        sim.state.setOnline("node1", false);
        sim.state.setOnline("node2", false);
        sim.state.setOnline("node3", false);
        assertThrows(BackendException.class, () -> be.clone(vol, new VolumeRef("one", "c1"), 0, Progress.NONE));
        assertTrue(be.find(new VolumeRef("one", "c1")).isEmpty());
    }

    @Test
    void importImageStreamsToADataNode(@TempDir Path dir) throws Exception {
        be.create(vol, Sizes.GIB);
        Path img = dir.resolve("img.raw");
        Files.write(img, new byte[8192]);
        be.importImage(vol, new ImageSource(img, "raw", 8192), Progress.NONE);
        FakeRunners.Call dd = runners.calls().get(runners.calls().size() - 1);
        String node = dd.where();
        assertTrue(be.find(vol).orElseThrow().properties().get("diskful_nodes").contains(node));
        // a thin pool's new volume reads as zero: zero blocks are skipped, nothing zeroed first
        assertEquals(List.of("dd", "of=/dev/drbd/by-res/OpenNebula-Image-1/0", "bs=4M", "iflag=fullblock", "conv=sparse,notrunc,fsync",
                "status=none"), dd.argv());
        assertEquals(8192, dd.stdinBytes());
        BackendException big = assertThrows(BackendException.class,
                () -> be.importImage(vol, new ImageSource(img, "raw", 2 * Sizes.GIB), Progress.NONE));
        assertEquals(Kind.INVALID, big.kind());
    }

    @Test
    void deleteWithZeroingWritesZeroesFirst() {
        be.create(vol, Sizes.GIB);
        be.delete(vol, true);
        FakeRunners.Call dd = runners.calls().get(runners.calls().size() - 1);
        assertEquals(List.of("blkdiscard", "--zeroout", "--length", Long.toString(Sizes.GIB), "/dev/drbd/by-res/OpenNebula-Image-1/0"),
                dd.argv());
        assertTrue(be.find(vol).isEmpty());
    }

    /**
     * ZERO_ON_CREATE in a thick pool: a new volume and what a resize adds are zeroed on a diskful
     * node before the call returns (the simulator has no data: the commands are what is shown).
     */
    @Test
    void aThickPoolsNewAndGrownExtentsAreZeroedAThinPoolsAreNot() {
        try (SimFixture thick = SimFixture.of("LVM", "node1", "node2")) {
            try (Linstor ls = thick.linstor()) {
                ls.resourceGroup("one").redundancy(2);
            }
            try (LinstorBackend b = new LinstorBackend(thick.client(), LinstorSettings.from(Map.of()), runners, false)) {
                b.create(vol, Sizes.GIB);
                FakeRunners.Call z = runners.calls().get(runners.calls().size() - 1);
                assertEquals(List.of("blkdiscard", "--zeroout", "--length", Long.toString(Sizes.GIB), "/dev/drbd/by-res/OpenNebula-Image-1/0"),
                        z.argv());
                assertTrue(List.of("node1", "node2").contains(z.where()), z.where());
                b.resize(vol, 2 * Sizes.GIB);
                assertEquals(List.of("blkdiscard", "--zeroout", "--offset", Long.toString(Sizes.GIB), "--length",
                        Long.toString(Sizes.GIB), "/dev/drbd/by-res/OpenNebula-Image-1/0"), runners.calls().get(runners.calls().size() - 1).argv());
            }
            int before = runners.calls().size();
            try (LinstorBackend off = new LinstorBackend(thick.client(), LinstorSettings.from(Map.of("ZERO_ON_CREATE", "no")),
                    runners, false)) {
                off.create(new VolumeRef("one", "unzeroed"), Sizes.GIB);
            }
            assertEquals(before, runners.calls().size(), "ZERO_ON_CREATE=no: nothing run on a node");
        }
        be.create(new VolumeRef("one", "thin"), Sizes.GIB);
        assertTrue(runners.calls().stream().noneMatch(c -> c.argv().contains("/dev/drbd/by-res/thin/0")), "thin: not zeroed");
    }

    /**
     * The thick pool's zero-read rule without data (the simulator keeps none, and its device paths
     * are names, not devices): a copy into a larger target writes every byte of it (the source range
     * dense, the tail past it zeroed), and a delete without zeroing runs nothing on a node, because the next create
     * on those extents zeroes them first.
     */
    @Test
    void aThickPoolsCopyTargetIsZeroedBeforeTheCopyAndADeleteLeavesZeroingToTheNextCreate() {
        try (SimFixture thick = SimFixture.of("LVM", "node1", "node2")) {
            try (Linstor ls = thick.linstor()) {
                ls.resourceGroup("one").redundancy(2);
            }
            LinstorBackend b = new LinstorBackend(thick.client(), LinstorSettings.from(Map.of("LINSTOR_CLONE_MODE",
                    "copy")), runners, false);
            b.create(vol, Sizes.GIB);
            int before = runners.calls().size();
            b.clone(vol, new VolumeRef("one", "c1"), 2 * Sizes.GIB, Progress.NONE);
            List<List<String>> argv = runners.calls().subList(before, runners.calls().size()).stream()
                    .map(FakeRunners.Call::argv).toList();
            List<String> copy = argv.stream().filter(a -> a.get(0).equals("dd")).findFirst().orElseThrow();
            assertTrue(copy.containsAll(List.of("of=/dev/drbd/by-res/c1/0", "seek=0", "count=" + Sizes.GIB))
                    && !copy.contains("conv=sparse,notrunc,fsync"), "the source range written dense: " + copy);
            assertTrue(argv.contains(List.of("blkdiscard", "--zeroout", "--offset", Long.toString(Sizes.GIB), "--length",
                    Long.toString(Sizes.GIB), "/dev/drbd/by-res/c1/0")), "the tail zeroed: " + argv);
            before = runners.calls().size();
            b.delete(new VolumeRef("one", "c1"), false);
            assertEquals(before, runners.calls().size(), "a delete without zeroing runs nothing on a node");
            b.close();
        }
    }

    @Test
    void providerOpensByUri() {
        String uri = sim.controller().linstorUri();
        try (VolumeBackend b = Backends.open(uri + ",127.0.0.1:1", Map.of())) {
            assertEquals("linstor", b.kind());
            assertEquals("1.28.0", b.systemInfo().get("rest_api_version"));
            assertTrue(b.pool("one").totalBytes() > 0);
        }
        assertEquals("linstor+ssl://a:1,linstor+ssl://b", LinstorBackendProvider.controllers(
                java.net.URI.create("linstor+ssl://a:1,b")));
        assertEquals(Kind.INVALID, assertThrows(BackendException.class,
                () -> Backends.open("linstor://a/path", Map.of())).kind());
    }
}
