package io.storagedrivers.sharedlvm.one;

import static io.storagedrivers.sharedlvm.one.OneXmlBuilder.dsAction;
import static io.storagedrivers.sharedlvm.one.OneXmlBuilder.image;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.storagedrivers.cli.ExitCode;
import io.storagedrivers.cli.storage.StorageCliScenario;
import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.exec.Runners;
import io.storagedrivers.exec.ssh.DefaultRunners;
import io.storagedrivers.sharedlvm.one.OneXmlBuilder.Disk;
import io.storagedrivers.spi.VolumeRef;
import io.storagedrivers.testsupport.FencedRegion;
import io.storagedrivers.testsupport.TestBed;

/**
 * "A new volume never shows a deleted volume's bytes", per removal path and per create path, each
 * through its own entry point (the shims as oned runs them, the {@code storage} CLI) with the
 * device-mapper VM host copying and zeroing.
 *
 * <p>The VG's free space is fenced down to a region of five 16 MiB volumes, and every extent of it
 * is made to hold a tenant's bytes — a 32-byte marker line — by volumes that are then removed, one
 * per removal path: DS {@code rm} of an image (imported from a marker file by DS {@code cp}), TM
 * {@code delete} of a VM disk (a clone of that image; the system datastore has
 * ZERO_LVM_ON_DELETE=no), the undo of a clone that fails after copying every byte (its DD exits 1),
 * {@code storage volume-delete} without {@code --zero} and {@code storage orphans --delete}. Then the
 * region is handed out again by every create path — TM {@code clone} with a tail past the image,
 * TM {@code mkimage}, TM {@code mkswap}, DS {@code cp}, DS {@code mkfs} with and without a file system — and
 * each new volume is read whole on the VM host with one command (the marker lines counted): none.
 * A control volume made with ZERO_LVM_ON_CREATE=no on the same region shows the marker, so the
 * check can see a leak.
 */
@Tag("vmhost")
class ZeroReadPerPathVmIT {
    static final long MIB = 1024L * 1024;
    /** 32 bytes: 16 MiB of it is 524,288 lines, none of which mkfs, mkswap or random data makes. */
    static final String MARKER = "sd-zero-read-proof:removed-vol.\n";
    static final int VOL_MIB = 16;
    static final String ORPHAN_VM = "990003";

    @TempDir
    Path tmp;

