package io.storagedrivers.sharedlvm.one;

import static io.storagedrivers.sharedlvm.one.OneXmlBuilder.dsAction;
import static io.storagedrivers.sharedlvm.one.OneXmlBuilder.image;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.storagedrivers.sharedlvm.one.OneXmlBuilder.Disk;
import io.storagedrivers.testsupport.TestBed;

/**
 * A host reboot on the device-mapper VM host, whose /init autoactivates LVM at boot as a Debian
 * host does ({@code vgchange -aay}, see scripts/lib/testbed-vm.sh). VM 42 (a clone of an image and a
 * volatile disk) and VM 43 (a volatile disk) run on the VM host with their disks active and
 * written; the host power-cycles ({@code testbed.sh vm-reboot}). With the VG's autoactivation off
 * (as install.sh --frontend --vg leaves it) nothing of the VG is active after the boot; {@code tm
 * activate} of VM 42 brings back exactly VM 42's disks, with the bytes written before the reboot.
 * The negative control: with the flag on, the same boot activates every LV of the VG.
 */
@Tag("vmhost")
class HostRebootVmIT {
    private TestBed tb;
    private String vmhost;
    private World w;

    @Test
    void afterARebootOnlyTheActivatedVmsDisksAreActive() throws Exception {
        tb = TestBed.require();
        vmhost = tb.requireVmHost();
        w = World.create(tb, "lvm", "cold");
        // VMs run on the VM host here: World's sweep (nothing active there after an action) does not apply
        w.h.afterEach = r -> { };
        String vg = w.vg;
        String dir42 = w.location + "/100/42";
        String dir43 = w.location + "/100/43";
        try {
            Path raw = w.rawImage("base.raw", 8);
            w.h.ds("cp", "10", dsAction(image(10, raw.toString(), "", 8, "", false, Map.of("MD5", World.md5(raw))),
                    w.imageDsXml, "")).ok();
            List<Disk> disks42 = List.of(new Disk(0, 10, vg + "/img-one-10", true, false, 8, 101, "BLOCK"),
                    new Disk(1, -1, "", false, false, 4, -1, "fs"));
            List<Disk> disks43 = List.of(new Disk(0, -1, "", false, false, 4, -1, "fs"));
            w.vm(42, 3, 3, disks42, List.of(vmhost));
            w.vm(43, 3, 3, disks43, List.of(vmhost));
            w.h.tm("clone", "", "fe:" + vg + "/img-one-10", vmhost + ":" + dir42 + "/disk.0", "42", "101").ok();
            w.h.tm("mkimage", "", "4", "raw", vmhost + ":" + dir42 + "/disk.1", "42", "100").ok();
            w.h.tm("mkimage", "", "4", "raw", vmhost + ":" + dir43 + "/disk.0", "43", "100").ok();
            String mark = "reboot-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
            ssh(vmhost, "printf '%-512s' " + mark + " | dd of=/dev/" + vg + "/lv-one-42-1 bs=512 count=1 oflag=direct");
            String clone = ssh(vmhost, "md5sum < /dev/" + vg + "/lv-one-42-0");
            assertEquals(World.md5(raw), clone.split(" ")[0], "the clone holds the image's bytes before the reboot");
            assertEquals(Set.of("lv-one-42-0", "lv-one-42-1", "lv-one-43-0"), active(),
                    "the two VMs' disks are active on the VM host before the reboot");

            reboot();
            assertEquals(Set.of(), active(), "nothing of the shared VG is active after the boot (autoactivation off)");
            assertTrue(console().contains("tb-vm: LVM autoactivation done: 0 LV(s) active"), "the boot ran vgchange -aay");

            String out = w.h.tm("activate", "", vmhost + ":" + dir42, "42", "100").ok().stderr();
            assertTrue(out.contains("activated disk.0 on " + vmhost), out);
            assertEquals(Set.of("lv-one-42-0", "lv-one-42-1"), active(), "exactly VM 42's disks");
            assertEquals(World.md5(raw), ssh(vmhost, "md5sum < /dev/" + vg + "/lv-one-42-0").split(" ")[0],
                    "disk.0 reads the bytes it held before the reboot");
            assertEquals(mark, ssh(vmhost, "dd if=/dev/" + vg + "/lv-one-42-1 bs=512 count=1 iflag=direct 2>/dev/null").strip(),
                    "disk.1 reads what was written to it before the reboot");

            // a VM that oned places on another host is refused: its disks stay off here
            w.vm(43, 3, 3, disks43, List.of(vmhost, tb.hosts().get(0)));
            String refused = w.h.tm("activate", "", vmhost + ":" + dir43, "43", "100").failedWithOneLine();
            assertTrue(refused.contains("VM 43 runs on '" + tb.hosts().get(0) + "', not on " + vmhost), refused);
            assertEquals(Set.of("lv-one-42-0", "lv-one-42-1"), active());

            // the negative control: the same boot with the VG's flag on activates every LV of it
            fe("vgchange", "--setautoactivation", "y", vg);
            try {
                reboot();
                assertEquals(Set.of("img-one-10", "lv-one-42-0", "lv-one-42-1", "lv-one-43-0"), active(),
                        "with autoactivation on, the boot activates the whole VG");
            } finally {
                fe("vgchange", "--setautoactivation", "n", vg);
            }
        } finally {
            // leave the VM host as the other vmhost tests expect it: nothing of the VG active, no LV left
            ssh(vmhost, "vgchange -an " + vg + " >/dev/null 2>&1; true");
            for (var v : w.inspect.list(vg)) {
                w.inspect.delete(v.ref(), false);
            }
        }
    }

