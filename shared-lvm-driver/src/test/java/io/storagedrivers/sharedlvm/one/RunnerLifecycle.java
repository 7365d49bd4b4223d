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

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.Runners;
import io.storagedrivers.exec.ssh.DefaultRunners;
import io.storagedrivers.sharedlvm.one.OneXmlBuilder.Disk;
import io.storagedrivers.testsupport.OneFrontend;
import io.storagedrivers.testsupport.OneRunner;
import io.storagedrivers.testsupport.OneRunner.Answer;
import io.storagedrivers.testsupport.TestBed;

/**
 * One installed frontend of the runner tier for shared_lvm (see {@link OneRunnerLifecycleIT}): the
 * runners, the datastores, the messages oned sends, and the checks after every step (the VM's
 * LOG lines, which host has which LV active). The test bed's VM host, when it runs, is the one
 * host with device-mapper: the data paths (copies, mkswap, mkfs) run there (COPY_HOST in the
 * driver config file) and only there can an LV be active.
 */
final class RunnerLifecycle implements AutoCloseable {
    static final String FE = "localhost";
    final TestBed tb;
    final World w;
    final OneFrontend fe;
    final OneRunner tm;
    final OneRunner ds;
    final String vg;
    final String location;
    /** Whether the bed has a device-mapper host (the VM host): data paths and activations. */
    final boolean dm;
    final String imageDs;
    final List<String> vmLogs = new ArrayList<>();
    private Runners ssh;

    /** {@code withVmHost}: the VM host (which must run) is the VM's host and does the data paths. */
    RunnerLifecycle(String bridgeHost, boolean withVmHost) throws Exception {
        tb = TestBed.require();
        w = World.create(tb, "lvm"); // starts from an empty VG; its backend inspects the VG as root
        dm = withVmHost && w.copyHost != null;
        vg = tb.vg();
        if (dm) {
            // the VG was just emptied: a mapping of it left on the VM host by an aborted run is stale
            // (its LV is gone) and would make the next activation of that name fail as busy
            onHost(w.copyHost, "for d in $(dmsetup ls | awk '{print $1}' | grep '^" + vg.replace("-", "--")
                    + "-'); do dmsetup remove \"$d\"; done; true");
        }
        OneFrontend f = OneFrontend.create(tb, "shared_lvm");
        try {
            // this site's settings, in the driver config file as an operator writes them
            if (dm) {
                // data copies on the device-mapper host; its busybox shadows bare dd/blkdiscard
                f.configure("shared_lvm", "COPY_HOST=" + w.copyHost, "DD=/usr/bin/dd", "BLKDISCARD=/usr/sbin/blkdiscard");
            } else {
                // no machine of the namespace test bed has device-mapper: nothing can be zeroed
                f.configure("shared_lvm", "ZERO_LVM_ON_CREATE=no", "ZERO_LVM_ON_DELETE=no");
            }
            location = f.one.resolve("var/datastores").toString();
            imageDs = OneXmlBuilder.datastore(101, "images", 0, new LinkedHashMap<>(Map.of("VG_NAME", vg,
                    "BRIDGE_LIST", dm ? w.copyHost : "")));
            f.writeDatastore(101, imageDs);
            f.writeDatastore(100, OneXmlBuilder.datastore(100, "system", 1, Map.of("VG_NAME", vg,
                    "BRIDGE_LIST", bridgeHost)));
            tm = f.startTm();
            ds = f.startDatastore();
        } catch (Exception | Error e) {
            f.close();
            throw e;
        }
        fe = f;
    }

    String dir(int vm) {
        return location + "/100/" + vm;
    }

    String disk(String host, int vm, int id) {
        return host + ":" + dir(vm) + "/disk." + id;
    }

    /** One TRANSFER for {@code vm}; then only {@code disks} active, only on {@code activeHosts}. */
    Answer transfer(int vm, Set<String> activeHosts, Set<String> disks, String... lines) throws Exception {
        Answer a = fe.transfer(tm, vm, lines).ok();
        vmLogs(vm, a);
        sweep(activeHosts, disks);
        return a;
    }

