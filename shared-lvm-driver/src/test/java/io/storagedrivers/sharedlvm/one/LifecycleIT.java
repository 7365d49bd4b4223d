package io.storagedrivers.sharedlvm.one;

import static io.storagedrivers.sharedlvm.one.OneXmlBuilder.dsAction;
import static io.storagedrivers.sharedlvm.one.OneXmlBuilder.image;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.storagedrivers.sharedlvm.one.OneXmlBuilder.Disk;
import io.storagedrivers.backends.Backends;
import io.storagedrivers.testsupport.ShimHarness;
import io.storagedrivers.testsupport.TestBed;

/**
 * The VM lifecycle as OpenNebula drives it, every step through its shim with oned's argv and stdin:
 * import images → deploy a VM with a clone, a persistent image, a volatile disk and context on
 * host1 → live-migrate to host2 → poweroff → resize → save-as → terminate. At the end only the
 * images are left. Runs on the simulator backend and on the real LVM backend (the test bed's VG).
 */
class LifecycleIT {

    /** backend kind → mode → the shims' transcript (argv, exit code, stdout, stderr of every run). */
    private static final Map<String, Map<String, List<String>>> TRANSCRIPTS = new java.util.concurrent.ConcurrentHashMap<>();

    @ParameterizedTest(name = "{0} backend, {1} shims")
    @CsvSource({"sim, cold", "sim, warm", "lvm, cold", "lvm, warm"})
    void vmLifecycle(String backendKind, String mode) throws Exception {
        TestBed tb = TestBed.require();
        Assumptions.assumeTrue(!"lvm".equals(backendKind) || Backends.knownSchemes().contains("lvm"),
                "no lvm backend on the class path yet");
        World w = World.create(tb, backendKind, mode);
        w.h.startWarmService();
        lifecycle(w, backendKind, tb);
        if (mode.equals("warm")) {
            // every action went through the service (none fell back to a cold JVM)
            List<String> served = w.h.warmActions();
            assertEquals(w.h.transcript.size(), served.size(), () -> "actions run warm: " + served);
        }
        TRANSCRIPTS.computeIfAbsent(backendKind, k -> new java.util.concurrent.ConcurrentHashMap<>()).put(mode, w.h.transcript);
    }

    /**
     * The proof that warm mode is invisible to OpenNebula: for each backend, the same lifecycle
     * gave byte-identical stdout, the same stderr lines and the same exit codes cold and warm.
     */
    @AfterAll
    static void warmAndColdGaveTheSameResults() {
        TRANSCRIPTS.forEach((kind, modes) -> {
            if (modes.containsKey("cold") && modes.containsKey("warm")) {
                List<String> cold = modes.get("cold");
                List<String> warm = modes.get("warm");
                for (int i = 0; i < Math.max(cold.size(), warm.size()); i++) {
                    assertEquals(i < cold.size() ? cold.get(i) : "(none)", i < warm.size() ? warm.get(i) : "(none)",
                            kind + " backend: shim run " + (i + 1) + " differs between cold and warm");
                }
            }
        });
    }

