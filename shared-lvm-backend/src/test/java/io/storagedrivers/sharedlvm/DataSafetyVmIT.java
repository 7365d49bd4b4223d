package io.storagedrivers.sharedlvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.exec.Runners;
import io.storagedrivers.sharedlvm.lvm.LvmCommands;
import io.storagedrivers.sharedlvm.lvm.LvmTools;
import io.storagedrivers.sharedlvm.lvm.LvsParser;
import io.storagedrivers.spi.ImageSource;
import io.storagedrivers.spi.VolumeRef;
import io.storagedrivers.testsupport.FencedRegion;
import io.storagedrivers.testsupport.TestBed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "A new volume never shows a deleted volume's bytes", proven on the device-mapper VM host: the
 * VG's free extents are fenced down to a small region, that region is filled with a pattern byte
 * (0xA5) through a volume that is then removed (the backend's delete without zeroing: what DS
 * rm, mv, the undo of a half-made volume, {@code storage volume-delete} without {@code --zero},
 * {@code orphans --delete} and the bridge's delete all call), and volumes are made on it by every
 * create path of the backend (create = DS mkfs / TM mkimage / bridge create; clone with a tail
 * past the image, sparse and dense; image import; resize). Every byte of each is read on the VM:
 * no pattern byte. A control volume made with ZERO_LVM_ON_CREATE=no shows the pattern, so the
 * test can see a leak.
 */
@Tag("vmhost")
class DataSafetyVmIT {
    static final long MIB = 1024L * 1024;
    /** Free space left for the test once the fence is allocated. */
    static final long REGION = 128 * MIB;
    /** The removed volume's bytes. */
    static final int PATTERN = 0xA5;
    static final String P = "ds" + ProcessHandle.current().pid() + "-";
    static final LvmCommands LVM = new LvmCommands(LvmTools.defaults());
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

    /** Copies and zeroing on the VM ({@link VmCopyHost}), zeroing on create, {@code extra} on top. */
    static SharedLvmBackend backend(Map<String, String> extra) {
        Map<String, String> s = new HashMap<>(Map.of("ZERO_LVM_ON_CREATE", "yes"));
        s.putAll(extra);
        return host.backend(s);
    }

    static VolumeRef ref(String name) {
        return host.ref(name);
    }

    @Test
    void noVolumeMadeOnTheExtentsOfARemovedOneShowsItsBytes() throws Exception {
        byte[] image = new byte[(int) (5 * MIB) + 4096]; // random data without the pattern byte
        new Random(7).nextBytes(image);
        for (int i = 0; i < image.length; i++) {
            if (image[i] == (byte) PATTERN) {
                image[i] = 0;
            }
        }
        Path file = Files.write(tmp.resolve("image.raw"), image);
        try (SharedLvmBackend b = backend(Map.of()); SharedLvmBackend dense = backend(Map.of("COPY_SPARSE", "no"));
             SharedLvmBackend unsafe = backend(Map.of("ZERO_LVM_ON_CREATE", "no"))) {
            VolumeRef img = ref("img");
            b.create(img, 8 * MIB);
            b.importImage(img, new ImageSource(file, "raw", image.length), (d, t) -> { });

            // the fence is named with the test's prefix: VmCopyHost.close removes it
            FencedRegion region = FencedRegion.fence(runners.local(), tb.vg(), P + "fence", REGION);
            VolumeRef dirty = ref("dirty");
            runners.local().run(Command.of("lvcreate", "-an", "-Zn", "--wipesignatures", "n", "-l", "100%FREE", "-n",
                    dirty.name(), "-y", tb.vg()));
            fillWithPattern(b, dirty);
            assertTrue(patternBytes(b, dirty) == sizeOf(b, dirty), "the region holds the pattern");
            b.delete(dirty, false); // the removal every removal path ends in: no zeroing
            region.assertAllFree("the pattern's extents are free again");

            Map<String, Long> made = new LinkedHashMap<>();
            b.create(ref("created"), 16 * MIB);
            made.put("create (DS mkfs, TM mkimage, bridge create)", 16 * MIB);
            b.clone(img, ref("clone"), 24 * MIB, (d, t) -> { });
            made.put("clone, 8 MiB image into 24 MiB (COPY_SPARSE=yes)", 24 * MIB);
            dense.clone(img, ref("clone-dense"), 20 * MIB, (d, t) -> { });
            made.put("clone, 8 MiB image into 20 MiB (COPY_SPARSE=no)", 20 * MIB);
            b.create(ref("imported"), 12 * MIB);
            b.importImage(ref("imported"), new ImageSource(file, "raw", image.length), (d, t) -> { });
            made.put("create + import of a 5 MiB image into 12 MiB (DS cp, bridge from-image)", 12 * MIB);
            b.create(ref("grown"), 8 * MIB);
            b.resize(ref("grown"), 24 * MIB, Set.of());
            made.put("create 8 MiB + resize to 24 MiB (TM resize)", 24 * MIB);
            made.put("control: create with ZERO_LVM_ON_CREATE=no", 16 * MIB);
            unsafe.create(ref("control"), 16 * MIB);

            StringBuilder report = new StringBuilder();
            String[] names = {"created", "clone", "clone-dense", "imported", "grown", "control"};
            int i = 0;
            for (Map.Entry<String, Long> e : made.entrySet()) {
                VolumeRef v = ref(names[i++]);
                assertEquals(e.getValue(), sizeOf(b, v), e.getKey());
                long found = patternBytes(b, v);
                report.append(String.format("%n  %-75s %,12d pattern bytes in %,d", e.getKey(), found, e.getValue()));
                if (v.name().endsWith("control")) {
                    assertTrue(found > 0, "the control volume must show the pattern (else the test proves nothing)");
                } else {
                    assertEquals(0, found, e.getKey() + " shows a removed volume's bytes");
                }
            }
            System.out.println("DataSafetyVmIT: every byte of each new volume read on the VM:" + report);
            assertEquals(DataPathVmIT.sha256(java.util.Arrays.copyOf(image, (int) (8 * MIB))), sha256OnVm(b, ref("clone"), 8),
                    "the clone holds the image");
            assertEquals(Set.of(), activeOnVm(), "nothing left active on the VM");
        }
    }

    static long sizeOf(SharedLvmBackend b, VolumeRef v) {
        return b.find(v).orElseThrow().sizeBytes();
    }

    /** Writes 0xA5 over the whole LV on the VM (a 1 MiB pattern file, direct I/O). */
    static void fillWithPattern(SharedLvmBackend b, VolumeRef v) {
        String dev = b.attach(v, vm);
        try {
            FencedRegion.fillWithByte(vmRunner, dev, sizeOf(b, v), PATTERN);
        } finally {
            b.detach(v, vm);
        }
    }

    /** How many bytes of the whole LV are 0xA5, counted on the VM (reads every byte, direct I/O). */
    static long patternBytes(SharedLvmBackend b, VolumeRef v) {
        String dev = b.attach(v, vm);
        try {
            return FencedRegion.bytesOf(vmRunner, dev, sizeOf(b, v), PATTERN);
        } finally {
            b.detach(v, vm);
        }
    }

    /** SHA-256 of the first {@code mib} MiB of the LV, computed on the VM. */
    static String sha256OnVm(SharedLvmBackend b, VolumeRef v, int mib) {
        String dev = b.attach(v, vm);
        try {
            return vmRunner.run(Command.of("sh", "-c", "/usr/bin/dd if=" + dev + " bs=1M count=" + mib
                    + " iflag=direct status=none | sha256sum")).stdout().split("\\s+")[0];
        } finally {
            b.detach(v, vm);
        }
    }

    /** Our LVs that are active on the VM. */
    static Set<String> activeOnVm() {
        return Set.copyOf(LvsParser.parse(vmRunner.run(LVM.reports().lvs(tb.vg())).stdout()).stream()
                .filter(l -> l.name().startsWith(P) && l.active()).map(l -> l.name()).toList());
    }
}
