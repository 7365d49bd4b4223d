package io.storagedrivers.sharedlvm.one;

import static io.storagedrivers.sharedlvm.one.OneXmlBuilder.dsAction;
import static io.storagedrivers.sharedlvm.one.OneXmlBuilder.image;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.storagedrivers.sharedlvm.one.OneXmlBuilder.Disk;
import io.storagedrivers.testsupport.OneFrontend;
import io.storagedrivers.testsupport.OneRunner;
import io.storagedrivers.testsupport.OneRunner.Answer;
import io.storagedrivers.testsupport.ShimHarness;
import io.storagedrivers.testsupport.TestBed;

/**
 * The runner tier: shared_lvm as an OpenNebula frontend runs it. OpenNebula laid out, the drivers
 * installed by {@code install.sh --frontend}, OpenNebula's own {@code one_tm} and
 * {@code one_datastore} started as a non-root OpenNebula user with the arguments install.sh
 * registered in oned.conf; every step is the message oned sends (transfer files with the lines
 * oned writes, base64 DS_DRIVER_ACTION_DATA), on the test bed's VG. After every step, an
 * {@code lvs -o lv_name,lv_active} on every host: only the VM's disks are active, only on the
 * VM's host (hosts without device-mapper activate nothing). Every LOG line of a TM answer
 * carries the VM id.
 */