    private static void lifecycle(World w, String backendKind, TestBed tb) throws Exception {
        String host1 = tb.hosts().get(0);
        String host2 = tb.hosts().get(1);
        String vg = w.vg;
        String sysDir = w.location + "/100/42";

        // Data copies (import, clone, save-as) need device-mapper where they run: the test bed's VM
        // host (COPY_HOST=vmhost) when it is up; without it the LVM variant makes its images
        // empty (mkfs) and uses them in place.
        boolean dataPaths = "sim".equals(backendKind) || w.copyHost != null;
        if (dataPaths) {
            Path raw = w.rawImage("base.raw", 8);
            String cp = w.h.ds("cp", "10", dsAction(image(10, raw.toString(), "", 8, "", false,
                    Map.of("MD5", World.md5(raw))), w.imageDsXml, "")).ok().stdout();
            assertEquals(vg + "/img-one-10 raw\n", cp);
            Path qcow = w.qcow2Image("data.qcow2", 4);
            assertEquals(vg + "/img-one-11 raw\n", w.h.ds("cp", "11",
                    dsAction(image(11, qcow.toString(), "", 4, "", true, Map.of()), w.imageDsXml, "")).ok().stdout());
            assertEquals("4\n", w.h.ds("stat", "900",
                    dsAction("<IMAGE><PATH>" + qcow + "</PATH></IMAGE>", w.imageDsXml, "")).ok().stdout());
        } else {
            for (int id : new int[] {10, 11}) {
                assertEquals(vg + "/img-one-" + id + "\n", w.h.ds("mkfs", Integer.toString(id),
                        dsAction(image(id, "", "", 8, "raw", true, Map.of()), w.imageDsXml, "")).ok().stdout());
            }
        }

        // deploy on host1: disk 0 a clone grown to 16 MiB (used in place without data paths),
        // disk 1 a persistent image, disk 2 volatile, disk 3 context
        List<Disk> disks = List.of(new Disk(0, 10, vg + "/img-one-10", dataPaths, !dataPaths, 16, 101, "BLOCK"),
                new Disk(1, 11, vg + "/img-one-11", false, true, 4, 101, "BLOCK"),
                new Disk(2, -1, "", false, false, 4, -1, "fs"));
        String disk0 = dataPaths ? "lv-one-42-0" : "img-one-10";
        w.vm(42, 3, 1, disks, List.of(host1));
        w.h.tm(dataPaths ? "clone" : "ln", "", "fe:" + vg + "/img-one-10",
                host1 + ":" + w.location + "//100/42/disk.0", "42", "101").ok();
        w.h.tm("ln", "", "fe:" + vg + "/img-one-11", host1 + ":" + sysDir + "/disk.1", "42", "101").ok();
        w.h.tm("mkimage", "", "4", "raw", host1 + ":" + sysDir + "/disk.2", "42", "100").ok();
        Path ctx = Files.writeString(w.work.resolve("context.sh"), "ETH0_IP='10.0.0.5'\n");
        w.h.tm("context", "", ctx.toString(), host1 + ":" + sysDir + "/disk.3", "42", "100").ok();
        assertEquals(w.device(disk0), Files.readSymbolicLink(Path.of(sysDir, "disk.0")).toString());
        assertEquals(w.device("img-one-11"), Files.readSymbolicLink(Path.of(sysDir, "disk.1")).toString());
        assertEquals(w.device("lv-one-42-2"), Files.readSymbolicLink(Path.of(sysDir, "disk.2")).toString());
        assertTrue(Files.size(Path.of(sysDir, "disk.3")) >= 32768, "context ISO written");
        if (dataPaths) {
            assertEquals(16L, w.volume("lv-one-42-0").sizeMiB(), "clone size = max(DISK SIZE, image size)");
        }
        Set<String> deployed = new TreeSet<>(Set.of("img-one-10", "img-one-11", "lv-one-42-2"));
        deployed.add(disk0);
        assertEquals(deployed, w.volumes());

        // live migration host1 -> host2
        String vmB64 = ShimHarness.base64(w.vmXml(42, 3, 4, disks, List.of(host1, host2)));
        w.h.tm("premigrate", vmB64, host1, host2, w.location + "/100/42/", "42", "100").ok();
        w.vm(42, 3, 3, disks, List.of(host1, host2));
        w.h.tm("postmigrate", vmB64, host1, host2, sysDir, "42", "100").ok();
        // source == destination must leave the running VM alone
        w.h.tm("postmigrate", vmB64, host2, host2, sysDir, "42", "100").ok();
        assertTrue(Files.isSymbolicLink(Path.of(sysDir, "disk.0")));

        // poweroff (no TM action), resize disk 0 to 32 MiB
        w.vm(42, 8, 0, disks, List.of(host1, host2));
        w.h.tm("resize", "", host2 + ":" + sysDir + "/disk.0", "32", "42", "100").ok();
        assertEquals(32L, w.volume(disk0).sizeMiB());

        // save-as of disk 0 into new image 12
        assertEquals(vg + "/img-one-12\n", w.h.ds("mkfs", "12",
                dsAction(image(12, "", "", 32, "save_as", false, Map.of()), w.imageDsXml, "")).ok().stdout());
        if (dataPaths) {
            w.h.tm("cpds", "", host2 + ":" + sysDir + "/disk.0", vg + "/img-one-12", "-1", "42", "101").ok();
        }

        // terminate: delete the clone and the volatile disk, give the persistent image back, drop the dir
        w.vm(42, 6, 0, disks, List.of(host1, host2));
        if (dataPaths) {
            w.h.tm("delete", "", host2 + ":" + sysDir + "/disk.0", "42", "100").ok();
        } else {
            w.h.tm("mvds", "", host2 + ":" + sysDir + "/disk.0", vg + "/img-one-10", "42", "101").ok();
        }
        w.h.tm("mvds", "", host2 + ":" + sysDir + "/disk.1", vg + "/img-one-11", "42", "101").ok();
        w.h.tm("delete", "", host2 + ":" + sysDir + "/disk.2", "42", "100").ok();
        w.h.tm("delete", "", host2 + ":" + sysDir, "42", "100").ok();
        // a re-run of a delete whose volume is gone succeeds
        w.h.tm("delete", "", host2 + ":" + sysDir + "/disk.0", "42", "100").ok();
        assertFalse(Files.exists(Path.of(sysDir)));
        assertEquals(Set.of("img-one-10", "img-one-11", "img-one-12"), w.volumes(), "only the images remain");

        String mon = w.h.ds("monitor", "101", dsAction("", w.imageDsXml, "")).ok().stdout();
        assertTrue(mon.matches("USED_MB=\\d+ FREE_MB=\\d+ TOTAL_MB=\\d+\n"), mon);
        if (w.copyHost != null) {
            exportLeavesNothingActive(w);
        }
        for (String id : List.of("10", "11", "12")) {
            w.h.ds("rm", id, dsAction(image(Integer.parseInt(id), "", vg + "/img-one-" + id, 1, "raw", false, Map.of()),
                    w.imageDsXml, "")).ok();
        }
        assertEquals(new TreeSet<String>(), w.volumes());
    }

