package io.storagedrivers.sharedlvm;

import static io.storagedrivers.sharedlvm.Lvm.CMD;
import static io.storagedrivers.sharedlvm.Lvm.lv;
import static io.storagedrivers.sharedlvm.Lvm.lvs;
import static io.storagedrivers.sharedlvm.Lvm.lvsJson;
import static io.storagedrivers.sharedlvm.SharedLvmBackendTest.MIB;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.BackendException.Kind;
import io.storagedrivers.spi.ImageSource;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeInfo;
import io.storagedrivers.spi.VolumeRef;
import io.storagedrivers.testsupport.FakeRunners.Host;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clone, copy, import and zeroing: placement, activation bookkeeping, incomplete marks, rollback. */
class DataOpsTest {
    static final String IMG_VG = "vg-one-101";
    static final String SYS_VG = "vg-one-100";
    static final VolumeRef IMAGE = new VolumeRef(IMG_VG, "img-one-5");
    static final VolumeRef DISK = new VolumeRef(SYS_VG, "lv-one-7-0");
    static final String SRC_DEV = "/dev/vg-one-101/img-one-5";
    static final String DST_DEV = "/dev/vg-one-100/lv-one-7-0";

    final FakeRunners runners = new FakeRunners();
    final Host fe = runners.frontend;
    final Host host1 = runners.host("host1", true);
    final List<long[]> progress = new ArrayList<>();

    @TempDir
    Path tmp;

    VolumeBackend backend(Map<String, String> settings) {
        return new SharedLvmBackend(SYS_VG, SharedLvmSettings.from(settings), runners, runners.locks(), () -> false,
                4 * MIB);
    }

    @AfterEach
    void allExpectedCommandsRan() {
        runners.verifyAllCalled();
    }

    /** dd of MiB {@code [first, first+count)}, skipping zero blocks (the target was zeroed first). */
    static List<String> dd(String src, String dst, long first, long count) {
        return List.of("dd", "if=" + src, "of=" + dst, "bs=4M", "skip=" + first * MIB, "seek=" + first * MIB,
                "count=" + count * MIB, "iflag=skip_bytes,count_bytes,direct", "oflag=seek_bytes,direct",
                "conv=sparse,notrunc,fsync", "status=none");
    }

    /** Source and target activated by one LVM process. */
    static List<String> activateBoth() {
        return List.of("lvchange", "-ay", IMG_VG + "/" + IMAGE.name(), SYS_VG + "/" + DISK.name());
    }

    /** ... and deactivated by one, newest first. */
    static List<String> deactivateBoth() {
        return List.of("lvchange", "-an", SYS_VG + "/" + DISK.name(), IMG_VG + "/" + IMAGE.name());
    }

    /** BLKZEROOUT of the whole 8 MiB target. */
    static List<String> zeroTarget() {
        return List.of("blkdiscard", "--zeroout", "--length", Long.toString(8 * MIB), DST_DEV);
    }

    /** lvs of the target VG under the lock → lvcreate with the incomplete tag → lvs. */
    void expectCreateIncomplete(String[]... before) {
        fe.expect(lvs(SYS_VG), lvsJson(SYS_VG, before))
                .expect(CMD.lvcreate(SYS_VG, DISK.name(), 8 * MIB, false, List.of("sd.incomplete")).argv(), "")
                .expect(lvs(SYS_VG), lvsJson(SYS_VG, lv(DISK.name(), 8 * MIB, "-wi-------", "sd.incomplete")));
    }

    /** The clone's start on host1: source and incomplete target activated, the first chunk copied. */
    void expectCopyOnHost1() {
        host1.expect(lvs(IMG_VG), lvsJson(IMG_VG, lv(IMAGE.name(), 6 * MIB)))
                .expect(lvs(SYS_VG), lvsJson(SYS_VG, lv(DISK.name(), 8 * MIB, "-wi-------", "sd.incomplete")))
                .expect(activateBoth(), "")
                .expect(zeroTarget(), "")
                .expect(dd(SRC_DEV, DST_DEV, 0, 4), "");
    }

