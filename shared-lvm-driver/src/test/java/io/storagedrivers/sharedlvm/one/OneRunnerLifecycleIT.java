package io.storagedrivers.sharedlvm.one;

import static io.storagedrivers.sharedlvm.one.OneXmlBuilder.image;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.storagedrivers.sharedlvm.one.OneXmlBuilder.Disk;
import io.storagedrivers.testsupport.OneRunner.Answer;
import io.storagedrivers.testsupport.ShimHarness;

/**
 * The runner tier: shared_lvm as an OpenNebula frontend runs it. OpenNebula laid out, the drivers
 * installed by {@code install.sh --frontend}, OpenNebula's own {@code one_tm} and
 * {@code one_datastore} started as a non-root OpenNebula user with the arguments install.sh
 * registered in oned.conf; every step is the message oned sends (transfer files with the lines
 * oned writes, base64 DS_DRIVER_ACTION_DATA; live migration's steps as the VMM runner runs them).
 * After every step, an {@code lvs -o lv_name,lv_active} on every host: only the VM's disks are
 * active, only where the VM runs. Every LOG line of a TM answer carries the VM id. Here on the
 * namespace hosts (host1 → host2); {@link OneRunnerLifecycleVmIT}: with the device-mapper VM host.
 */
class OneRunnerLifecycleIT {
    static final int VM = 42;

    /** The VM's first host and the one it migrates to. */
    String hostA() {
        return TestBedHosts.first();
    }

    String hostB() {
        return TestBedHosts.second();
    }

    /** Whether the VM host takes part (its data paths, its activations). */
    boolean withVmHost() {
        return false;
    }

    /** The system datastore's BRIDGE_LIST: a host that can zero (and activate) when one exists. */
    String bridgeHost() {
        return hostB();
    }

    @Test
    void wholeLifecycleThroughOpenNebulasRunnersAsTheOpenNebulaUser() throws Exception {
        try (RunnerLifecycle r = new RunnerLifecycle(bridgeHost(), withVmHost())) {
            lifecycle(r, hostA(), hostB());
        }
    }

    @Test
    void terminatingAnUndeployedVmDeletesThroughTheBridgeListHost() throws Exception {
        String a = hostA();
        String bridge = bridgeHost();
        try (RunnerLifecycle r = new RunnerLifecycle(bridge, withVmHost())) {
            int vm = 43;
            List<Disk> disks = List.of(new Disk(0, -1, "", false, false, 4, -1, "fs"));
            r.vm(vm, 3, 1, disks, List.of(a), Map.of());
            Set<String> lvs = Set.of("lv-one-43-0");
            r.transfer(vm, Set.of(a), lvs, "MKIMAGE shared_lvm 4 raw " + r.disk(a, vm, 0) + " " + vm + " 100");
            r.vm(vm, 3, 30, disks, List.of(a), Map.of());
            r.transfer(vm, Set.of(), lvs, "MV shared_lvm " + r.disk(a, vm, 0) + " " + r.disk(RunnerLifecycle.FE, vm, 0)
                    + " " + vm + " 100", "MV shared_lvm " + a + ":" + r.dir(vm) + " " + RunnerLifecycle.FE + ":"
                    + r.dir(vm) + " " + vm + " 100");
            long before = Files.isRegularFile(r.tb.sshdLog(bridge)) ? r.tb.countInSshdLog(bridge, "Accepted") : -1;
            // undeployed: oned names the frontend; the LVM work goes to the system datastore's BRIDGE_LIST
            r.vm(vm, 6, 0, disks, List.of(a), Map.of());
            r.transfer(vm, Set.of(), Set.of(), "DELETE shared_lvm " + r.disk(RunnerLifecycle.FE, vm, 0) + " " + vm + " 100",
                    "DELETE shared_lvm " + RunnerLifecycle.FE + ":" + r.dir(vm) + " " + vm + " 100");
            assertEquals(Set.of(), r.w.volumes());
            if (before >= 0) {
                assertTrue(r.tb.countInSshdLog(bridge, "Accepted") > before, "the delete ran on BRIDGE_LIST host " + bridge);
            }
        }
    }

