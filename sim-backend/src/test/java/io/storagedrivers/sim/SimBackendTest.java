package io.storagedrivers.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.BackendException.Kind;
import io.storagedrivers.spi.Capability;
import io.storagedrivers.spi.ImageSource;
import io.storagedrivers.spi.PoolInfo;
import io.storagedrivers.spi.Progress;
import io.storagedrivers.spi.Sizes;
import io.storagedrivers.spi.VolumeInfo;
import io.storagedrivers.spi.VolumeRef;

class SimBackendTest {

    @TempDir
    Path dir;

    private SimBackend sim(PoolInfo... pools) {
        return new SimBackend(dir.resolve("state.json"), List.of(pools));
    }

    private static VolumeRef ref(String pool, String name) {
        return new VolumeRef(pool, name);
    }

    private static Kind kindOf(Runnable r) {
        return assertThrows(BackendException.class, r::run).kind();
    }

    @Test
    void freshStateHasDefaultPoolAndEveryCapability() {
        SimBackend b = sim();
        assertEquals(EnumSet.allOf(Capability.class), b.capabilities());
        assertEquals(List.of(new PoolInfo("default", 100 * Sizes.GIB, 100 * Sizes.GIB, false)), b.pools());
        assertTrue(Files.exists(dir.resolve("state.json")));
        // default set-up creates other pools on first use
        b.create(ref("vg-one-100", "lv-one-1-0"), Sizes.GIB);
        assertEquals(2, b.pools().size());
    }

    @Test
    void idsAreDeterministicAndStatePersistsAcrossInstances() {
        SimBackend a = sim();
        VolumeInfo v1 = a.create(ref("default", "a"), 10 * Sizes.MIB);
        a.createSnapshot(ref("default", "a"), "s1");
        VolumeInfo v2 = a.create(ref("default", "b"), 1);
        assertEquals("vol-000001", v1.properties().get("id"));
        assertEquals("vol-000003", v2.properties().get("id"));
        assertEquals(Sizes.MIB, v2.sizeBytes(), "sizes round up to MiB");

        SimBackend again = sim();
        assertEquals(List.of("a", "b"), again.list("default").stream().map(v -> v.ref().name()).toList());
        assertEquals(List.of("s1"), again.snapshots(ref("default", "a")));
    }

    @Test
    void createIsIdempotentAndRefusesSmallerExisting() {
        SimBackend b = sim();
        VolumeInfo v = b.create(ref("default", "a"), 2 * Sizes.GIB);
        assertEquals(v, b.create(ref("default", "a"), Sizes.GIB));
        assertEquals(Kind.INVALID, kindOf(() -> b.create(ref("default", "a"), 3 * Sizes.GIB)));
        assertEquals(Kind.INVALID, kindOf(() -> b.create(ref("default", "x"), 0)));
    }

    @Test
    void capacityIsAccountedAndFullPoolSaysNoSpace() {
        SimBackend b = sim(new PoolInfo("small", 10 * Sizes.MIB, 10 * Sizes.MIB, false));
        b.create(ref("small", "a"), 6 * Sizes.MIB);
        assertEquals(4 * Sizes.MIB, b.pool("small").freeBytes());
        assertEquals(Kind.NO_SPACE, kindOf(() -> b.create(ref("small", "b"), 5 * Sizes.MIB)));
        assertEquals(Kind.NO_SPACE, kindOf(() -> b.resize(ref("small", "a"), 11 * Sizes.MIB)));
        assertEquals(Kind.NO_SPACE, kindOf(() -> b.createSnapshot(ref("small", "a"), "s")), "thick snapshots take space");
        assertEquals(Kind.NOT_FOUND, kindOf(() -> b.create(ref("nopool", "a"), Sizes.MIB)), "explicit pools: no auto");
        b.delete(ref("small", "a"), false);
        assertEquals(10 * Sizes.MIB, b.pool("small").freeBytes());
    }