class OneRunnerLifecycleIT {
    private static final String FE = "localhost";
    private static final int VM = 42;
    private TestBed tb;
    private OneFrontend fe;
    private World w;
    private OneRunner tm;
    private OneRunner ds;
    private String location;
    private String imageDs;
    private final List<String> vmLogs = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        tb = TestBed.require();
        w = World.create(tb, "lvm"); // empties the VG; its backend inspects the VG as root
        fe = OneFrontend.create(tb, "shared_lvm");
        // the operator's settings for this site, in the driver config file (not the templates):
        // the namespace hosts have no device-mapper, so LVs cannot be zeroed there
        if (w.copyHost == null) {
            fe.configure("shared_lvm", "ZERO_LVM_ON_CREATE=no", "ZERO_LVM_ON_DELETE=no");
        }
        location = fe.one.resolve("var/datastores").toString();
        Map<String, String> attrs = new LinkedHashMap<>(Map.of("VG_NAME", tb.vg(), "BRIDGE_LIST", ""));
        if (w.copyHost != null) {
            attrs.put("COPY_HOST", w.copyHost);
        }
        imageDs = OneXmlBuilder.datastore(101, "images", 0, attrs);
        fe.writeDatastore(101, imageDs);
        fe.writeDatastore(100, OneXmlBuilder.datastore(100, "system", 1, attrs));
        tm = fe.startTm();
        ds = fe.startDatastore();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (fe != null) {
            fe.close();
        }
    }

    private String disk(String host, int id) {
        return host + ":" + location + "/100/" + VM + "/disk." + id;
    }

    /** One TRANSFER for the VM; every LOG line carries its id; then the activation sweep. */
    private Answer transfer(String vmHost, Set<String> vmDisks, String... lines) throws Exception {
        Answer a = fe.transfer(tm, VM, lines).ok();
        assertVmLogs(a);
        sweep(vmHost, vmDisks);
        return a;
    }

    private void assertVmLogs(Answer a) {
        for (String l : a.logs()) {
            assertTrue(l.matches("LOG [IEWD] " + VM + " .*"), () -> "a log line without VM " + VM + "'s id: " + l);
        }
        vmLogs.addAll(a.logs());
    }

    /** On every host only {@code vmDisks} may be active, and only on {@code vmHost} (if it can activate). */
    private void sweep(String vmHost, Set<String> vmDisks) {
        for (String h : fe.hosts) {
            Set<String> want = h.equals(vmHost) && h.equals(w.copyHost) ? vmDisks : Set.of();
            assertEquals(want, w.activeOn(h), "LVs active on " + h);
        }
    }

    private Answer ds(String action, int id, String imageXml, String extra) throws Exception {
        Answer a = fe.dsAction(ds, action, id, dsAction(imageXml, imageDs, extra));
        assertTrue(a.success(), () -> action + " " + id + " failed: " + a.info() + "\n" + a.logs());
        return a;
    }

    @Test
    void deployMigrateResizeTerminateAsTheOpenNebulaUser() throws Exception {
        String vg = tb.vg();
        String host1 = tb.hosts().get(0);
        String host2 = tb.hosts().get(1);

        // images: a persistent empty one (mkfs) and a non-persistent one
        assertEquals(vg + "/img-one-10", ds("MKFS", 10, image(10, "", "", 8, "raw", false, Map.of()), "").info());
        assertEquals(vg + "/img-one-11", ds("MKFS", 11, image(11, "", "", 8, "raw", true, Map.of()), "").info());
        String mon = ds("MONITOR", 101, "", "").decodedInfo();
        assertTrue(mon.matches("(?s)USED_MB=\\d+ FREE_MB=\\d+ TOTAL_MB=\\d+\\s*"), mon);

        // deploy on host1: disk 0 the image 10 used in place (ln), disk 1 persistent image 11,
        // disk 2 volatile, disk 3 context
        List<Disk> disks = List.of(new Disk(0, 10, vg + "/img-one-10", false, false, 8, 101, "BLOCK"),
                new Disk(1, 11, vg + "/img-one-11", false, true, 8, 101, "BLOCK"),
                new Disk(2, -1, "", false, false, 4, -1, "fs"));
        fe.writeVm(VM, w.vmXml(VM, 3, 1, disks, List.of(host1)));
        Path vmDir = Files.createDirectories(fe.one.resolve("var/vms/" + VM));
        Path ctx = Files.writeString(vmDir.resolve("context.sh"), "ETH0_IP='10.0.0.5'\n");
        fe.chown(vmDir);
        Set<String> vmLvs = Set.of("img-one-10", "img-one-11", "lv-one-42-2");
        transfer(host1, vmLvs,
                "LN shared_lvm " + FE + ":" + vg + "/img-one-10 " + disk(host1, 0) + " " + VM + " 101",
                "LN shared_lvm " + FE + ":" + vg + "/img-one-11 " + disk(host1, 1) + " " + VM + " 101",
                "MKIMAGE shared_lvm 4 raw " + disk(host1, 2) + " " + VM + " 100",
                "CONTEXT shared_lvm " + ctx + " " + disk(host1, 3) + " " + VM + " 100");
        assertEquals("/dev/" + vg + "/lv-one-42-2",
                Files.readSymbolicLink(Path.of(location, "100", "" + VM, "disk.2")).toString());
        assertTrue(Files.size(Path.of(location, "100", "" + VM, "disk.3")) >= 32768, "context ISO written");
        assertEquals(new TreeSet<>(vmLvs), w.volumes());

        // live migration host1 -> host2: premigrate, postmigrate through the VMM runner's TM call
        String vmB64 = ShimHarness.base64(w.vmXml(VM, 3, 4, disks, List.of(host1, host2)));
        String dir = location + "/100/" + VM;
        assertVmLogs(fe.vmmTm(vmB64, "PREMIGRATE", "shared_lvm", host1, host2, dir, "" + VM, "100").ok());
        sweep(host2, vmLvs);
        fe.writeVm(VM, w.vmXml(VM, 3, 3, disks, List.of(host1, host2)));
        assertVmLogs(fe.vmmTm(vmB64, "POSTMIGRATE", "shared_lvm", host1, host2, dir, "" + VM, "100").ok());
        sweep(host2, vmLvs);

        // poweroff (no TM action), resize disk 1 to 16 MiB
        fe.writeVm(VM, w.vmXml(VM, 8, 0, disks, List.of(host1, host2)));
        transfer(null, Set.of(), "RESIZE shared_lvm " + disk(host2, 1) + " 16 " + VM + " 101");
        assertEquals(16L, w.volume("img-one-11").sizeMiB());

        // terminate: the persistent image goes back, the volatile disk and the VM dir go
        fe.writeVm(VM, w.vmXml(VM, 6, 0, disks, List.of(host1, host2)));
        transfer(null, Set.of(),
                "MVDS shared_lvm " + disk(host2, 0) + " " + vg + "/img-one-10 " + VM + " 101",
                "MVDS shared_lvm " + disk(host2, 1) + " " + vg + "/img-one-11 " + VM + " 101",
                "DELETE shared_lvm " + disk(host2, 2) + " " + VM + " 100",
                "DELETE shared_lvm " + host2 + ":" + dir + " " + VM + " 100");
        assertFalse(Files.exists(Path.of(dir)), "VM directory removed on the host");
        assertEquals(Set.of("img-one-10", "img-one-11"), w.volumes(), "only the images remain");

        for (int id : new int[] {10, 11}) {
            ds("RM", id, image(id, "", vg + "/img-one-" + id, 8, "raw", false, Map.of()), "");
        }
        assertEquals(Set.of(), w.volumes());
        assertFalse(vmLogs.isEmpty(), "the TM actions logged to VM " + VM + "'s log");
    }
}
