package io.storagedrivers.sharedlvm;

import static io.storagedrivers.sharedlvm.Lvm.CMD;
import static io.storagedrivers.sharedlvm.Lvm.lv;
import static io.storagedrivers.sharedlvm.Lvm.lvs;
import static io.storagedrivers.sharedlvm.Lvm.lvsJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.BackendException.Kind;
import io.storagedrivers.spi.VolumeInfo;
import io.storagedrivers.spi.VolumeRef;
import io.storagedrivers.testsupport.FakeRunners.Host;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Growing a thick LV ({@link LvProvisioning#resize}): the frontend's commands, the hosts' refresh, LVM's refusals. */
class ResizeTest {
    static final long MIB = 1024L * 1024;
    static final String VG = "vg-one-100";
    static final VolumeRef DISK = new VolumeRef(VG, "lv-one-7-0");
    /** What the hosts are asked (is the LV active there?) before the refresh, in the same request. */
    static final List<String> ACTIVE = List.of("test", "-e", "/dev/" + VG + "/" + DISK.name());

    final FakeRunners runners = new FakeRunners();
    final Host fe = runners.frontend;

    /** ZERO_LVM_ON_CREATE=no: nothing needs the old size. */
    SharedLvmBackend backend() {
        return backend(Map.of("ZERO_LVM_ON_CREATE", "no"));
    }

    SharedLvmBackend backend(Map<String, String> settings) {
        return new SharedLvmBackend(VG, SharedLvmSettings.from(settings), runners, runners.locks(), () -> false, 4 * MIB);
    }

    /** lvextend's stdout (LVM 2.03.16) when it reached exactly the size asked for. */
    static String grown(long fromMib, long toMib) {
        return "  Size of logical volume " + VG + "/" + DISK.name() + " changed from " + fromMib + ".00 MiB ("
                + fromMib / 4 + " extents) to " + toMib + ".00 MiB (" + toMib / 4 + " extents).\n"
                + "  Logical volume " + VG + "/" + DISK.name() + " successfully resized.\n";
    }

    @AfterEach
    void allExpectedCommandsRan() {
        runners.verifyAllCalled();
    }

    @Test
    void withoutZeroingTheLvextendIsTheOnlyFrontendCommandAndEachHostGetsOneRequest() {
        Host host1 = runners.host("host1", true);
        fe.expect(CMD.lvextend(VG, DISK.name(), 16 * MIB).argv(), grown(8, 16));
        host1.expect(ACTIVE, "").expect(CMD.refreshVg(VG).argv(), "");
        VolumeInfo v = backend().resize(DISK, 16 * MIB, Set.of("host1"));
        assertEquals(16 * MIB, v.sizeBytes());
        assertEquals(DISK, v.ref());
        assertEquals(List.of("lock " + VG, "local: lvextend -L " + 16 * MIB + "b " + VG + "/" + DISK.name(), "unlock " + VG,
                "host1: test -e /dev/" + VG + "/" + DISK.name(), "host1: vgchange --refresh " + VG), runners.journal);
    }

    @Test
    void aSizeLvmRoundsUpIsAskedOfAReportOfThatLv() {
        fe.expect(CMD.lvextend(VG, DISK.name(), 17 * MIB).argv(),
                        "  Rounding size to boundary between physical extents: 20.00 MiB.\n" + grown(8, 20))
                .expect(lvs(VG), lvsJson(VG, lv(DISK.name(), 20 * MIB), lv("other", 4 * MIB)));
        assertEquals(20 * MIB, backend().resize(DISK, 17 * MIB, Set.of()).sizeBytes());
        assertEquals(List.of("local: " + String.join(" ", lvs(VG)) + " [selected: lv-one-7-0]"),
                runners.journal.stream().filter(l -> l.startsWith("local: lvs")).toList());
    }

    @Test
    void anLvAlreadyThatSizeIsLeftAsItIsAndStillRefreshed() {
        // a re-run after a crash between the lvextend and the hosts' refresh
        Host host1 = runners.host("host1", true);
        fe.expect(CMD.lvextend(VG, DISK.name(), 16 * MIB).argv(), 5, "",
                        "  New size (4 extents) matches existing size (4 extents).\n")
                .expect(lvs(VG), lvsJson(VG, lv(DISK.name(), 16 * MIB)));
        host1.expect(ACTIVE, "").expect(CMD.refreshVg(VG).argv(), "");
        assertEquals(16 * MIB, backend().resize(DISK, 16 * MIB, Set.of("host1")).sizeBytes());
    }

    @Test
    void aSmallerSizeIsANoOpThatStillRefreshes() {
        Host host1 = runners.host("host1", true);
        fe.expect(CMD.lvextend(VG, DISK.name(), 12 * MIB).argv(), 5,
                        "  Rounding size to boundary between physical extents: 12.00 MiB.\n",
                        "  New size given (3 extents) not larger than existing size (4 extents)\n")
                .expect(lvs(VG), lvsJson(VG, lv(DISK.name(), 16 * MIB)));
        host1.expect(ACTIVE, "").expect(CMD.refreshVg(VG).argv(), "");
        assertEquals(16 * MIB, backend().resize(DISK, 12 * MIB, Set.of("host1")).sizeBytes());
        assertTrue(runners.journal.stream().noneMatch(l -> l.contains("lvreduce")), "" + runners.journal);
    }

    @Test
    void aVgLockAnotherNodeHoldsForAMomentIsWaitedFor() {
        // lvmlockd: nothing changed, sent again (VgMetadata.changeOn)
        fe.expect(CMD.lvextend(VG, DISK.name(), 16 * MIB).argv(), 5, "",
                        "  VG " + VG + " lock failed: held by other host.\n")
                .expect(CMD.lvextend(VG, DISK.name(), 16 * MIB).argv(), grown(8, 16));
        assertEquals(16 * MIB, backend().resize(DISK, 16 * MIB, Set.of()).sizeBytes());
    }

    @Test
    void aMissingLvIsNotFoundAndNoHostIsAsked() {
        runners.host("host1", true);
        fe.expect(CMD.lvextend(VG, DISK.name(), 16 * MIB).argv(), 5, "",
                "  Logical volume lv-one-7-0 not found in volume group vg-one-100.\n");
        BackendException e = assertThrows(BackendException.class, () -> backend().resize(DISK, 16 * MIB, Set.of("host1")));
        assertEquals(Kind.NOT_FOUND, e.kind());
        assertEquals("volume " + VG + "/" + DISK.name() + " not found", e.getMessage());
        assertTrue(runners.journal.stream().noneMatch(l -> l.startsWith("host1")), "" + runners.journal);
    }

    @Test
    void aMissingVgIsNotFound() {
        fe.expect(CMD.lvextend(VG, DISK.name(), 16 * MIB).argv(), 5, "", Lvm.VG_MISSING.formatted(VG, VG));
        assertEquals(Kind.NOT_FOUND, assertThrows(BackendException.class,
                () -> backend().resize(DISK, 16 * MIB, Set.of())).kind());
    }

    @Test
    void noSpaceIsNoSpaceAndNoHostIsAsked() {
        runners.host("host1", true);
        fe.expect(CMD.lvextend(VG, DISK.name(), 16 * MIB).argv(), 5, "",
                "  Insufficient free space: 239 extents needed, but only 32 available\n");
        assertEquals(Kind.NO_SPACE, assertThrows(BackendException.class,
                () -> backend().resize(DISK, 16 * MIB, Set.of("host1"))).kind());
        assertTrue(runners.journal.stream().noneMatch(l -> l.startsWith("host1")), "" + runners.journal);
    }

    @Test
    void aHostWithoutTheDeviceIsNotRefreshed() {
        Host host1 = runners.host("host1", true);
        fe.expect(CMD.lvextend(VG, DISK.name(), 16 * MIB).argv(), grown(8, 16));
        host1.expect(ACTIVE, 1, "", "");
        backend().resize(DISK, 16 * MIB, Set.of("host1"));
        assertTrue(runners.journal.stream().noneMatch(l -> l.contains("--refresh")), "" + runners.journal);
    }

    @Test
    void aHostThatCannotBeAskedFailsTheResizeAfterTheLvGrew() {
        Host host1 = runners.host("host1", true);
        fe.expect(CMD.lvextend(VG, DISK.name(), 16 * MIB).argv(), grown(8, 16));
        host1.unreachable(ACTIVE);
        assertThrows(BackendException.class, () -> backend().resize(DISK, 16 * MIB, Set.of("host1")));
        assertTrue(runners.journal.stream().noneMatch(l -> l.contains("--refresh")), "" + runners.journal);
    }

    @Test
    void aFailedRefreshFailsTheResize() {
        Host host1 = runners.host("host1", true);
        fe.expect(CMD.lvextend(VG, DISK.name(), 16 * MIB).argv(), grown(8, 16));
        host1.expect(ACTIVE, "").expect(CMD.refreshVg(VG).argv(), 5, "", "  device-mapper: reload ioctl failed\n");
        BackendException e = assertThrows(BackendException.class, () -> backend().resize(DISK, 16 * MIB, Set.of("host1")));
        assertTrue(e.getMessage().contains("reload ioctl failed"), e.getMessage());
    }

    @Test
    void everyAttachedHostIsAskedAndOnlyThoseWithTheDeviceAreRefreshed() {
        Host host1 = runners.host("host1", true);
        Host host2 = runners.host("host2", true);
        fe.expect(CMD.lvextend(VG, DISK.name(), 16 * MIB).argv(), grown(8, 16));
        host1.expect(ACTIVE, "").expect(CMD.refreshVg(VG).argv(), "");
        host2.expect(ACTIVE, 1, "", "");
        backend().resize(DISK, 16 * MIB, new LinkedHashSet<>(List.of("host1", "host2")));
        assertTrue(runners.journal.stream().noneMatch(l -> l.startsWith("host2: vgchange")), "" + runners.journal);
    }

    @Test
    void withZeroingTheGrownExtentsAreZeroedOnTheHostWhereItIsAttached() {
        Host host1 = runners.host("host1", true);
        String tag = "sd.unzeroed_from_" + 8 * MIB;
        fe.expect(lvs(VG), lvsJson(VG, lv(DISK.name(), 8 * MIB)))
                .expect(CMD.changeTags(VG, DISK.name(), List.of(tag), List.of()).argv(), "")
                .expect(CMD.lvextend(VG, DISK.name(), 16 * MIB).argv(), grown(8, 16));
        host1.expect(ACTIVE, "").expect(CMD.refreshVg(VG).argv(), "");
        fe.expect(lvs(VG), lvsJson(VG, lv(DISK.name(), 16 * MIB, "-wi-------", tag)));
        host1.expect(lvs(VG), lvsJson(VG, lv(DISK.name(), 16 * MIB, "-wi-ao----", tag)))
                .expect(ACTIVE, "")
                .expect(CMD.refreshVg(VG).argv(), "")
                .expect(List.of("blkdiscard", "--zeroout", "--offset", Long.toString(8 * MIB), "--length",
                        Long.toString(8 * MIB), "/dev/" + VG + "/" + DISK.name()), "");
        fe.expect(CMD.changeTags(VG, DISK.name(), List.of(), List.of(tag)).argv(), "")
                .expect(lvs(VG), lvsJson(VG, lv(DISK.name(), 16 * MIB)));
        assertEquals(16 * MIB, backend(Map.of()).resize(DISK, 16 * MIB, Set.of("host1")).sizeBytes());
        assertFalse(runners.journal.contains("host1: lvchange -an " + VG + "/" + DISK.name()),
                "a disk in use stays active: " + runners.journal);
    }

    @Test
    void withZeroingAMissingLvIsNotFoundBeforeAnyChange() {
        runners.host("host1", true);
        fe.expect(lvs(VG), lvsJson(VG));
        BackendException e = assertThrows(BackendException.class,
                () -> backend(Map.of()).resize(DISK, 16 * MIB, Set.of("host1")));
        assertEquals(Kind.NOT_FOUND, e.kind());
        assertTrue(runners.journal.stream().noneMatch(l -> l.startsWith("host1") || l.contains("lvextend")),
                "" + runners.journal);
    }
}