    @Test
    void thinSnapshotsAreFree() {
        SimBackend b = sim(new PoolInfo("t", 10 * Sizes.MIB, 10 * Sizes.MIB, true));
        b.create(ref("t", "a"), 8 * Sizes.MIB);
        b.createSnapshot(ref("t", "a"), "s");
        assertTrue(b.pool("t").thin());
        assertEquals(2 * Sizes.MIB, b.pool("t").freeBytes());
    }

    @Test
    void resizeGrowsNeverShrinks() {
        SimBackend b = sim();
        b.create(ref("default", "a"), Sizes.GIB);
        assertEquals(2 * Sizes.GIB, b.resize(ref("default", "a"), 2 * Sizes.GIB).sizeBytes());
        assertEquals(2 * Sizes.GIB, b.resize(ref("default", "a"), Sizes.GIB).sizeBytes());
        assertEquals(Kind.NOT_FOUND, kindOf(() -> b.resize(ref("default", "nope"), Sizes.GIB)));
    }

    @Test
    void attachIsStablePerHostAndDeleteOfAttachedIsBusy() {
        SimBackend b = sim();
        VolumeRef a = ref("default", "a");
        b.create(a, Sizes.GIB);
        String dev = b.attach(a, "node1");
        assertEquals("/dev/sim/default/a", dev);
        assertEquals(dev, b.attach(a, "node1"));
        b.attach(a, "node2");
        assertEquals(Set.of("node1", "node2"), b.attachments(a));
        assertEquals(Set.of("node1", "node2"), b.find(a).orElseThrow().activeOn());
        assertEquals(Kind.BUSY, kindOf(() -> b.delete(a, false)));
        b.detach(a, "node1");
        b.detach(a, "node1");
        b.detach(a, "node2");
        b.delete(a, true);
        b.delete(a, true);
        assertFalse(b.find(a).isPresent());
        assertEquals(Kind.NOT_FOUND, kindOf(() -> b.attach(a, "node1")));
        assertEquals(Kind.INVALID, kindOf(() -> b.attach(ref("default", "x"), "bad host")));
    }

    @Test
    void cloneCopyImportCarryContent() {
        SimBackend b = sim();
        VolumeRef img = ref("default", "img-one-7");
        b.create(img, Sizes.GIB);
        long[] progress = new long[1];
        b.importImage(img, new ImageSource(Path.of("/var/lib/one/img.qcow2"), "qcow2", Sizes.GIB), (d, t) -> progress[0] = d);
        assertEquals(Sizes.GIB, progress[0]);
        assertEquals("image:/var/lib/one/img.qcow2:qcow2", b.find(img).orElseThrow().properties().get("content"));
        assertEquals(Kind.INVALID, kindOf(() -> b.importImage(img,
                new ImageSource(Path.of("/big"), "raw", 2 * Sizes.GIB), Progress.NONE)));

        VolumeInfo c = b.clone(img, ref("default", "lv-one-3-0"), 5 * Sizes.GIB, Progress.NONE);
        assertEquals(5 * Sizes.GIB, c.sizeBytes());
        assertEquals("image:/var/lib/one/img.qcow2:qcow2", c.properties().get("content"));
        assertEquals(Kind.INVALID, kindOf(() -> b.clone(img, img, 0, Progress.NONE)));

        VolumeRef saved = ref("default", "img-one-8");
        b.create(saved, Sizes.MIB);
        assertEquals(Kind.INVALID, kindOf(() -> b.copy(img, saved, Progress.NONE)), "target too small");
        b.resize(saved, 5 * Sizes.GIB);
        b.copy(ref("default", "lv-one-3-0"), saved, Progress.NONE);
        assertEquals(c.properties().get("content"), b.find(saved).orElseThrow().properties().get("content"));
    }

    @Test
    void cloneReplacesAnOldTargetButNeverAnAttachedOne() {
        SimBackend b = sim();
        b.create(ref("default", "src"), Sizes.GIB);
        b.create(ref("default", "dst"), 3 * Sizes.GIB);
        assertEquals(Sizes.GIB, b.clone(ref("default", "src"), ref("default", "dst"), 0, Progress.NONE).sizeBytes());
        b.attach(ref("default", "dst"), "h");
        assertEquals(Kind.BUSY, kindOf(() -> b.clone(ref("default", "src"), ref("default", "dst"), 0, Progress.NONE)));
    }

