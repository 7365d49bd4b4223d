package io.storagedrivers.sharedlvm;

import static io.storagedrivers.sharedlvm.Lvm.CMD;
import static io.storagedrivers.sharedlvm.Lvm.lv;
import static io.storagedrivers.sharedlvm.Lvm.lvs;
import static io.storagedrivers.sharedlvm.Lvm.lvsJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.BackendException.Kind;
import io.storagedrivers.spi.PoolInfo;
import io.storagedrivers.spi.VolumeInfo;
import io.storagedrivers.spi.VolumeRef;
import io.storagedrivers.testsupport.FakeRunners.Host;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Metadata operations: what runs where, in which order, under the lock. */
class SharedLvmBackendTest {
    static final long MIB = 1024L * 1024;
    static final String VG = "vg-one-100";
    static final VolumeRef DISK = new VolumeRef(VG, "lv-one-7-0");

    final FakeRunners runners = new FakeRunners();
    final Host fe = runners.frontend;

    SharedLvmBackend backend(boolean frontendDm, Map<String, String> settings) {
        return new SharedLvmBackend(VG, SharedLvmSettings.from(settings), runners, runners.locks(), () -> frontendDm,
                4 * MIB);
    }

    /** Metadata behaviour alone: ZERO_LVM_ON_CREATE=no (zeroing has tests of its own below). */
    SharedLvmBackend backend() {
        return backend(false, Map.of("ZERO_LVM_ON_CREATE", "no"));
    }

    @AfterEach
    void allExpectedCommandsRan() {
        runners.verifyAllCalled();
    }

    @Test
    void capacityIsOneVgsCall() {
        fe.expect(CMD.reports().vgs(VG).argv(), Lvm.vgsJson(VG, 100 * MIB, 60 * MIB, 3));
        assertEquals(List.of(new PoolInfo(VG, 100 * MIB, 60 * MIB, false)), backend().pools());
        assertEquals(1, runners.journal.size());
    }

    @Test
    void missingVgIsNotFound() {
        fe.expect(CMD.reports().vgs("nope").argv(), 5, "{}", Lvm.VG_MISSING.formatted("nope", "nope"));
        BackendException e = assertThrows(BackendException.class, () -> backend().pool("nope"));
        assertEquals(Kind.NOT_FOUND, e.kind());
        assertEquals("volume group nope not found", e.getMessage());
    }

    @Test
    void listIsOneLvsCall() {
        fe.expect(lvs(VG), lvsJson(VG, lv("img-one-5", 4 * MIB), lv("lv-one-7-0", 8 * MIB, "-wi-------", "sd.incomplete")));
        List<VolumeInfo> all = backend().list(VG);
        assertEquals(2, all.size());
        assertEquals(8 * MIB, all.get(1).sizeBytes());
        assertEquals("true", all.get(1).properties().get("incomplete"));
        assertEquals(1, runners.journal.size());
    }

    /** LVM 2.03.16's lvcreate of a name that exists (exit 5, nothing changed). */
    static final String LV_EXISTS = "  Logical Volume \"lv-one-7-0\" already exists in volume group \"vg-one-100\"\n";

    @Test
    void createRunsLvcreateFirstOnTheFrontendUnderTheLock() {
        fe.expect(CMD.lvcreate(VG, DISK.name(), 8 * MIB, false, List.of()).argv(), "")
                .expect(lvs(VG), lvsJson(VG, lv(DISK.name(), 8 * MIB)));
        VolumeInfo v = backend().create(DISK, 8 * MIB);
        assertEquals(8 * MIB, v.sizeBytes());
        // no report before the lvcreate (LVM refuses a name that exists); after it, of that one LV
        assertEquals(List.of("lock " + VG,
                "local: lvcreate --wipesignatures n -L 8388608b -n lv-one-7-0 -an -Zn -y vg-one-100",
                "local: " + String.join(" ", lvs(VG)) + " [selected: lv-one-7-0]",
                "unlock " + VG), runners.journal);
    }

    /** LVM 2.03.16's lvcreate stdout for the LV of {@link #DISK}. */
    static final String CREATED = "  Logical volume \"lv-one-7-0\" created.\n";

    @Test
    void createWithoutZeroingTakesTheSizeFromLvcreateAndRunsNoReport() {
        fe.expect(CMD.lvcreate(VG, DISK.name(), 8 * MIB, false, List.of()).argv(), CREATED);
        VolumeInfo v = backend().create(DISK, 8 * MIB);
        assertEquals(8 * MIB, v.sizeBytes());
        assertEquals(DISK, v.ref());
        assertEquals("false", v.properties().get("incomplete"));
        assertEquals(List.of("lock " + VG,
                "local: lvcreate --wipesignatures n -L 8388608b -n lv-one-7-0 -an -Zn -y vg-one-100",
                "unlock " + VG), runners.journal);
    }