    /**
     * The negative control of the hosts' privilege model: the hosts are reached as the OpenNebula
     * user, so a host whose sudoers file (install.sh --host) is missing cannot activate, and the
     * step fails in one line that says sudo refused, with nothing left behind.
     */
    @Test
    void aHostWithoutTheHostSudoersFileRefusesActivationInOneLine() throws Exception {
        Assumptions.assumeFalse(withVmHost(), "the namespace hosts' sudoers files (the VM host is reached as root)");
        String b = TestBedHosts.second();
        try (RunnerLifecycle r = new RunnerLifecycle(bridgeHost(), false)) {
            Path sudoers = r.tb.hostDir(b).resolve("sudoers.d/storage-drivers");
            Path aside = r.fe.work.resolve("storage-drivers.sudoers");
            Files.move(sudoers, aside);
            try {
                int vm = 44;
                List<Disk> disks = List.of(new Disk(0, -1, "", false, false, 4, -1, "fs"));
                r.vm(vm, 3, 1, disks, List.of(b), Map.of());
                Answer mk = r.fe.transfer(r.tm, vm, "MKIMAGE shared_lvm 4 raw " + r.disk(b, vm, 0) + " " + vm + " 100");
                assertFalse(mk.success(), mk.toString());
                assertTrue(mk.info().contains("sudo: a password is required") && !mk.info().contains("\n"), mk.info());
                assertEquals(Set.of(), r.w.volumes(), "the new LV was removed again");
            } finally {
                Files.move(aside, sudoers);
            }
        }
    }

    /**
     * The negative control of the data path's privilege: the VM host's user taken out of group
     * disk (an operator who skipped install.sh --host there): a volatile swap disk cannot be
     * written, the step fails in one line that says so, and the LV it made is removed again.
     */
    @Test
    void aVmHostUserOutsideGroupDiskFailsTheDataPathInOneLine() throws Exception {
        Assumptions.assumeTrue(withVmHost(), "the data path runs on the device-mapper VM host only");
        String a = hostA();
        try (RunnerLifecycle r = new RunnerLifecycle(bridgeHost(), true)) {
            r.onHost(a, "gpasswd -d " + r.fe.user + " disk");
            try {
                int vm = 45;
                List<Disk> disks = List.of(new Disk(0, -1, "", false, false, 4, -1, "swap"));
                r.vm(vm, 3, 1, disks, List.of(a), Map.of());
                Answer mk = r.fe.transfer(r.tm, vm, "MKSWAP shared_lvm 4 " + r.disk(a, vm, 0) + " " + vm + " 100");
                assertFalse(mk.success(), mk.toString());
                assertTrue(mk.info().contains("Permission denied") && !mk.info().contains("\n"), mk.info());
                assertEquals(Set.of(), r.w.volumes(), "the new LV was removed again");
                r.sweep(Set.of(), Set.of());
            } finally {
                r.onHost(a, "usermod -a -G disk " + r.fe.user);
            }
        }
    }

    /**
     * A datastore action that fails after making its volume says what it undid once: in its failure
     * line, which the runner logs under the image id (a log line of its own reached oned.log twice,
     * the second time as LOG I -1). Here a CP, whose copy cannot run without device-mapper.
     */
    static void failedDatastoreCopySaysWhatItUndidOnce(RunnerLifecycle r, Path raw) throws Exception {
        Answer cp = r.dsFailing("CP", 10, image(10, raw.toString(), "", 8, "", false, Map.of()));
        String undo = "removed " + r.vg + "/img-one-10 after the failure";
        assertTrue(cp.info().contains(undo) && !cp.info().contains("\n"), cp.info());
        assertEquals(1, cp.logs().stream().filter(l -> l.contains(undo)).count(), cp.logs().toString());
        assertTrue(cp.logs().stream().noneMatch(l -> l.startsWith("LOG I -1 ") && l.contains(undo)), cp.logs().toString());
        assertEquals(Set.of(), r.w.volumes(), "the new LV was removed again");
    }