    @Test
    void everyRemovalPathFreesExtentsThatEveryCreatePathZeroes() throws Exception {
        TestBed tb = TestBed.require();
        String vm = tb.requireVmHost();
        assertEquals(32, MARKER.length());
        World w = World.create(tb, "lvm", "cold");
        String vg = w.vg;
        String host1 = tb.hosts().get(0);
        try (Runners runners = DefaultRunners.fromEnvironment()) {
            CommandRunner vmRunner = runners.host(vm);
            // an image for the create paths, outside the region (kept to the end)
            Path clean = w.work.resolve("clean.raw");
            Files.write(clean, randomWithoutNewlines(4 * MIB));
            cp(w, 20, clean);

            try (FencedRegion region = FencedRegion.fence(runners.local(), vg, "zr-fence-" + ProcessHandle.current().pid(),
                    5 * VOL_MIB * MIB)) {
                // 1. the region filled with tenants' bytes by volumes of the removal paths
                Path marked = w.work.resolve("tenant.raw");
                Files.write(marked, MARKER.repeat((int) (VOL_MIB * MIB / MARKER.length())).getBytes(StandardCharsets.US_ASCII));
                cp(w, 30, marked);
                String source = vg + "/img-one-30";
                for (int id : new int[] {50, 51, Integer.parseInt(ORPHAN_VM)}) {
                    cloneDisk(w, id, host1, 30, source).ok();
                }
                // the undo: DD copies every byte, then fails; the clone removes its half-made target
                vmRunner.run(Command.of("sh", "-c", "printf '#!/bin/sh\\n/usr/bin/dd \"$@\" || exit 2\\nexit 1\\n'"
                        + " > /tmp/sd-dd-fails && chmod 700 /tmp/sd-dd-fails"));
                w.h.env.put("DD", "/tmp/sd-dd-fails");
                try {
                    cloneDisk(w, 52, host1, 30, source).failedWithOneLine();
                } finally {
                    w.h.env.put("DD", "/usr/bin/dd");
                }
                assertTrue(!w.volumes().contains("lv-one-52-0"), "the undo removed the half-made clone");
                assertEquals(VOL_MIB * MIB, region.freeBytes(), "the undo freed the clone's extents");

                w.vm(50, 6, 0, List.of(disk(30, source)), List.of(host1));
                w.h.tm("delete", "", host1 + ":" + w.location + "/100/50/disk.0", "50", "100").ok();
                StorageCliScenario cli = storageCli(tb, w);
                cli.run(ExitCode.OK, "volume-delete", "--name", "lv-one-51-0", "--force");
                cli.fakeOnevmWithout(ORPHAN_VM);
                List<Map<String, String>> orphans = cli.run(ExitCode.OK, "orphans", "--delete", "--force", "--csv").csv();
                assertEquals(List.of("lv-one-" + ORPHAN_VM + "-0"), orphans.stream().map(r -> r.get("name")).toList());
                assertEquals("deleted", orphans.get(0).get("result"));
                w.h.ds("rm", "30", dsAction(image(30, "", source, VOL_MIB, "raw", false, Map.of()), w.imageDsXml, "")).ok();
                region.assertAllFree("every extent of the region was freed by one of the five removal paths");

                // 2. every create path on that region
                Map<String, String> made = new LinkedHashMap<>();
                w.vm(60, 3, 1, List.of(new Disk(0, 20, vg + "/img-one-20", true, false, 16, 101, "BLOCK"),
                        new Disk(1, -1, "", false, false, 16, -1, "fs")), List.of(host1));
                String sys60 = host1 + ":" + w.location + "/100/60";
                w.h.tm("clone", "", "fe:" + vg + "/img-one-20", sys60 + "/disk.0", "60", "101").ok();
                made.put("lv-one-60-0", "TM clone of a 4 MiB image into 16 MiB (the tail past the image)");
                w.h.tm("mkimage", "", "16", "raw", sys60 + "/disk.1", "60", "100").ok();
                made.put("lv-one-60-1", "TM mkimage, 16 MiB raw");
                // mkswap runs on the VM's host, which needs device-mapper: VM 62 runs on the VM host
                // (the sweep after each shim expects nothing active there: paused for this one)
                w.vm(62, 3, 1, List.of(new Disk(0, -1, "", false, false, 8, -1, "swap")), List.of(vm));
                var sweep = w.h.afterEach;
                w.h.afterEach = r -> { };
                try {
                    w.h.tm("mkswap", "", "8", vm + ":" + w.location + "/100/62/disk.0", "62", "100").ok();
                } finally {
                    w.h.afterEach = sweep;
                    w.inspect.detach(new VolumeRef(vg, "lv-one-62-0"), vm);
                }
                made.put("lv-one-62-0", "TM mkswap, 8 MiB (on the VM host)");
                Path data = w.work.resolve("data.raw");
                Files.write(data, randomWithoutNewlines(6 * MIB + 4096));
                cp(w, 21, data);
                made.put("img-one-21", "DS cp of a 6 MiB + 4 KiB image (7 MiB LV)");
                Map<String, String> bridged = new LinkedHashMap<>(Map.of("VG_NAME", vg, "SAFE_DIRS", w.work.toString(),
                        "BRIDGE_LIST", vm, "ZERO_LVM_ON_CREATE", "yes"));
                String ext4 = image(22, "", "", 16, "raw", false, Map.of())
                        .replace("<FS><![CDATA[]]></FS>", "<FS><![CDATA[ext4]]></FS>");
                w.h.ds("mkfs", "22", dsAction(ext4, OneXmlBuilder.datastore(101, "images", 0, bridged), "")).ok();
                made.put("img-one-22", "DS mkfs, 16 MiB ext4 made on the VM host");
                w.h.ds("mkfs", "23", dsAction(image(23, "", "", 8, "raw", false, Map.of()),
                        OneXmlBuilder.datastore(101, "images", 0, bridged), "")).ok();
                made.put("img-one-23", "DS mkfs, 8 MiB without a file system");

                // the control: the same kind of volume made without zeroing must show the marker
                Map<String, String> unzeroed = new LinkedHashMap<>(Map.of("VG_NAME", vg, "SAFE_DIRS", w.work.toString(),
                        "BRIDGE_LIST", "", "ZERO_LVM_ON_DELETE", "no", "ZERO_LVM_ON_CREATE", "no", "COPY_HOST", vm));
                w.h.writeDatastore(102, OneXmlBuilder.datastore(102, "system-unzeroed", 1, unzeroed));
                w.vm(61, 3, 1, List.of(new Disk(0, -1, "", false, false, 8, -1, "fs")), List.of(host1));
                w.h.env.put("ZERO_LVM_ON_CREATE", "no");
                try {
                    w.h.tm("mkimage", "", "8", "raw", host1 + ":" + w.location + "/102/61/disk.0", "61", "102").ok();
                } finally {
                    w.h.env.put("ZERO_LVM_ON_CREATE", "yes");
                }

                StringBuilder report = new StringBuilder();
                for (Map.Entry<String, String> e : made.entrySet()) {
                    long lines = markerLines(w, vmRunner, vm, e.getKey());
                    report.append(String.format("%n  %-66s %,9d marker lines", e.getValue(), lines));
                    assertEquals(0, lines, e.getValue() + " shows a removed volume's bytes");
                }
                long control = markerLines(w, vmRunner, vm, "lv-one-61-0");
                report.append(String.format("%n  %-66s %,9d marker lines", "control: TM mkimage with ZERO_LVM_ON_CREATE=no", control));
                System.out.println("ZeroReadPerPathVmIT: each new volume read whole on " + vm + report);
                assertTrue(control > 0, "the control volume must show the marker (else the check proves nothing)");
            }
            for (var v : w.inspect.list(vg)) {
                w.inspect.delete(v.ref(), false);
            }
        }
    }