    @Test
    void aCreateSizeLvmRoundsUpIsReported() {
        // 5 MiB on 4 MiB extents: the size OpenNebula or Cinder is told is the LV's real one, 8 MiB
        fe.expect(CMD.lvcreate(VG, DISK.name(), 5 * MIB, false, List.of()).argv(),
                        "  Rounding up size to full physical extent 8.00 MiB\n" + CREATED)
                .expect(lvs(VG), lvsJson(VG, lv(DISK.name(), 8 * MIB)));
        assertEquals(8 * MIB, backend().create(DISK, 5 * MIB).sizeBytes());
    }

    @Test
    void aCreateThatZeroesReportsTheNewLvForItsUuid() {
        // lvcreate's own words do not replace the report: the zeroing goes by the LV's uuid
        assertCreateZeroesBeforeComplete(CREATED);
    }

    @Test
    void createWithDeviceMapperZeroesTheHeaderThenDeactivates() {
        fe.expect(List.of("lvcreate", "--wipesignatures", "n", "-L", "8388608b", "-n", DISK.name(), "-y", VG), "")
                .expect(lvs(VG), lvsJson(VG, lv(DISK.name(), 8 * MIB, "-wi-a-----", "")))
                .expect(List.of("lvchange", "-an", VG + "/" + DISK.name()), "");
        backend(true, Map.of("ZERO_LVM_ON_CREATE", "no")).create(DISK, 8 * MIB);
    }

    @Test
    void createOfAnExistingVolumeIsIdempotent() {
        List<String> lvcreate = CMD.lvcreate(VG, DISK.name(), 8 * MIB, false, List.of()).argv();
        fe.expect(lvcreate, 5, "", LV_EXISTS).expect(lvs(VG), lvsJson(VG, lv(DISK.name(), 12 * MIB)));
        assertEquals(12 * MIB, backend().create(DISK, 8 * MIB).sizeBytes());
        fe.expect(lvcreate, 5, "", LV_EXISTS).expect(lvs(VG), lvsJson(VG, lv(DISK.name(), 4 * MIB)));
        BackendException e = assertThrows(BackendException.class, () -> backend().create(DISK, 8 * MIB));
        assertEquals(Kind.INVALID, e.kind());
        assertTrue(runners.journal.get(runners.journal.size() - 1).startsWith("unlock"), "lock released on failure");
    }

    @Test
    void createReplacesAHalfMadeVolume() {
        fe.expect(CMD.lvcreate(VG, DISK.name(), 8 * MIB, false, List.of()).argv(), 5, "", LV_EXISTS)
                .expect(lvs(VG), lvsJson(VG, lv(DISK.name(), 8 * MIB, "-wi-------", "sd.incomplete")))
                .expect(CMD.lvremove(VG, DISK.name()).argv(), "")
                .expect(CMD.lvcreate(VG, DISK.name(), 8 * MIB, false, List.of()).argv(), "")
                .expect(lvs(VG), lvsJson(VG, lv(DISK.name(), 8 * MIB)));
        backend().create(DISK, 8 * MIB);
    }

    @Test
    void noSpaceIsReportedAsSuch() {
        fe.expect(CMD.lvcreate(VG, DISK.name(), 8 * MIB, false, List.of()).argv(), 5, "",
                        "  Volume group \"vg-one-100\" has insufficient free space (1 extents): 2 required.\n");
        assertEquals(Kind.NO_SPACE, assertThrows(BackendException.class, () -> backend().create(DISK, 8 * MIB)).kind());
    }

    @Test
    void deleteOfAbsentVolumeOrVgSucceeds() {
        fe.expect(lvs(VG), lvsJson(VG));
        backend().delete(DISK, true);
        fe.expect(lvs("gone"), 5, "", Lvm.VG_MISSING.formatted("gone", "gone"));
        backend().delete(new VolumeRef("gone", "x"), true);
        assertEquals(2, runners.journal.size(), "no lock, no change: " + runners.journal);
    }

    @Test
    void deleteRemovesUnderTheLock() {
        fe.expect(lvs(VG), lvsJson(VG, lv(DISK.name(), 8 * MIB)))
                .expect(CMD.lvremove(VG, DISK.name()).argv(), "");
        backend().delete(DISK, false);
        // without zeroing, the report under the lock is the only one
        assertEquals("lock " + VG, runners.journal.get(0));
        assertEquals(1, runners.journal.stream().filter(l -> l.startsWith("local: lvs")).count(), "" + runners.journal);
        assertEquals("unlock " + VG, runners.journal.get(3));
    }

    @Test
    void deleteWithoutZeroingOfAGoneVgChangesNothing() {
        fe.expect(lvs("gone"), 5, "", Lvm.VG_MISSING.formatted("gone", "gone"));
        backend().delete(new VolumeRef("gone", "x"), false);
        assertTrue(runners.journal.stream().noneMatch(l -> l.contains("lvremove")), "" + runners.journal);
    }