    /** A live-migration step as OpenNebula's VMM runner runs it (see {@link OneFrontend#vmmTm}). */
    Answer migrationStep(String action, String vmB64, int vm, String src, String dst, Set<String> activeHosts,
                         Set<String> disks) throws Exception {
        Answer a = fe.vmmTm(vmB64, action, "shared_lvm", src, dst, dir(vm), Integer.toString(vm), "100").ok();
        vmLogs(vm, a);
        sweep(activeHosts, disks);
        return a;
    }

    /** Every LOG line of a TM answer carries the VM id (it goes to that VM's log, not oned.log). */
    void vmLogs(int vm, Answer a) {
        for (String l : a.logs()) {
            assertTrue(l.matches("LOG [IEWD] " + vm + " .*"), () -> "a log line without VM " + vm + "'s id: " + l);
        }
        vmLogs.addAll(a.logs());
    }

    /**
     * An {@code lvs -o lv_name,lv_active} on every host: {@code disks} active on each of
     * {@code activeHosts} that can activate (device-mapper), nothing else anywhere.
     */
    void sweep(Set<String> activeHosts, Set<String> disks) {
        for (String h : fe.hosts) {
            Set<String> want = dm && activeHosts.contains(h) && h.equals(w.copyHost) ? disks : Set.of();
            assertEquals(new TreeSet<>(want), w.activeOn(h), "LVs active on " + h);
        }
    }

    /** A datastore action that must fail: its answer. */
    Answer dsFailing(String action, int id, String imageXml) throws Exception {
        Answer a = fe.dsAction(ds, action, id, dsAction(imageXml, imageDs, ""));
        assertFalse(a.success(), () -> action + " " + id + " succeeded: " + a.info());
        return a;
    }

    Answer ds(String action, int id, String imageXml) throws Exception {
        Answer a = fe.dsAction(ds, action, id, dsAction(imageXml, imageDs, ""));
        assertTrue(a.success(), () -> action + " " + id + " failed: " + a.info() + "\n" + a.logs());
        return a;
    }

    void vm(int id, int state, int lcm, List<Disk> disks, List<String> hosts, Map<Integer, String> fs)
            throws Exception {
        fe.writeVm(id, vmXml(id, state, lcm, disks, hosts, fs));
    }

    /** The VM XML with FS of some disks (a volatile disk with a file system). */
    String vmXml(int id, int state, int lcm, List<Disk> disks, List<String> hosts, Map<Integer, String> fs) {
        String xml = w.vmXml(id, state, lcm, disks, hosts);
        for (Map.Entry<Integer, String> e : fs.entrySet()) {
            String marker = "<DISK_ID><![CDATA[" + e.getKey() + "]]></DISK_ID>";
            xml = xml.replace(marker, marker + "<FS><![CDATA[" + e.getValue() + "]]></FS>");
        }
        return xml;
    }

    /** The context file oned writes for a VM ({@code $ONE_LOCATION/var/vms/<id>/context.sh}). */
    Path contextFile(int vm) throws Exception {
        Path d = Files.createDirectories(fe.one.resolve("var/vms/" + vm));
        Path ctx = Files.writeString(d.resolve("context.sh"), "ETH0_IP='10.0.0.5'\n");
        fe.chown(d);
        return ctx;
    }

    /** Runs a shell line on a test-bed host as root (checks only). */
    String onHost(String host, String script) {
        synchronized (this) {
            if (ssh == null) {
                ssh = DefaultRunners.fromEnvironment();
            }
        }
        return ssh.host(host).run(Command.of("sh", "-c", script)).stdout();
    }

    /** Whether {@code path} exists on {@code host}. */
    boolean exists(String host, String path) {
        return onHost(host, "if [ -e '" + path + "' ]; then echo yes; else echo no; fi").strip().equals("yes");
    }

    @Override
    public void close() throws Exception {
        fe.close();
    }
}
