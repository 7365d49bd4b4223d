package io.storagedrivers.linstor.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.storagedrivers.linstor.hl.Linstor;
import io.storagedrivers.linstor.hl.Resource;
import io.storagedrivers.linstor.sim.SimFixture;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.Progress;
import io.storagedrivers.spi.Sizes;
import io.storagedrivers.spi.VolumeRef;

/**
 * Layer stacks (LINSTOR_LAYER_LIST) and data locality (LINSTOR_LOCALITY) against the simulated
 * controller, whose answers are checked against LINSTOR's OpenAPI spec on close: NVMe-oF as
 * LINSTOR does it (target on the diskful node, initiator on a client; no DRBD), so a host without
 * local disks attaches over NVMe-oF; one INFO line per attach says how the host reaches its data.
 */
class LayersAndLocalityTest {
    private final SimFixture sim = SimFixture.thin("store1", "store2");
    private final List<String> notices = new ArrayList<>();

    LayersAndLocalityTest() {
        sim.state.addNode("client1", "LVM_THIN", 0); // no storage pool of its own
        try (Linstor ls = sim.linstor()) {
            ls.resourceGroup("one").redundancy(1);
        }
    }

    private LinstorBackend backend(Map<String, String> settings) {
        return new LinstorBackend(sim.client(), LinstorSettings.from(settings), new io.storagedrivers.testsupport.FakeRunners().succeedAll(), false)
                .onNotice(notices::add);
    }

    private Resource rd(String name) {
        try (Linstor ls = sim.linstor()) {
            return ls.resource(name);
        }
    }

    @AfterEach
    void close() {
        sim.close(); // fails on any OpenAPI violation of the controller's answers
    }

    @Test
    void nvmeOfTargetOnTheDiskfulNodeInitiatorOnAClientWithoutDisks() {
        VolumeRef v = new VolumeRef("one", "vol-nvme");
        try (LinstorBackend be = backend(Map.of("LINSTOR_LAYER_LIST", "nvme,storage"))) {
            be.create(v, Sizes.GIB);
            Resource r = rd(v.name());
            String target = r.nodes().diskfulNodes().iterator().next();
            String dev = be.attach(v, "client1");
            assertEquals("/dev/nvme0n1", dev);
            r = rd(v.name());
            assertTrue(r.nodes().isNvmeInitiator("client1"));
            assertTrue(r.nodes().isDiskless("client1"));
            assertEquals(List.of("vol-nvme attached over NVMe-oF on client1 (initiator), target on " + target), notices);
            try (Linstor ls = sim.linstor()) {
                var rsc = ls.client().api().viewResources(List.of(v.name()), List.of("client1")).get(0);
                assertFalse(rsc.flags().contains("DRBD_DISKLESS"), "no DRBD on an initiator: " + rsc.flags());
                assertEquals("NVME", rsc.layerObject().type());
                var target0 = ls.client().api().viewResources(List.of(v.name()), List.of(target)).get(0);
                assertEquals("NVME", target0.layerObject().type());
                assertEquals("STORAGE", target0.layerObject().children().get(0).type());
            }
            assertEquals("/dev/vg_dfltstorpool/vol-nvme_00000", be.attach(v, target), "the target uses its disk");
            assertEquals("vol-nvme uses its local replica on " + target, notices.get(1));
            be.detach(v, "client1");
            assertFalse(rd(v.name()).nodes().isAssigned("client1"));
            assertTrue(rd(v.name()).nodes().isDiskful(target));
        }
    }

    @Test
    void drbdStacksAttachDisklessAtTheStablePath() {
        VolumeRef v = new VolumeRef("one", "vol-drbd");
        try (LinstorBackend be = backend(Map.of("LINSTOR_LAYER_LIST", "drbd,storage"))) {
            be.create(v, Sizes.GIB);
            assertEquals("/dev/drbd/by-res/vol-drbd/0", be.attach(v, "client1"));
            assertTrue(notices.get(0).startsWith("vol-drbd attached diskless on client1, data on store"), notices.get(0));
        }
    }