    /**
     * DS export through the copy host as BRIDGE_LIST: the image is staged there as a file with its
     * bytes (the md5 the marketplace checks), the volume is deactivated again (the sweep after the
     * shim), and rm of the image removes the staged file.
     */
    private static void exportLeavesNothingActive(World w) throws Exception {
        Map<String, String> attrs = new java.util.LinkedHashMap<>(Map.of("VG_NAME", w.vg, "SAFE_DIRS",
                w.work.toString(), "BRIDGE_LIST", w.copyHost, "ZERO_LVM_ON_CREATE", "yes"));
        String bridged = OneXmlBuilder.datastore(101, "images", 0, attrs);
        String image = image(12, "", w.vg + "/img-one-12", 1, "raw", false, Map.of());
        String out = w.h.ds("export", "7", dsAction(image, bridged, "")).ok().stdout();
        String file = "/var/tmp/storage-drivers-export/ds101-image12.raw";
        assertTrue(out.contains("<IMPORT_SOURCE><![CDATA[ssh://" + w.copyHost + ":" + file + "]]></IMPORT_SOURCE>"), out);
        assertTrue(out.contains("<DISPOSE>NO</DISPOSE>"), out);
        var vm = io.storagedrivers.exec.ssh.DefaultRunners.fromEnvironment().host(w.copyHost);
        String md5 = vm.run(io.storagedrivers.exec.Command.of("md5sum", file)).stdout().split("\\s+")[0];
        assertTrue(out.contains("<MD5><![CDATA[" + md5 + "]]></MD5>"), out);
        assertEquals("700", vm.run(io.storagedrivers.exec.Command.of("stat", "-c", "%a",
                "/var/tmp/storage-drivers-export")).stdout().strip(), "only oneadmin reads the staged copies");
        w.h.ds("rm", "12", dsAction(image, bridged, "")).ok();
        assertFalse(vm.execute(io.storagedrivers.exec.Command.of("stat", file)).ok(), "rm removed the staged copy");
    }
}