    /** LVs of the VG active on the VM host ({@code lvs -o lv_name,lv_active} there, over a new SSH connection). */
    private Set<String> active() throws Exception {
        Set<String> out = new TreeSet<>();
        for (String line : ssh(vmhost, "lvs --noheadings -o lv_name,lv_active " + w.vg).split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 2 && f[1].equals("active")) {
                out.add(f[0]);
            }
        }
        return out;
    }

    /** The VM host power-cycles: same disk, same initramfs, its /init autoactivates LVM again. */
    private void reboot() throws Exception {
        String prefix = tb.get("TB_PREFIX");
        if (prefix == null || prefix.isBlank()) {
            prefix = tb.get("TB_FE_NS").replaceFirst("-frontend$", "");
        }
        Path repo = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (!Files.isRegularFile(repo.resolve("scripts/testbed.sh"))) {
            repo = repo.getParent();
        }
        ProcessBuilder pb = new ProcessBuilder("bash", repo.resolve("scripts/testbed.sh").toString(), "vm-reboot")
                .redirectErrorStream(true);
        pb.environment().putAll(Map.of("TB_DIR", tb.dir().toString(), "TB_PREFIX", prefix, "TB_VG", w.vg));
        if (tb.get("TB_NET") != null) {
            pb.environment().put("TB_NET", tb.get("TB_NET"));
        }
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(15, TimeUnit.MINUTES), "vm-reboot did not end");
        assertEquals(0, p.exitValue(), "testbed.sh vm-reboot failed:\n" + log);
    }

    private String console() throws IOException {
        return Files.readString(tb.dir().resolve("vmhost/console.log"), StandardCharsets.ISO_8859_1);
    }

    private String ssh(String host, String command) throws Exception {
        return run(List.of("ssh", "-F", tb.sshConfig().toString(), host, command));
    }

    private void fe(String... lvm) throws Exception {
        List<String> argv = new ArrayList<>(List.of("env"));
        tb.frontendLvmEnv().forEach((k, v) -> argv.add(k + "=" + v));
        argv.addAll(List.of(lvm));
        run(argv);
    }

    private static String run(List<String> argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), argv + " did not end");
        assertEquals(0, p.exitValue(), argv + " failed: " + out);
        return out;
    }
}