    /** The clone's last chunk on host1, both LVs deactivated, then the target's incomplete tag removed. */
    void expectCopyEndOnHost1AndComplete() {
        host1.expect(dd(SRC_DEV, DST_DEV, 4, 2), "")
                .expect(deactivateBoth(), "");
        fe.expect(lvs(SYS_VG), lvsJson(SYS_VG, lv(DISK.name(), 8 * MIB, "-wi-------", "sd.incomplete")))
                .expect(CMD.changeTags(SYS_VG, DISK.name(), List.of(), List.of("sd.incomplete")).argv(), "");
    }

    /** A copy onto an existing complete target on {@code h}: activate both, dd in two chunks, deactivate both. */
    void expectWholeCopyOn(Host h) {
        h.expect(lvs(IMG_VG), lvsJson(IMG_VG, lv(IMAGE.name(), 6 * MIB)))
                .expect(lvs(SYS_VG), lvsJson(SYS_VG, lv(DISK.name(), 8 * MIB)))
                .expect(activateBoth(), "")
                .expect(zeroTarget(), "")
                .expect(dd(SRC_DEV, DST_DEV, 0, 4), "").expect(dd(SRC_DEV, DST_DEV, 4, 2), "")
                .expect(deactivateBoth(), "");
    }

    /** The frontend's part of a copy: lvs of both, the target tagged incomplete while the data moves, untagged after. */
    void expectCopyMarkedIncompleteWhileItRuns() {
        fe.expect(lvs(IMG_VG), lvsJson(IMG_VG, lv(IMAGE.name(), 6 * MIB)))
                .expect(lvs(SYS_VG), lvsJson(SYS_VG, lv(DISK.name(), 8 * MIB)))
                .expect(lvs(SYS_VG), lvsJson(SYS_VG, lv(DISK.name(), 8 * MIB)))
                .expect(CMD.changeTags(SYS_VG, DISK.name(), List.of("sd.incomplete"), List.of()).argv(), "")
                .expect(lvs(SYS_VG), lvsJson(SYS_VG, lv(DISK.name(), 8 * MIB, "-wi-------", "sd.incomplete")))
                .expect(CMD.changeTags(SYS_VG, DISK.name(), List.of(), List.of("sd.incomplete")).argv(), "");
    }

    /** A delete with zeroing: lvs → on host1 activate, blkdiscard -z, deactivate → lvremove. */
    void expectZeroOnHost1ThenRemove() {
        fe.expect(lvs(SYS_VG), lvsJson(SYS_VG, lv(DISK.name(), 8 * MIB)));
        host1.expect(lvs(SYS_VG), lvsJson(SYS_VG, lv(DISK.name(), 8 * MIB)))
                .expect(CMD.activate(SYS_VG, DISK.name()).argv(), "")
                .expect(zeroTarget(), "")
                .expect(CMD.deactivate(SYS_VG, DISK.name()).argv(), "");
        fe.expect(lvs(SYS_VG), lvsJson(SYS_VG, lv(DISK.name(), 8 * MIB)))
                .expect(CMD.lvremove(SYS_VG, DISK.name()).argv(), "");
    }

    @Test
    void cloneCopiesOnABridgeHostAndMarksTheTargetComplete() {
        fe.expect(lvs(IMG_VG), lvsJson(IMG_VG, lv(IMAGE.name(), 6 * MIB)));
        expectCreateIncomplete();
        expectCopyOnHost1();
        expectCopyEndOnHost1AndComplete();

        VolumeInfo v = backend(Map.of("BRIDGE_LIST", "host1")).clone(IMAGE, DISK, 8 * MIB,
                (done, total) -> progress.add(new long[] {done, total}));
        assertEquals(8 * MIB, v.sizeBytes());
        assertEquals("false", v.properties().get("incomplete"));
        assertArrayEquals(new long[] {6 * MIB, 6 * MIB}, progress.get(progress.size() - 1));
        assertArrayEquals(new long[] {0, 6 * MIB}, progress.get(0));
    }