    @Test
    void storageOnlyHasNoNetworkPathSoADisklessHostIsRefused() {
        VolumeRef v = new VolumeRef("one", "vol-local");
        try (LinstorBackend be = backend(Map.of("LINSTOR_LAYER_LIST", "storage"))) {
            be.create(v, Sizes.GIB);
            BackendException e = assertThrows(BackendException.class, () -> be.attach(v, "client1"));
            assertTrue(e.getMessage().startsWith("cannot attach vol-local on client1: "), e.getMessage());
            assertFalse(rd(v.name()).nodes().isAssigned("client1"));
        }
    }

    @Test
    void layerListsAreChecked() {
        BackendException e = assertThrows(BackendException.class,
                () -> LinstorSettings.from(Map.of("LINSTOR_LAYER_LIST", "drbd,luks")));
        assertEquals("invalid LINSTOR_LAYER_LIST \"drbd,luks\": use drbd,storage, storage, nvme,storage or "
                + "drbd,nvme,storage", e.getMessage());
        assertEquals(List.of("DRBD", "NVME", "STORAGE"), LinstorSettings.layerList(" DRBD, nvme ,storage"));
    }

    @Test
    void localityReplicaAddsOneOnTheHostWhenTheGroupCan() {
        VolumeRef v = new VolumeRef("one", "vol-loc");
        try (LinstorBackend be = backend(Map.of("LINSTOR_LOCALITY", "replica"))) {
            be.create(v, Sizes.GIB);
            String other = rd(v.name()).nodes().isDiskful("store1") ? "store2" : "store1";
            be.attach(v, other);
            assertTrue(rd(v.name()).nodes().isDiskful(other));
            assertEquals("vol-loc got a replica on " + other + " (LINSTOR_LOCALITY=replica); it syncs in the background",
                    notices.get(0));
            be.attach(v, "client1"); // no pool there: diskless, and the log says why
            assertTrue(rd(v.name()).nodes().isDiskless("client1"));
            assertTrue(notices.get(1).startsWith("vol-loc could not get a replica on client1 ("), notices.get(1));
            assertTrue(notices.get(1).contains("; attached diskless on client1, data on store1, store2"), notices.get(1));
        }
        assertThrows(BackendException.class, () -> LinstorSettings.from(Map.of("LINSTOR_LOCALITY", "near")));
    }

    @Test
    void volumesMadeForAHostGetAReplicaThereWhenTheGroupAllows() {
        VolumeRef img = new VolumeRef("one", "img");
        try (LinstorBackend be = backend(Map.of())) {
            be.create(img, Sizes.GIB);
            String other = rd("img").nodes().isDiskful("store1") ? "store2" : "store1";
            VolumeRef c1 = new VolumeRef("one", "img-vm1");
            be.preferringHost(other).clone(img, c1, 0, Progress.NONE);
            assertTrue(rd(c1.name()).nodes().isDiskful(other), "server-side clone, then a replica on the deploy host");
            assertEquals("img-vm1 placed with a replica on " + other + " (the host it is made for)",
                    notices.get(notices.size() - 1));
            VolumeRef c2 = new VolumeRef("one", "img-vm2");
            be.preferringHost("client1").clone(img, c2, 0, Progress.NONE);
            assertFalse(rd(c2.name()).nodes().isAssigned("client1"), "no pool there: placed as the group places it");
            assertTrue(notices.get(notices.size() - 1).startsWith("img-vm2 has no replica on client1 ("));
            VolumeRef vol = new VolumeRef("one", "vm1-volatile");
            be.preferringHost(other).create(vol, Sizes.GIB);
            assertEquals(java.util.Set.of(other), rd(vol.name()).nodes().diskfulNodes(), "the group's one replica, on the host");
        }
        try (LinstorBackend copy = backend(Map.of("LINSTOR_CLONE_MODE", "copy"))) {
            String other = rd("img").nodes().isDiskful("store1") ? "store2" : "store1";
            VolumeRef c3 = new VolumeRef("one", "img-vm3");
            copy.preferringHost(other).clone(img, c3, 0, Progress.NONE);
            assertEquals(java.util.Set.of(other), rd(c3.name()).nodes().diskfulNodes());
        }
    }
}
