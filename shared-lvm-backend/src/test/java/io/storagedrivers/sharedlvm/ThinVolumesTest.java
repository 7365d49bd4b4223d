package io.storagedrivers.sharedlvm;

import static io.storagedrivers.sharedlvm.Lvm.CMD;
import static io.storagedrivers.sharedlvm.Lvm.lv;
import static io.storagedrivers.sharedlvm.Lvm.lvs;
import static io.storagedrivers.sharedlvm.Lvm.lvsJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.BackendException.Kind;
import io.storagedrivers.spi.Capability;
import io.storagedrivers.spi.VolumeRef;
import io.storagedrivers.testsupport.FakeRunners.Host;
import io.storagedrivers.testsupport.FakeRunners.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Thin volumes on a shared VG (LVM_THIN_ENABLE): each volume in its own pool, snapshot verbs run
 * where the pool is active (the VM's host) or here when it is active nowhere, the pool grown
 * before a snapshot; a plain VG refuses snapshots in one line.
 */
class ThinVolumesTest {
    static final long MIB = 1024L * 1024;
    static final String VG = "vg-one-100";
    static final VolumeRef DISK = new VolumeRef(VG, "lv-one-7-0");
    static final String POOL = "lv-one-7-0.pool";
    static final String SNAP = "lv-one-7-0.snap.one-snap-0";

    final FakeRunners runners = new FakeRunners();
    final Host fe = runners.frontend;
    final Host host1 = runners.lockdHost("host1");
    /** What the frontend's lvs of the VG answers (the tests change it as LVM would). */
    final List<String[]> rows = new ArrayList<>();

    ThinVolumesTest() {
        fe.otherwise(c -> c.argv().equals(lvs(VG)) ? Reply.ok(lvsJson(VG, rows.toArray(String[][]::new))) : null);
    }

    /** @param lockType what {@code vgs -o lock_type} answers; null: the test must not ask */
    SharedLvmBackend backend(String lockType) {
        if (lockType != null) {
            fe.expect(CMD.reports().lockType(VG).argv(), lockType);
        }
        return new SharedLvmBackend(VG, SharedLvmSettings.from(Map.of("LVM_THIN_ENABLE", "yes", "HOSTS", "host1")),
                runners, runners.locks(), () -> true, 4 * MIB);
    }

    @AfterEach
    void allExpectedCommandsRan() {
        runners.verifyAllCalled();
    }

    @Test
    void aPlainVgRefusesSnapshotsInOneLineAndMakesPlainLvs() {
        SharedLvmBackend b = backend("  \n");
        assertFalse(b.capabilities().contains(Capability.SNAPSHOTS));
        BackendException e = assertThrows(BackendException.class, () -> b.createSnapshot(DISK, "one-snap-0"));
        assertEquals(Kind.UNSUPPORTED, e.kind());
        assertEquals("snapshots on shared LVM need a shared VG (vgcreate --shared) and LVM_THIN_ENABLE=yes;"
                + " vg-one-100 is a plain VG (docs/lvmlockd.md)", e.getMessage());
        assertEquals(List.of("local: vgs --noheadings -o lock_type vg-one-100"), runners.journal);
    }

    @Test
    void aSharedVgMakesEachVolumeAThinVolumeInItsOwnPool() {
        SharedLvmBackend b = backend("  sanlock\n");
        assertTrue(b.capabilities().containsAll(List.of(Capability.SNAPSHOTS, Capability.THIN)));
        List<String> lvcreate = CMD.lvcreateThin(VG, POOL, DISK.name(), 8 * MIB, List.of()).argv();
        fe.expect(CMD.lvcreateThinPool(VG, POOL, 8 * MIB).argv(), "").expect(lvcreate, "")
                .expect(CMD.deactivate(VG, POOL).argv(), "");
        runners.journal.clear();
        Host made = fe.check(c -> {
            if (c.argv().equals(lvcreate)) {
                rows.add(lv(DISK.name(), 8 * MIB, "Vwi---tz--", ""));
            }
        });
        assertEquals(8 * MIB, b.create(DISK, 8 * MIB).sizeBytes());
        assertEquals(fe, made);
        assertEquals(List.of("lock vg-one-100",
                "local: lvs --reportformat json --units b --nosuffix -o lv_name,vg_name,lv_uuid,lv_size,lv_attr,lv_active,lv_tags"
                        + " vg-one-100 [selected: lv-one-7-0]",
                "local: lvs --reportformat json --units b --nosuffix -o lv_name,vg_name,lv_uuid,lv_size,lv_attr,lv_active,lv_tags"
                        + " vg-one-100 [selected: lv-one-7-0.pool]",
                "local: lvcreate --type thin-pool -an -Zy -L 8388608b -n lv-one-7-0.pool -y vg-one-100",
                "local: lvcreate -an -V 8388608b -T vg-one-100/lv-one-7-0.pool -n lv-one-7-0 -y",
                "local: lvchange -an vg-one-100/lv-one-7-0.pool",
                "local: lvs --reportformat json --units b --nosuffix -o lv_name,vg_name,lv_uuid,lv_size,lv_attr,lv_active,lv_tags"
                        + " vg-one-100 [selected: lv-one-7-0]",
                "unlock vg-one-100"), runners.journal);
    }

    @Test
    void aThinVolumeThatCannotBeMadeLeavesNoPoolBehind() {
        SharedLvmBackend b = backend("  sanlock\n");
        List<String> lvcreate = CMD.lvcreateThin(VG, POOL, DISK.name(), 8 * MIB, List.of()).argv();
        fe.expect(CMD.lvcreateThinPool(VG, POOL, 8 * MIB).argv(), "")
                .expect(lvcreate, 5, "", "  Insufficient free space: 2 extents needed, but only 1 available\n")
                .expect(CMD.lvremove(VG, POOL).argv(), "");
        assertThrows(BackendException.class, () -> b.create(DISK, 8 * MIB));
        assertTrue(runners.journal.contains("local: lvremove -y vg-one-100/lv-one-7-0.pool"), runners.journal.toString());
    }

    @Test
    void aSnapshotOfARunningVmsDiskIsTakenOnItsHostAfterThePoolGrew() {
        rows.add(lv(DISK.name(), 8 * MIB, "Vwi---tz--", ""));
        rows.add(lv(POOL, 8 * MIB, "twi---tz--", ""));
        SharedLvmBackend b = backend("sanlock\n");
        host1.expect(lvs(VG), lvsJson(VG, lv(DISK.name(), 8 * MIB, "Vwi-aotz--", ""), lv(POOL, 8 * MIB, "twi-aotz--", "")))
                .expect(CMD.lvextend(VG, POOL, 16 * MIB).argv(), "")
                .expect(CMD.thinSnapshot(VG, DISK.name(), SNAP, List.of()).argv(), "");
        b.preferringHost("host1").createSnapshot(DISK, "one-snap-0");
        assertEquals(List.of("host1: lvextend -L 16777216b vg-one-100/lv-one-7-0.pool",
                "host1: lvcreate -s -an -kn -n lv-one-7-0.snap.one-snap-0 -y vg-one-100/lv-one-7-0"),
                runners.journal.subList(runners.journal.size() - 2, runners.journal.size()));
    }

    @Test
    void aRevertMakesTheSnapshotTheVolumeAgainAndActivatesItWhereItWas() {
        rows.add(lv(DISK.name(), 8 * MIB, "Vwi---tz--", ""));
        rows.add(lv(POOL, 16 * MIB, "twi---tz--", ""));
        rows.add(lv(SNAP, 8 * MIB, "Vwi---tz--", ""));
        SharedLvmBackend b = backend("sanlock\n");
        host1.expect(lvs(VG), lvsJson(VG, lv(DISK.name(), 8 * MIB, "Vwi-a-tz--", "")))
                .expect(CMD.thinSnapshot(VG, SNAP, "lv-one-7-0.revert", List.of()).argv(), "")
                .expect(CMD.lvremove(VG, DISK.name()).argv(), "")
                .expect(CMD.lvrename(VG, "lv-one-7-0.revert", DISK.name()).argv(), "")
                .expect(CMD.activate(VG, DISK.name()).argv(), "");
        b.revertSnapshot(DISK, "one-snap-0");
        assertEquals(List.of("host1: lvcreate -s -an -kn -n lv-one-7-0.revert -y vg-one-100/lv-one-7-0.snap.one-snap-0",
                "host1: lvremove -y vg-one-100/lv-one-7-0",
                "host1: lvrename vg-one-100 lv-one-7-0.revert lv-one-7-0",
                "host1: lvchange -ay vg-one-100/lv-one-7-0"),
                runners.journal.subList(runners.journal.size() - 4, runners.journal.size()));
    }

    @Test
    void aSnapshotOfAVolumeActiveNowhereIsDeletedHereAndSnapshotsAreListedByName() {
        rows.add(lv(DISK.name(), 8 * MIB, "Vwi---tz--", ""));
        rows.add(lv(POOL, 24 * MIB, "twi---tz--", ""));
        rows.add(lv(SNAP, 8 * MIB, "Vwi---tz--", ""));
        rows.add(lv("lv-one-7-0.snap.one-snap-1", 8 * MIB, "Vwi---tz--", ""));
        SharedLvmBackend b = backend("sanlock\n");
        assertEquals(List.of("one-snap-0", "one-snap-1"), b.snapshots(DISK));
        // a host that cannot be asked: is it released as gone (storage host-release)? no
        fe.expect(CMD.reports().vgTags(VG).argv(), "{\"report\":[{\"vg\":[{\"vg_name\":\"" + VG + "\",\"vg_tags\":\"\"}]}]}");
        assertEquals(List.of(DISK.name()), b.list(VG).stream().map(v -> v.ref().name()).toList());
        host1.expect(lvs(VG), lvsJson(VG));
        fe.expect(CMD.lvremove(VG, SNAP).argv(), "").expect(CMD.deactivate(VG, POOL).argv(), "");
        b.deleteSnapshot(DISK, "one-snap-0");
        // LVM activated the pool here for the change: lvmlockd keeps its lock until lvchange -an
        assertEquals(List.of("local: lvremove -y vg-one-100/lv-one-7-0.snap.one-snap-0",
                "local: lvchange -an vg-one-100/lv-one-7-0.pool"),
                runners.journal.subList(runners.journal.size() - 2, runners.journal.size()));
    }

    @Test
    void deletingAThinVolumeRemovesItsPoolWithItsSnapshots() {
        rows.add(lv(DISK.name(), 8 * MIB, "Vwi---tz--", ""));
        rows.add(lv(POOL, 16 * MIB, "twi---tz--", ""));
        SharedLvmBackend b = backend(null); // the report says thin: no need to ask what locks the VG
        fe.expect(CMD.lvremove(VG, POOL).argv(), "");
        b.delete(DISK, false);
        assertTrue(runners.journal.contains("local: lvremove -y vg-one-100/lv-one-7-0.pool"));
    }

    @Test
    void aThinVolumeGrowsWhereItIsActivePoolFirst() {
        rows.add(lv(DISK.name(), 8 * MIB, "Vwi---tz--", ""));
        rows.add(lv(POOL, 8 * MIB, "twi---tz--", ""));
        SharedLvmBackend b = backend("sanlock\n");
        host1.expect(lvs(VG), lvsJson(VG, lv(DISK.name(), 8 * MIB, "Vwi-aotz--", "")))
                .expect(CMD.lvextend(VG, POOL, 16 * MIB).argv(), "")
                .expect(CMD.lvextend(VG, DISK.name(), 16 * MIB).argv(), "");
        b.resize(DISK, 16 * MIB, java.util.Set.of("host1"));
        assertEquals(List.of("host1: lvextend -L 16777216b vg-one-100/lv-one-7-0.pool",
                "host1: lvextend -L 16777216b vg-one-100/lv-one-7-0"),
                runners.journal.stream().filter(l -> l.contains("lvextend")).toList());
    }

    @Test
    void aThinVolumeIsNotLiveMigratedAndNothingChanges() {
        rows.add(lv(DISK.name(), 8 * MIB, "Vwi---tz--", ""));
        SharedLvmBackend b = backend("sanlock\n");
        BackendException e = assertThrows(BackendException.class, () -> b.beginMigration(DISK, "host1", "host2"));
        assertEquals(Kind.UNSUPPORTED, e.kind());
        assertTrue(e.getMessage().contains("cannot be live-migrated"), e.getMessage());
        assertTrue(runners.journal.stream().noneMatch(l -> l.startsWith("host")), runners.journal.toString());
    }
}