    static void lifecycle(RunnerLifecycle r, String a, String b) throws Exception {
        String vg = r.vg;
        int vm = VM;
        String fe = RunnerLifecycle.FE;
        boolean dm = r.dm;

        // --- images: imported from files where data can be copied, else empty (mkfs); STAT, MONITOR
        Path raw = Path.of("/var/tmp", r.fe.user + "-base.raw");
        byte[] data = new byte[8 << 20];
        for (int i = 0; i < data.length; i += 4096) {
            data[i] = (byte) (i / 4096 + 1);
        }
        Files.write(raw, data);
        r.fe.chown(raw);
        try {
            assertEquals("8", r.ds("STAT", 900, "<IMAGE><PATH>" + raw + "</PATH></IMAGE>").info());
            if (dm) {
                assertEquals(vg + "/img-one-10 raw", r.ds("CP", 10, image(10, raw.toString(), "", 8, "", false,
                        Map.of("MD5", World.md5(raw)))).info());
            } else {
                failedDatastoreCopySaysWhatItUndidOnce(r, raw);
                assertEquals(vg + "/img-one-10", r.ds("MKFS", 10, image(10, "", "", 8, "raw", false, Map.of())).info());
            }
        } finally {
            Files.delete(raw);
        }
        assertEquals(vg + "/img-one-11", r.ds("MKFS", 11, image(11, "", "", 8, "raw", true, Map.of())).info());
        String mon = r.ds("MONITOR", 101, "").decodedInfo();
        assertTrue(mon.matches("(?s)USED_MB=\\d+ FREE_MB=\\d+ TOTAL_MB=\\d+\\s*"), mon);

        // --- deploy on a: disk 0 image 10 (a clone grown to 16 MiB where data can be copied, else
        // used in place), 1 persistent image 11, 2 volatile raw; with device-mapper also 3 swap and
        // 4 a volatile ext4 disk; the context ISO last
        String disk0 = dm ? "lv-one-42-0" : "img-one-10";
        List<Disk> disks = new ArrayList<>(List.of(
                new Disk(0, 10, vg + "/img-one-10", dm, !dm, dm ? 16 : 8, 101, "BLOCK"),
                new Disk(1, 11, vg + "/img-one-11", false, true, 8, 101, "BLOCK"),
                new Disk(2, -1, "", false, false, 4, -1, "fs")));
        Set<String> lvs = new TreeSet<>(Set.of(disk0, "img-one-11", "lv-one-42-2"));
        Map<Integer, String> fs = Map.of(4, "ext4");
        if (dm) {
            disks.add(new Disk(3, -1, "", false, false, 4, -1, "swap"));
            disks.add(new Disk(4, -1, "", false, false, 8, -1, "fs"));
            lvs.addAll(Set.of("lv-one-42-3", "lv-one-42-4"));
        }
        int ctxDisk = 5;
        r.vm(vm, 3, 1, disks, List.of(a), fs);
        List<String> deploy = new ArrayList<>(List.of(
                (dm ? "CLONE" : "LN") + " shared_lvm " + fe + ":" + vg + "/img-one-10 " + r.disk(a, vm, 0) + " " + vm + " 101",
                "LN shared_lvm " + fe + ":" + vg + "/img-one-11 " + r.disk(a, vm, 1) + " " + vm + " 101",
                "MKIMAGE shared_lvm 4 raw " + r.disk(a, vm, 2) + " " + vm + " 100"));
        if (dm) {
            deploy.add("MKSWAP shared_lvm 4 " + r.disk(a, vm, 3) + " " + vm + " 100");
            deploy.add("MKIMAGE shared_lvm 8 raw " + r.disk(a, vm, 4) + " " + vm + " 100");
        }
        deploy.add("CONTEXT shared_lvm " + r.contextFile(vm) + " " + r.disk(a, vm, ctxDisk) + " " + vm + " 100");
        Answer dep = r.transfer(vm, Set.of(a), lvs, deploy.toArray(String[]::new));
        Set<String> all = new TreeSet<>(lvs);
        all.addAll(Set.of("img-one-10", "img-one-11"));
        assertEquals(all, new TreeSet<>(r.w.volumes()));
        assertEquals("/dev/" + vg + "/lv-one-42-2", r.onHost(a, "readlink " + r.dir(vm) + "/disk.2").strip());
        assertTrue(Long.parseLong(r.onHost(a, "wc -c < " + r.dir(vm) + "/disk." + ctxDisk).strip()) >= 32768,
                "the context ISO on " + a);
        if (dm) {
            assertEquals(16L, r.w.volume("lv-one-42-0").sizeMiB(), "clone size = max(DISK SIZE, image size)");
            assertEquals(World.md5(writeTemp(data)), r.onHost(a, "head -c 8388608 /dev/" + vg + "/lv-one-42-0 | md5sum").split(" ")[0],
                    "the clone holds the image's bytes");
            // the signatures: mkswap's at the end of the first page, the ext superblock magic at 1080
            assertEquals("SWAPSPACE2", r.onHost(a, "head -c 4096 /dev/" + vg + "/lv-one-42-3 | tail -c 10"), "mkswap");
            assertEquals("53ef", r.onHost(a, "head -c 1082 /dev/" + vg + "/lv-one-42-4 | tail -c 2 | od -An -tx1")
                    .replaceAll("\\s", ""), "mkfs ext4");
            // the clone's one-line copy summary reaches the VM's log through the runner
            String summary = "LOG I " + vm + " \\S*clone: clone of " + vg + "/img-one-10: copied [0-9.]+ MiB in [0-9.]+ s"
                    + " \\([0-9.]+ MiB/s\\) on " + a + "; .*";
            assertEquals(1, dep.logs().stream().filter(l -> l.matches(summary)).count(), "copy summary: " + dep.logs());
        }
        assertTrue(dep.logs().stream().anyMatch(l -> l.startsWith("LOG I " + vm + " ")), "LOG I lines: " + dep.logs());

        // --- live migration a -> b as the VMM runner runs its storage steps; the VM has one more
        // disk of OpenNebula's own fs_lvm TM when both hosts can run it (sudo): premigrate calls it
        List<String> ab = List.of(a, b);
        String vmB64 = ShimHarness.base64(r.vmXml(vm, 3, 4, disks, ab, fs));
        boolean chain = !dm;
        if (chain) {
            vmB64 = ShimHarness.base64(r.vmXml(vm, 3, 4, disks, ab, fs).replace("<MEMORY>",
                    OneXmlBuilder.element("DISK", Map.of("DISK_ID", "7", "IMAGE_ID", "20", "SOURCE", "vg-one-1/lv-one-20",
                            "TM_MAD", "fs_lvm", "DATASTORE_ID", "1", "TYPE", "BLOCK", "TARGET", "vdh")) + "<MEMORY>"));
        }
        Answer pre = r.migrationStep("PREMIGRATE", vmB64, vm, a, b, Set.of(a, b), lvs);
        if (chain) {
            assertTrue(pre.logs().contains("LOG I " + vm + " tm/premigrate: calling fs_lvm/premigrate"), pre.logs().toString());
        }
        // the hypervisor's migration failed: failmigrate gives everything back to a
        r.migrationStep("FAILMIGRATE", vmB64, vm, a, b, Set.of(a), lvs);
        r.migrationStep("PREMIGRATE", vmB64, vm, a, b, Set.of(a, b), lvs);
        r.vm(vm, 3, 3, disks, ab, fs);
        r.migrationStep("POSTMIGRATE", vmB64, vm, a, b, Set.of(b), lvs);

        // --- poweroff (no TM action): the disks stay where the VM is
        r.vm(vm, 8, 0, disks, ab, fs);
        r.sweep(Set.of(b), lvs);

        // --- cold migration b -> a (PROLOG_MIGRATE_POWEROFF): every disk, then the VM directory
        List<String> bab = List.of(a, b, a);
        r.vm(vm, 3, 43, disks, bab, fs);
        List<String> mv = new ArrayList<>();
        for (Disk d : disks) {
            mv.add("MV shared_lvm " + r.disk(b, vm, d.id()) + " " + r.disk(a, vm, d.id()) + " " + vm + " 100");
        }
        mv.add("MV shared_lvm " + b + ":" + r.dir(vm) + " " + a + ":" + r.dir(vm) + " " + vm + " 100");
        r.transfer(vm, Set.of(a), lvs, mv.toArray(String[]::new));

        // --- resize disk 1 to 16 MiB (powered off)
        r.vm(vm, 8, 0, disks, bab, fs);
        r.transfer(vm, Set.of(a), lvs, "RESIZE shared_lvm " + r.disk(a, vm, 1) + " 16 " + vm + " 101");
        assertEquals(16L, r.w.volume("img-one-11").sizeMiB());

        // --- disk attach (HOTPLUG) of volatile disk 6, then detach
        List<Disk> plus = new ArrayList<>(disks);
        plus.add(new Disk(6, -1, "", false, false, 4, -1, "fs"));
        r.vm(vm, 3, 17, plus, bab, fs);
        Set<String> plusLvs = new TreeSet<>(lvs);
        plusLvs.add("lv-one-42-6");
        r.transfer(vm, Set.of(a), plusLvs, "MKIMAGE shared_lvm 4 raw " + r.disk(a, vm, 6) + " " + vm + " 100");
        r.transfer(vm, Set.of(a), lvs, "DELETE shared_lvm " + r.disk(a, vm, 6) + " " + vm + " 100");
        r.vm(vm, 8, 0, disks, bab, fs);

        // --- save-as of disk 0 into new image 12 (a copy: device-mapper only)
        if (dm) {
            assertEquals(vg + "/img-one-12", r.ds("MKFS", 12, image(12, "", "", 16, "save_as", false, Map.of())).info());
            r.transfer(vm, Set.of(a), lvs, "CPDS shared_lvm " + r.disk(a, vm, 0) + " " + vg + "/img-one-12 -1 " + vm + " 101");
        }

        // --- undeploy (a -> frontend): nothing active anywhere; resume on b (on the VM host again
        // with device-mapper: the terminate zeroes where the VM is, which host1 cannot)
        String c = dm ? a : b;
        r.vm(vm, 3, 30, disks, bab, fs);
        List<String> down = new ArrayList<>();
        List<String> up = new ArrayList<>();
        for (Disk d : disks) {
            down.add("MV shared_lvm " + r.disk(a, vm, d.id()) + " " + r.disk(fe, vm, d.id()) + " " + vm + " 100");
            up.add("MV shared_lvm " + r.disk(fe, vm, d.id()) + " " + r.disk(c, vm, d.id()) + " " + vm + " 100");
        }
        down.add("MV shared_lvm " + a + ":" + r.dir(vm) + " " + fe + ":" + r.dir(vm) + " " + vm + " 100");
        up.add("MV shared_lvm " + fe + ":" + r.dir(vm) + " " + c + ":" + r.dir(vm) + " " + vm + " 100");
        r.transfer(vm, Set.of(), lvs, down.toArray(String[]::new));
        List<String> babb = List.of(a, b, a, c);
        r.vm(vm, 3, 31, disks, babb, fs);
        r.transfer(vm, Set.of(c), lvs, up.toArray(String[]::new));

        // --- terminate on c: own volumes removed, the persistent image given back, the directory gone
        r.vm(vm, 6, 0, disks, babb, fs);
        List<String> epilog = new ArrayList<>();
        for (Disk d : disks) {
            epilog.add(d.persistent() ? "MVDS shared_lvm " + r.disk(c, vm, d.id()) + " " + d.source() + " " + vm + " 101"
                    : "DELETE shared_lvm " + r.disk(c, vm, d.id()) + " " + vm + " 100");
        }
        epilog.add("DELETE shared_lvm " + c + ":" + r.dir(vm) + " " + vm + " 100");
        r.transfer(vm, Set.of(), Set.of(), epilog.toArray(String[]::new));
        assertFalse(r.exists(c, r.dir(vm)), "VM directory removed on " + c);
        Set<String> images = new TreeSet<>(Set.of("img-one-10", "img-one-11"));
        if (dm) {
            images.add("img-one-12");
        }
        assertEquals(images, new TreeSet<>(r.w.volumes()), "only the images remain");

        // --- image clone (device-mapper only), then every image removed
        if (dm) {
            assertEquals(vg + "/img-one-13 raw", r.ds("CLONE", 13, image(13, vg + "/img-one-10", "", 8, "raw", false,
                    Map.of())).info());
            images.add("img-one-13");
            r.sweep(Set.of(), Set.of());
        }
        for (String img : images) {
            int id = Integer.parseInt(img.substring("img-one-".length()));
            r.ds("RM", id, image(id, "", vg + "/" + img, 8, "raw", false, Map.of()));
        }
        assertEquals(Set.of(), r.w.volumes());
        r.sweep(Set.of(), Set.of());
    }

    private static Path writeTemp(byte[] data) throws Exception {
        Path p = Files.createTempFile("sd-tier", ".raw");
        Files.write(p, data);
        p.toFile().deleteOnExit();
        return p;
    }
}