    private static Disk disk(int imageId, String source) {
        return new Disk(0, imageId, source, true, false, VOL_MIB, 101, "BLOCK");
    }

    /** TM clone of image {@code imageId} into disk 0 of VM {@code vmId} on {@code host}, as oned runs it. */
    private static io.storagedrivers.testsupport.ShimHarness.Result cloneDisk(World w, int vmId, String host, int imageId,
                                                                            String source) throws Exception {
        w.vm(vmId, 3, 1, List.of(disk(imageId, source)), List.of(host));
        return w.h.tm("clone", "", "fe:" + source, host + ":" + w.location + "/100/" + vmId + "/disk.0",
                Integer.toString(vmId), "101");
    }

    private static void cp(World w, int id, Path file) throws Exception {
        w.h.ds("cp", Integer.toString(id), dsAction(image(id, file.toString(), "", Files.size(file) / MIB + 1, "", false,
                Map.of("MD5", World.md5(file))), w.imageDsXml, "")).ok();
    }

    private static StorageCliScenario storageCli(TestBed tb, World w) {
        Map<String, String> env = new HashMap<>(tb.frontendLvmEnv());
        env.put("STORAGE_DRIVERS_SSH_CONFIG", tb.sshConfig().toString());
        env.put("STORAGE_DRIVERS_LOCK_DIR", tb.dir().resolve("locks").toString());
        return new StorageCliScenario(Path.of("target").toAbsolutePath(), "lvm://" + w.vg, w.vg, "zr", w.work, env);
    }

    /** Lines holding the marker in the whole LV, read on the VM host ({@link FencedRegion#linesWith}). */
    private static long markerLines(World w, CommandRunner vmRunner, String vm, String lv) {
        VolumeRef ref = new VolumeRef(w.vg, lv);
        String dev = w.inspect.attach(ref, vm);
        try {
            return FencedRegion.linesWith(vmRunner, dev, MARKER.strip());
        } finally {
            w.inspect.detach(ref, vm);
        }
    }

    /** Random bytes without '\n', so no marker line can appear in them. */
    private static byte[] randomWithoutNewlines(long size) {
        byte[] b = new byte[(int) size];
        new Random(15).nextBytes(b);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                b[i] = 0;
            }
        }
        return b;
    }
}