    @Test
    void failedCloneDeactivatesAndRemovesItsTarget() {
        fe.expect(lvs(IMG_VG), lvsJson(IMG_VG, lv(IMAGE.name(), 6 * MIB)));
        expectCreateIncomplete();
        host1.expect(lvs(IMG_VG), lvsJson(IMG_VG, lv(IMAGE.name(), 6 * MIB, "-wi-a-----", "")))
                .expect(lvs(SYS_VG), lvsJson(SYS_VG, lv(DISK.name(), 8 * MIB, "-wi-------", "sd.incomplete")))
                .expect(CMD.activate(SYS_VG, DISK.name()).argv(), "")
                .expect(zeroTarget(), "")
                .expect(dd(SRC_DEV, DST_DEV, 0, 4), 1, "", "dd: error writing '/dev/vg-one-100/lv-one-7-0': Input/output error\n")
                .expect(CMD.deactivate(SYS_VG, DISK.name()).argv(), "");
        fe.expect(lvs(SYS_VG), lvsJson(SYS_VG, lv(DISK.name(), 8 * MIB, "-wi-------", "sd.incomplete")))
                .expect(CMD.lvremove(SYS_VG, DISK.name()).argv(), "");

        BackendException e = assertThrows(BackendException.class,
                () -> backend(Map.of("BRIDGE_LIST", "host1")).clone(IMAGE, DISK, 8 * MIB, (d, t) -> { }));
        assertTrue(e.getMessage().contains("Input/output error"), e.getMessage());
        // the source was already active on host1 (a VM uses it): it stays active
        assertFalse(runners.journal.contains("host1: lvchange -an vg-one-101/img-one-5"), runners.journal.toString());
    }

    @Test
    void cloneReRunReplacesItsHalfMadeTarget() {
        fe.expect(lvs(IMG_VG), lvsJson(IMG_VG, lv(IMAGE.name(), 6 * MIB)));
        fe.expect(lvs(SYS_VG), lvsJson(SYS_VG, lv(DISK.name(), 8 * MIB, "-wi-------", "sd.incomplete")));
        host1.expect(CMD.deactivate(SYS_VG, DISK.name()).argv(), "");
        fe.expect(CMD.lvremove(SYS_VG, DISK.name()).argv(), "")
                .expect(CMD.lvcreate(SYS_VG, DISK.name(), 8 * MIB, false, List.of("sd.incomplete")).argv(), "")
                .expect(lvs(SYS_VG), lvsJson(SYS_VG, lv(DISK.name(), 8 * MIB, "-wi-------", "sd.incomplete")));
        expectCopyOnHost1();
        expectCopyEndOnHost1AndComplete();
        backend(Map.of("BRIDGE_LIST", "host1")).clone(IMAGE, DISK, 8 * MIB, (d, t) -> { });
    }

    @Test
    void cloneOfACompleteTargetIsANoOp() {
        fe.expect(lvs(IMG_VG), lvsJson(IMG_VG, lv(IMAGE.name(), 6 * MIB)))
                .expect(lvs(SYS_VG), lvsJson(SYS_VG, lv(DISK.name(), 8 * MIB)));
        assertEquals(8 * MIB, backend(Map.of("BRIDGE_LIST", "host1")).clone(IMAGE, DISK, 8 * MIB, (d, t) -> { }).sizeBytes());
    }

    @Test
    void cloneOfAnIncompleteSourceIsRefused() {
        fe.expect(lvs(IMG_VG), lvsJson(IMG_VG, lv(IMAGE.name(), 6 * MIB, "-wi-------", "sd.incomplete")));
        assertEquals(Kind.BUSY, assertThrows(BackendException.class,
                () -> backend(Map.of("BRIDGE_LIST", "host1")).clone(IMAGE, DISK, 0, (d, t) -> { })).kind());
    }

    @Test
    void withoutACopyMachineNothingIsCreated() {
        fe.expect(lvs(IMG_VG), lvsJson(IMG_VG, lv(IMAGE.name(), 6 * MIB)));
        BackendException e = assertThrows(BackendException.class, () -> backend(Map.of()).clone(IMAGE, DISK, 0, (d, t) -> { }));
        assertEquals(Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains("COPY_HOST"), e.getMessage());
    }

