package io.storagedrivers.sharedlvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.exec.Runners;
import io.storagedrivers.spi.ImageSource;
import io.storagedrivers.spi.VolumeRef;
import io.storagedrivers.testsupport.TestBed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data paths on the device-mapper VM host ({@code vmhost}, the copy machine via COPY_HOST): real
 * activation, dd between LVs, images streamed over SSH, sparse copies, a host seeing a new size.
 * Bytes are read back from the devices over SSH; bytes written are measured with the VM disk's
 * write counter ({@code /sys/block/vda/stat}), to which only these copies write (the VM's LVM is
 * read-only: all metadata writes come from the frontend's loop device).
 */
@Tag("vmhost")
class DataPathVmIT {
    static final long MIB = 1024L * 1024;
    static final String P = "vm" + ProcessHandle.current().pid() + "-";
    static VmCopyHost host;
    static TestBed tb;
    static String vm;
    static Runners runners;
    static CommandRunner vmRunner;

    @TempDir
    Path tmp;

    @BeforeAll
    static void up() {
        host = VmCopyHost.require(P);
        tb = host.tb;
        vm = host.vm;
        runners = host.runners;
        vmRunner = host.vmRunner;
    }

    @AfterAll
    static void down() {
        if (host != null) {
            host.close();
        }
    }

    /** The copy machine is the VM ({@link VmCopyHost}). */
    static SharedLvmBackend backend(boolean sparse) {
        return backend(sparse, "/usr/bin/dd");
    }

    static SharedLvmBackend backend(boolean sparse, String dd) {
        return host.backend(Map.of("DD", dd, "COPY_SPARSE", sparse ? "yes" : "no"));
    }

    static VolumeRef ref(String name) {
        return host.ref(name);
    }

    @Test
    void importedImageLandsInItsLvAndACloneEqualsIt() throws Exception {
        byte[] image = new byte[(int) (6 * MIB) + 100]; // not a whole number of blocks
        new Random(1).nextBytes(image);
        Path file = Files.write(tmp.resolve("image.raw"), image);
        try (SharedLvmBackend b = backend(true)) {
            VolumeRef img = ref("img");
            b.create(img, 8 * MIB);
            long t0 = System.nanoTime();
            b.importImage(img, new ImageSource(file, "raw", image.length), (d, t) -> { });
            long t1 = System.nanoTime();
            assertArrayEquals(image, Arrays.copyOf(read(img, 7), image.length));
            assertEquals("false", b.find(img).orElseThrow().properties().get("incomplete"));

            VolumeRef clone = ref("clone");
            long t2 = System.nanoTime();
            assertEquals(12 * MIB, b.clone(img, clone, 12 * MIB, (d, t) -> { }).sizeBytes());
            System.out.printf("DataPathVmIT: import of 6 MiB streamed over SSH %.1f s, clone of the 8 MiB LV %.1f s"
                    + " (VM under software emulation)%n", (t1 - t0) / 1e9, (System.nanoTime() - t2) / 1e9);
            assertArrayEquals(read(img, 8), read(clone, 8));
            assertEquals(Set.of(), activeOnVm(), "every LV the copies activated was deactivated again");
        }
    }

    @Test
    void aSparseImageClonesWithoutWritingItsHoles() throws Exception {
        byte[] image = new byte[(int) (16 * MIB)];
        Random r = new Random(2);
        for (int block : new int[] {0, 1, 10}) { // 3 MiB of data, 13 MiB of zeroes
            byte[] data = new byte[(int) MIB];
            r.nextBytes(data);
            System.arraycopy(data, 0, image, (int) (block * MIB), data.length);
        }
        Path file = Files.write(tmp.resolve("sparse.raw"), image);
        try (SharedLvmBackend sparse = backend(true); SharedLvmBackend full = backend(false)) {
            VolumeRef img = ref("sparse-img");
            sparse.create(img, 16 * MIB);
            zero(img); // the precondition of sparse copies: a new LV reads as zero
            sparse.importImage(img, new ImageSource(file, "raw", image.length), (d, t) -> { });
            assertEquals(sha256(image), sha256OnVm(img));

            long w0 = vdaBytesWritten();
            sparse.clone(img, ref("sparse-clone"), 0, (d, t) -> { });
            long sparseWritten = vdaBytesWritten() - w0;
            long w1 = vdaBytesWritten();
            full.clone(img, ref("full-clone"), 0, (d, t) -> { });
            long fullWritten = vdaBytesWritten() - w1;
            System.out.printf("DataPathVmIT: cloning a 16 MiB image holding 3 MiB of data wrote %d KiB (sparse)"
                    + " vs %d KiB (COPY_SPARSE=no)%n", sparseWritten / 1024, fullWritten / 1024);
            // sparse: the target zeroed as a whole (BLKZEROOUT: counted as written here, though the
            // virtual disk executes it without data), then only the 4 MiB blocks holding data: 0-4, 8-12
            assertTrue(sparseWritten >= 16 * MIB + 3 * MIB && sparseWritten <= 16 * MIB + 8 * MIB,
                    "sparse clone wrote " + sparseWritten);
            assertTrue(fullWritten >= 16 * MIB, "full clone wrote " + fullWritten);
            for (int block : new int[] {0, 1, 10}) {
                int off = (int) (block * MIB);
                assertArrayEquals(Arrays.copyOfRange(image, off, off + (int) MIB), read(ref("sparse-clone"), block, 1),
                        "data block " + block);
            }
            assertEquals(sha256(image), sha256OnVm(ref("full-clone")));
        }
    }

    @Test
    void aCloneReRunReplacesTheHalfMadeTargetOfACrashedRunAndAFailedCloneLeavesNothing() throws Exception {
        byte[] image = new byte[(int) (4 * MIB)];
        new Random(3).nextBytes(image);
        Path file = Files.write(tmp.resolve("crash.raw"), image);
        var lvm = new io.storagedrivers.sharedlvm.lvm.LvmCommands(io.storagedrivers.sharedlvm.lvm.LvmTools.defaults());
        try (SharedLvmBackend b = backend(true); SharedLvmBackend broken = backend(true, "/nonexistent/dd")) {
            VolumeRef img = ref("crash-img");
            b.create(img, 4 * MIB);
            b.importImage(img, new ImageSource(file, "raw", image.length), (d, t) -> { });

            // what a copy killed half-way leaves: the target tagged incomplete, active on the copy host
            VolumeRef half = ref("crash-clone");
            runners.local().run(lvm.lvcreate(tb.vg(), half.name(), 4 * MIB, false, java.util.List.of("sd.incomplete")));
            vmRunner.run(lvm.activate(tb.vg(), half.name()));
            String oldUuid = b.find(half).orElseThrow().properties().get("lv_uuid");
            b.clone(img, half, 0, (d, t) -> { });
            var done = b.find(half).orElseThrow();
            assertEquals("false", done.properties().get("incomplete"));
            assertTrue(!done.properties().get("lv_uuid").equals(oldUuid), "the half-made LV was replaced");
            assertEquals(sha256(image), sha256OnVm(half));

            VolumeRef failed = ref("failed-clone");
            io.storagedrivers.spi.BackendException e = Assertions.assertThrows(io.storagedrivers.spi.BackendException.class,
                    () -> broken.clone(img, failed, 0, (d, t) -> { }));
            assertTrue(e.getMessage().contains("/nonexistent/dd"), e.getMessage());
            assertTrue(b.find(failed).isEmpty(), "a failed clone removes its target");
            assertEquals(Set.of(), activeOnVm());
        }
    }

    @Test
    void afterAResizeTheHostSeesTheNewSize() {
        try (SharedLvmBackend b = backend(true)) {
            VolumeRef v = ref("grow");
            b.create(v, 8 * MIB);
            String dev = b.attach(v, vm);
            assertEquals(8 * MIB, deviceSize(dev));
            b.resize(v, 20 * MIB, Set.of(vm));
            assertEquals(20 * MIB, deviceSize(dev), "read-only host refreshed (vgchange --refresh)");
            b.detach(v, vm);
            assertEquals(1, vmRunner.execute(Command.of("test", "-b", dev)).exitCode(), "device gone after detach");
            b.delete(v, false);
        }
    }

    /**
     * Without zeroing (no report before the lvextend): the host's one request, {@code test -e} of
     * the device and {@code vgchange --refresh}, on real device-mapper; a host where the LV is not
     * active is not refreshed and does not activate it.
     */
    @Test
    void afterAResizeWithoutZeroingTheHostSeesTheNewSize() {
        try (SharedLvmBackend b = host.backend(Map.of("ZERO_LVM_ON_CREATE", "no"))) {
            VolumeRef v = ref("grow-nz");
            b.create(v, 8 * MIB);
            assertEquals(16 * MIB, b.resize(v, 16 * MIB, Set.of(vm)).sizeBytes());
            assertTrue(!activeOnVm().contains(v.name()), "not active on the VM host: not activated by the resize");
            String dev = b.attach(v, vm);
            assertEquals(16 * MIB, deviceSize(dev));
            assertEquals(24 * MIB, b.resize(v, 24 * MIB, Set.of(vm)).sizeBytes());
            assertEquals(24 * MIB, deviceSize(dev), "active on the read-only host: refreshed");
            assertEquals(24 * MIB, b.resize(v, 24 * MIB, Set.of(vm)).sizeBytes(), "a re-run: a no-op that refreshes");
            b.detach(v, vm);
            b.delete(v, false);
        }
    }

    @Test
    void deleteZeroesTheLvOnTheCopyHostFirst() throws Exception {
        try (SharedLvmBackend b = backend(true)) {
            VolumeRef v = ref("wipe");
            b.create(v, 8 * MIB);
            long w0 = vdaBytesWritten();
            b.delete(v, true);
            assertTrue(vdaBytesWritten() - w0 >= 8 * MIB, "8 MiB of zeroes written before lvremove");
            assertTrue(b.find(v).isEmpty());
            assertEquals(Set.of(), activeOnVm());
        }
    }

    /** The first {@code mib} MiB of an LV, read on the VM with direct I/O. */
    static byte[] read(VolumeRef v, int mib) {
        return read(v, 0, mib);
    }

    /** {@code mib} MiB of an LV from MiB {@code first} on. */
    static byte[] read(VolumeRef v, int first, int mib) {
        try (SharedLvmBackend b = backend(true)) {
            String dev = b.attach(v, vm);
            try {
                return vmRunner.run(Command.of("/usr/bin/dd", "if=" + dev, "bs=1M", "skip=" + first, "count=" + mib,
                        "iflag=direct", "status=none").withOutputCap((int) ((mib + 1) * MIB))).stdoutBytes();
            } finally {
                b.detach(v, vm);
            }
        }
    }

    /** SHA-256 of a whole LV, computed on the VM (no bytes cross SSH). */
    static String sha256OnVm(VolumeRef v) {
        try (SharedLvmBackend b = backend(true)) {
            String dev = b.attach(v, vm);
            try {
                return vmRunner.run(Command.of("sha256sum", dev)).stdout().split("\\s+")[0];
            } finally {
                b.detach(v, vm);
            }
        }
    }

    static String sha256(byte[] data) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
    }

    static void zero(VolumeRef v) {
        try (SharedLvmBackend b = backend(true)) {
            String dev = b.attach(v, vm);
            vmRunner.run(Command.of("/usr/sbin/blkdiscard", "-z", dev));
            b.detach(v, vm);
        }
    }

    static long deviceSize(String dev) {
        return Long.parseLong(vmRunner.run(Command.of("/usr/sbin/blockdev", "--getsize64", dev)).stdout().strip());
    }

    /** Sectors written to the VM's disk since boot (field 7 of /sys/block/vda/stat), in bytes. */
    static long vdaBytesWritten() {
        String[] f = vmRunner.run(Command.of("cat", "/sys/block/vda/stat")).stdout().strip().split("\\s+");
        return Long.parseLong(f[6]) * 512;
    }

    /** Our LVs that are active on the VM. */
    static Set<String> activeOnVm() {
        String out = vmRunner.run(new io.storagedrivers.sharedlvm.lvm.LvmReports(
                io.storagedrivers.sharedlvm.lvm.LvmTools.defaults()).lvs(tb.vg())).stdout();
        return Set.copyOf(io.storagedrivers.sharedlvm.lvm.LvsParser.parse(out).stream()
                .filter(l -> l.name().startsWith(P) && l.active()).map(l -> l.name()).toList());
    }
}