    @Test
    void snapshotsRevertAndCreateFrom() {
        SimBackend b = sim();
        VolumeRef a = ref("default", "a");
        b.create(a, Sizes.GIB);
        b.importImage(a, new ImageSource(Path.of("/one.raw"), "raw", Sizes.MIB), Progress.NONE);
        b.createSnapshot(a, "snap-0");
        assertEquals(Kind.INVALID, kindOf(() -> b.createSnapshot(a, "snap-0")));
        b.resize(a, 2 * Sizes.GIB);
        b.importImage(a, new ImageSource(Path.of("/two.raw"), "raw", Sizes.MIB), Progress.NONE);

        VolumeInfo from = b.createFromSnapshot(a, "snap-0", ref("default", "b"));
        assertEquals(Sizes.GIB, from.sizeBytes());
        assertEquals("image:/one.raw:raw", from.properties().get("content"));
        assertEquals(Kind.INVALID, kindOf(() -> b.createFromSnapshot(a, "snap-0", ref("default", "b"))));

        b.revertSnapshot(a, "snap-0");
        VolumeInfo reverted = b.find(a).orElseThrow();
        assertEquals(Sizes.GIB, reverted.sizeBytes());
        assertEquals("image:/one.raw:raw", reverted.properties().get("content"));
        assertEquals(Kind.NOT_FOUND, kindOf(() -> b.revertSnapshot(a, "nope")));

        b.deleteSnapshot(a, "snap-0");
        b.deleteSnapshot(a, "snap-0");
        b.deleteSnapshot(ref("default", "gone"), "snap-0");
        assertEquals(List.of(), b.snapshots(a));
        assertEquals(Kind.NOT_FOUND, kindOf(() -> b.snapshots(ref("default", "gone"))));
    }

    @Test
    void hostileNamesAreRefused() {
        SimBackend b = sim();
        for (String bad : List.of("", "-rf", ".hidden", "a/b", "a b", "x;rm", "ä", "a".repeat(129))) {
            assertEquals(Kind.INVALID, kindOf(() -> b.create(ref("default", bad), Sizes.MIB)), bad);
        }
        assertEquals(Kind.INVALID, kindOf(() -> b.createSnapshot(ref("default", "a"), "../x")));
        assertEquals(Kind.INVALID, kindOf(() -> sim(new PoolInfo("a/b", 1, 1, false))));
    }

    @Test
    void corruptStateFileIsABackendErrorNotACrash() throws Exception {
        Files.writeString(dir.resolve("state.json"), "{not json");
        BackendException e = assertThrows(BackendException.class, () -> sim().pools());
        assertEquals(Kind.BACKEND_ERROR, e.kind());
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
    }

    @Test
    void systemInfoNamesTheStateFile() {
        SimBackend b = sim();
        Map<String, String> info = b.systemInfo();
        assertEquals("sim", info.get("id"));
        assertEquals(dir.resolve("state.json").toAbsolutePath().toString(), info.get("state"));
    }

    /** The SPI's default (LINSTOR's too): attach first, then the follow-ups through the caller's runner. */
    @Test
    void attachAllThenAttachesThenHandsTheFollowUpsToTheCaller() {
        SimBackend b = sim();
        b.create(ref("default", "a"), Sizes.MIB);
        List<List<String>> ran = new java.util.ArrayList<>();
        List<String> devices = b.attachAllThen(List.of(ref("default", "a")), "host1",
                devs -> List.of(List.of("ln", "-sfn", devs.get(0), "/d/disk.0")), ran::addAll);
        assertEquals(1, devices.size());
        assertEquals(List.of(List.of("ln", "-sfn", devices.get(0), "/d/disk.0")), ran);
        assertEquals(Set.of("host1"), b.attachments(ref("default", "a")));
        // a failed attach runs no follow-up
        ran.clear();
        assertEquals(Kind.NOT_FOUND, kindOf(() -> b.attachAllThen(List.of(ref("default", "gone")), "host1",
                devs -> List.of(List.of("true")), ran::addAll)));
        assertTrue(ran.isEmpty());
    }
}