    @Test
    void createZeroesTheNewLvBeforeItIsComplete() {
        assertCreateZeroesBeforeComplete("");
    }

    /** A create with zeroing whose lvcreate printed {@code lvcreateStdout}: report, zero on host1, complete. */
    private void assertCreateZeroesBeforeComplete(String lvcreateStdout) {
        Host host1 = runners.host("host1", true);
        String dev = "/dev/" + VG + "/" + DISK.name();
        fe.expect(CMD.lvcreate(VG, DISK.name(), 8 * MIB, false, List.of("sd.incomplete")).argv(), lvcreateStdout)
                .expect(lvs(VG), lvsJson(VG, lv(DISK.name(), 8 * MIB, "-wi-------", "sd.incomplete")));
        host1.expect(lvs(VG), lvsJson(VG, lv(DISK.name(), 8 * MIB, "-wi-------", "sd.incomplete")))
                .expect(CMD.activate(VG, DISK.name()).argv(), "")
                .expect(List.of("blkdiscard", "--zeroout", "--length", Long.toString(8 * MIB), dev), "")
                .expect(CMD.deactivate(VG, DISK.name()).argv(), "");
        fe.expect(lvs(VG), lvsJson(VG, lv(DISK.name(), 8 * MIB, "-wi-------", "sd.incomplete")))
                .expect(CMD.changeTags(VG, DISK.name(), List.of(), List.of("sd.incomplete")).argv(), "");
        VolumeInfo v = backend(false, Map.of("COPY_HOST", "host1")).create(DISK, 8 * MIB);
        assertEquals("false", v.properties().get("incomplete"));
    }

    @Test
    void aCreateWhoseZeroingFailsRemovesTheLv() {
        Host host1 = runners.host("host1", true);
        fe.expect(CMD.lvcreate(VG, DISK.name(), 8 * MIB, false, List.of("sd.incomplete")).argv(), "")
                .expect(lvs(VG), lvsJson(VG, lv(DISK.name(), 8 * MIB, "-wi-------", "sd.incomplete")));
        host1.expect(lvs(VG), lvsJson(VG, lv(DISK.name(), 8 * MIB, "-wi-------", "sd.incomplete")))
                .expect(CMD.activate(VG, DISK.name()).argv(), "")
                .expect(List.of("blkdiscard", "--zeroout", "--length", Long.toString(8 * MIB),
                        "/dev/" + VG + "/" + DISK.name()), 1, "", "blkdiscard: Input/output error\n")
                .expect(CMD.deactivate(VG, DISK.name()).argv(), "");
        fe.expect(lvs(VG), lvsJson(VG, lv(DISK.name(), 8 * MIB, "-wi-------", "sd.incomplete")))
                .expect(CMD.lvremove(VG, DISK.name()).argv(), "");
        BackendException e = assertThrows(BackendException.class,
                () -> backend(false, Map.of("COPY_HOST", "host1")).create(DISK, 8 * MIB));
        assertTrue(e.getMessage().contains("Input/output error"), e.getMessage());
    }

    @Test
    void attachAndDetachRunOnTheHost() {
        Host host1 = runners.host("host1", true);
        host1.expect(CMD.activate(VG, DISK.name()).argv(), "")
                .expect(CMD.deactivate(VG, DISK.name()).argv(), 5, "",
                        "  Failed to find logical volume \"vg-one-100/lv-one-7-0\"\n")
                .expect(CMD.activate(VG, "nope").argv(), 5, "", "  Failed to find logical volume \"vg-one-100/nope\"\n");
        assertEquals("/dev/vg-one-100/lv-one-7-0", backend().attach(DISK, "host1"));
        backend().detach(DISK, "host1");
        assertEquals(Kind.NOT_FOUND, assertThrows(BackendException.class,
                () -> backend().attach(new VolumeRef(VG, "nope"), "host1")).kind());
    }

    @Test
    void hostCommandFailureNamesTheHost() {
        Host host1 = runners.host("host1", true);
        host1.expect(CMD.activate(VG, DISK.name()).argv(), 5, "", "  device-mapper: reload ioctl failed: Invalid argument\n");
        BackendException e = assertThrows(BackendException.class, () -> backend().attach(DISK, "host1"));
        assertEquals("command failed on host1 (exit 5): lvchange -ay vg-one-100/lv-one-7-0: device-mapper: reload ioctl"
                + " failed: Invalid argument", e.getMessage());
    }

    @Test
    void fakeHostRefusesMetadataCommands() {
        assertTrue(FakeRunners.isMetadataChange(CMD.lvcreate(VG, "x", MIB, false, List.of()).argv()));
        assertTrue(FakeRunners.isMetadataChange(CMD.changeTags(VG, "x", List.of("t"), List.of()).argv()));
        assertTrue(!FakeRunners.isMetadataChange(CMD.activate(VG, "x").argv()));
    }
}