    @Test
    void unreachableBridgeHostIsSkipped() {
        Host host2 = runners.host("host2", true);
        // "lv-one-7-0" hashes to start at one of the two: make both answer in whichever order
        VolumeBackend b = backend(Map.of("BRIDGE_LIST", "host2 host1"));
        List<String> order = new io.storagedrivers.sharedlvm.copy.CopyPlacement(java.util.Optional.empty(),
                List.of("host2", "host1"), () -> false).candidates(null, DISK.toString());
        Host first = order.get(0).equals("host1") ? host1 : host2;
        Host second = first == host1 ? host2 : host1;
        first.unreachable(lvs(IMG_VG));
        expectWholeCopyOn(second);
        expectCopyMarkedIncompleteWhileItRuns();
        b.copy(IMAGE, DISK, (d, t) -> { });
    }

    @Test
    void preferredHostCopiesBeforeBridgeHosts() {
        Host host2 = runners.host("host2", true);
        expectCopyMarkedIncompleteWhileItRuns();
        expectWholeCopyOn(host2);
        backend(Map.of("BRIDGE_LIST", "host1")).preferringHost("host2").copy(IMAGE, DISK, (d, t) -> { });
    }

    @Test
    void importStreamsTheFileToTheCopyHost() throws Exception {
        byte[] image = new byte[3 * 1024 * 1024 + 512];
        image[0] = 1;
        image[image.length - 1] = 2;
        Path file = Files.write(tmp.resolve("disk.raw"), image);
        fe.expect(lvs(SYS_VG), lvsJson(SYS_VG, lv(DISK.name(), 8 * MIB)))
                .expect(lvs(SYS_VG), lvsJson(SYS_VG, lv(DISK.name(), 8 * MIB)))
                .expect(CMD.changeTags(SYS_VG, DISK.name(), List.of("sd.incomplete"), List.of()).argv(), "")
                .expect(lvs(SYS_VG), lvsJson(SYS_VG, lv(DISK.name(), 8 * MIB, "-wi-------", "sd.incomplete")))
                .expect(CMD.changeTags(SYS_VG, DISK.name(), List.of(), List.of("sd.incomplete")).argv(), "");
        host1.expect(lvs(SYS_VG), lvsJson(SYS_VG, lv(DISK.name(), 8 * MIB)))
                .expect(CMD.activate(SYS_VG, DISK.name()).argv(), "")
                .expect(zeroTarget(), "")
                .expect(List.of("dd", "of=" + DST_DEV, "bs=4M", "iflag=fullblock", "conv=sparse,notrunc,fsync",
                        "status=none"), "")
                .expect(CMD.deactivate(SYS_VG, DISK.name()).argv(), "");
        backend(Map.of("COPY_HOST", "host1")).importImage(DISK, new ImageSource(file, "raw", image.length),
                (d, t) -> progress.add(new long[] {d, t}));
        assertArrayEquals(image, host1.streamed.get(0));
        assertArrayEquals(new long[] {image.length, image.length}, progress.get(progress.size() - 1));
    }

    @Test
    void importIntoATooSmallVolumeIsRefusedBeforeAnyWrite() throws Exception {
        Path file = Files.write(tmp.resolve("disk.raw"), new byte[1024]);
        fe.expect(lvs(SYS_VG), lvsJson(SYS_VG, lv(DISK.name(), 8 * MIB)));
        assertEquals(Kind.INVALID, assertThrows(BackendException.class, () -> backend(Map.of("COPY_HOST", "host1"))
                .importImage(DISK, new ImageSource(file, "raw", 9 * MIB), (d, t) -> { })).kind());
    }

    @Test
    void aPreferredHostThatIsThisMachineWithoutDeviceMapperIsPassedOver() {
        expectZeroOnHost1ThenRemove();
        backend(Map.of("BRIDGE_LIST", "host1")).preferringHost("localhost").delete(DISK, true);

        fe.expect(lvs(SYS_VG), lvsJson(SYS_VG, lv(DISK.name(), 8 * MIB)));
        BackendException e = assertThrows(BackendException.class,
                () -> backend(Map.of()).preferringHost("localhost").delete(DISK, true));
        assertEquals("no machine can copy or zero LV data: localhost is this machine, which has no device-mapper",
                e.getMessage());
    }

    @Test
    void deleteZeroesOnTheCopyHostFirst() {
        expectZeroOnHost1ThenRemove();
        backend(Map.of("BRIDGE_LIST", "host1")).delete(DISK, true);
    }
}
