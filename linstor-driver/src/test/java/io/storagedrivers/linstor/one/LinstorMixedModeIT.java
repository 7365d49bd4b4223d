package io.storagedrivers.linstor.one;

import static io.storagedrivers.linstor.one.OneStage.image;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.ssh.DefaultRunners;
import io.storagedrivers.linstor.one.OneStage.Disk;
import io.storagedrivers.testsupport.OneFrontend;
import io.storagedrivers.testsupport.OneRunner;
import io.storagedrivers.testsupport.OneRunner.Answer;
import io.storagedrivers.testsupport.TestBed;

/**
 * Mixed mode through OpenNebula's own runners as an installed frontend runs them (the runner tier's
 * {@link OneFrontend}: install.sh --frontend, a non-root OpenNebula user, one_tm and one_datastore
 * with the registered arguments; the transfer files oned writes):
 * a linstor image datastore with a linstor system datastore (100, and 102 for cold migration),
 * an {@code ssh} system datastore (0) and a {@code shared} one (1), as the TM_MAD_SYSTEM
 * registration allows. Each combination works as addon-linstor does or is refused in one line;
 * nothing lands in a made-up group {@code OpenNebula-DS-<id>}. docs/linstor.md has the table.
 */
class LinstorMixedModeIT {
    private static final String FE = "localhost";
    private OneFrontend fe;
    private LinstorWorld w;
    private OneStage one;
    private OneRunner tm;

    @BeforeEach
    void setUp() throws Exception {
        fe = OneFrontend.create(TestBed.require(), "linstor");
        w = new LinstorWorld(fe);
        one = w.one;
        w.ls.resourceGroup("one-sys2").redundancy(1);
        w.datastore(102, true, "one-sys2");
        one.otherSystemDatastore(0, "ssh");
        one.otherSystemDatastore(1, "shared");
        OneRunner ds = fe.startDatastore();
        for (int id : new int[] {10, 11}) {
            fe.dsAction(ds, "MKFS", id, "<DS_DRIVER_ACTION_DATA>" + image(id, "", 64, "raw", id == 11, 0, -1)
                    + w.imageDs + "</DS_DRIVER_ACTION_DATA>").ok();
            w.sim.state.writeData("OpenNebula-Image-" + id, "image-" + id);
        }
        tm = fe.startTm();
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (fe != null) {
                fe.close();
            }
        } finally {
            if (w != null) {
                w.close();
            }
        }
    }

    private Answer transfer(int vm, String... lines) throws Exception {
        Answer a = fe.transfer(tm, vm, lines);
        for (String l : a.logs()) {
            assertTrue(l.matches("LOG [IEWD] " + vm + " .*"), () -> "a log line without VM " + vm + "'s id: " + l);
        }
        return a;
    }

    private String disk(int sysDs, int vm, int disk) {
        return one.location + "/" + sysDs + "/" + vm + "/disk." + disk;
    }

    /** Where the link {@code path} on {@code host} points (the hosts have their own datastore directories). */
    private String linkOn(String host, String path) {
        return DefaultRunners.fromEnvironment().host(host).run(Command.of("readlink", path)).stdout().strip();
    }

    private void assertNoMadeUpGroups() {
        List<String> groups = w.ls.client().api().resourceGroups(null).stream().map(g -> g.name()).toList();
        assertTrue(groups.stream().noneMatch(g -> g.startsWith("OpenNebula-DS-")), groups.toString());
    }

    @Test
    void sshAndSharedSystemDatastores() throws Exception {
        String clone = "OpenNebula-Image-10-vm50-disk0";
        List<Disk> disks = List.of(new Disk(0, 10, true, false, 128, "BLOCK", ""),
                new Disk(1, 11, false, true, 64, "BLOCK", ""), new Disk(2, -1, false, false, 32, "fs", ""));
        one.vm(50, 3, 1, disks, List.of(w.host1));
        Answer deploy = transfer(50,
                "CLONE.SSH linstor " + FE + ":OpenNebula-Image-10 " + w.host1 + ":" + disk(0, 50, 0) + " 50 101",
                "LN.SSH linstor " + FE + ":OpenNebula-Image-11 " + w.host1 + ":" + disk(0, 50, 1) + " 50 101").ok();
        assertEquals(LinstorWorld.IMG_RG, w.rd(clone).resourceGroup(), "the copy stays in the image datastore's group");
        assertEquals(134217728L, w.rd(clone).volume(0).sizeBytes());
        assertEquals("image-10", w.sim.state.data(clone));
        assertEquals("/dev/drbd/by-res/" + clone + "/0", linkOn(w.host1, disk(0, 50, 0)));
        assertEquals("/dev/drbd/by-res/OpenNebula-Image-11/0", linkOn(w.host1, disk(0, 50, 1)));
        assertTrue(deploy.logs().stream().anyMatch(l -> l.startsWith("LOG I 50 linstor: " + clone + " ")
                && l.contains(w.host1)), "locality said in VM 50's log: " + deploy.logs());
        assertNoMadeUpGroups();

        // a volatile disk on an ssh system datastore is the ssh driver's: refused in one line if sent here
        Answer mk = transfer(50, "MKIMAGE linstor 32 raw " + w.host1 + ":" + disk(0, 50, 2) + " 50 0");
        assertFalse(mk.success());
        assertEquals("datastore 0 uses TM_MAD 'ssh', not linstor: it holds no LINSTOR volumes (its volatile disks and "
                + "context belong to the ssh driver)", mk.info());

        // undeploy (host1 -> frontend), resume on host2 (frontend -> host2)
        one.vm(50, 3, 30, disks, List.of(w.host1));
        transfer(50, "MV.SSH linstor " + w.host1 + ":" + disk(0, 50, 0) + " " + FE + ":" + disk(0, 50, 0) + " 50 0",
                "MV.SSH linstor " + w.host1 + ":" + disk(0, 50, 1) + " " + FE + ":" + disk(0, 50, 1) + " 50 0").ok();
        assertFalse(w.rd(clone).nodes().isDiskless(w.host1), "no diskless client left on host1");
        one.vm(50, 3, 31, disks, List.of(w.host1, w.host2));
        transfer(50, "MV.SSH linstor " + FE + ":" + disk(0, 50, 0) + " " + w.host2 + ":" + disk(0, 50, 0) + " 50 0",
                "MV.SSH linstor " + FE + ":" + disk(0, 50, 1) + " " + w.host2 + ":" + disk(0, 50, 1) + " 50 0").ok();
        assertTrue(w.rd(clone).nodes().isAssigned(w.host2));
        assertEquals("/dev/drbd/by-res/" + clone + "/0", linkOn(w.host2, disk(0, 50, 0)));

        // cold migration to the shared system datastore on host1: the disks do not move
        one.vm(50, 3, 8, disks, List.of(w.host1, w.host2, w.host1));
        transfer(50, "MV.SHARED linstor " + w.host2 + ":" + disk(0, 50, 0) + " " + w.host1 + ":" + disk(1, 50, 0)
                + " 50 1", "MV.SHARED linstor " + w.host2 + ":" + disk(0, 50, 1) + " " + w.host1 + ":" + disk(1, 50, 1)
                + " 50 1").ok();
        assertEquals(LinstorWorld.IMG_RG, w.rd(clone).resourceGroup());
        assertEquals("image-10", w.sim.state.data(clone));
        assertTrue(w.rd(clone).nodes().isAssigned(w.host1));
        assertFalse(w.rd(clone).nodes().isDiskless(w.host2), "the diskless client on host2 went");

        // terminate: the copy goes, the persistent image stays
        one.vm(50, 3, 11, disks, List.of(w.host1, w.host2, w.host1));
        transfer(50, "DELETE.SHARED linstor " + w.host1 + ":" + disk(1, 50, 0) + " 50 1",
                "DELETE.SHARED linstor " + w.host1 + ":" + disk(1, 50, 1) + " 50 1").ok();
        assertFalse(w.rd(clone).defined());
        assertTrue(w.rd("OpenNebula-Image-11").defined());
        assertNoMadeUpGroups();
    }

    @Test
    void coldMigrationBetweenLinstorSystemDatastoresAndToSsh() throws Exception {
        String clone = "OpenNebula-Image-10-vm51-disk0";
        String volatileDisk = "OpenNebula-Volatile-vm51-disk1";
        List<Disk> disks = List.of(new Disk(0, 10, true, false, 128, "BLOCK", ""),
                new Disk(1, -1, false, false, 32, "fs", ""));
        one.vm(51, 3, 1, disks, List.of(w.host1));
        transfer(51, "CLONE linstor " + FE + ":OpenNebula-Image-10 " + w.host1 + ":" + disk(100, 51, 0) + " 51 101",
                "MKIMAGE linstor 32 raw " + w.host1 + ":" + disk(100, 51, 1) + " 51 100").ok();
        assertEquals(LinstorWorld.SYS_RG, w.rd(clone).resourceGroup(), "with a linstor system datastore, its group");
        w.sim.state.writeData(volatileDisk, "scratch");

        // linstor 100 -> linstor 102: both disks change group in place, data kept
        one.vm(51, 3, 8, disks, List.of(w.host1, w.host2));
        transfer(51, "MV linstor " + w.host1 + ":" + disk(100, 51, 0) + " " + w.host2 + ":" + disk(102, 51, 0)
                + " 51 102", "MV linstor " + w.host1 + ":" + disk(100, 51, 1) + " " + w.host2 + ":" + disk(102, 51, 1)
                + " 51 102").ok();
        assertEquals("one-sys2", w.rd(clone).resourceGroup());
        assertEquals("one-sys2", w.rd(volatileDisk).resourceGroup());
        assertEquals("image-10", w.sim.state.data(clone));
        assertEquals("scratch", w.sim.state.data(volatileDisk));
        assertEquals("/dev/drbd/by-res/" + volatileDisk + "/0", linkOn(w.host2, disk(102, 51, 1)));

        // linstor 102 -> ssh 0: the copy joins its image datastore's group; a volatile disk cannot follow
        one.vm(51, 3, 8, disks, List.of(w.host1, w.host2, w.host1));
        transfer(51, "MV.SSH linstor " + w.host2 + ":" + disk(102, 51, 0) + " " + w.host1 + ":" + disk(0, 51, 0)
                + " 51 0").ok();
        assertEquals(LinstorWorld.IMG_RG, w.rd(clone).resourceGroup());
        assertEquals("image-10", w.sim.state.data(clone));
        Answer vol = transfer(51, "MV.SSH linstor " + w.host2 + ":" + disk(102, 51, 1) + " " + w.host1
                + ":" + disk(0, 51, 1) + " 51 0");
        assertFalse(vol.success());
        assertTrue(vol.info().startsWith("datastore 0 uses TM_MAD 'ssh', not linstor"), vol.info());
        assertTrue(w.rd(volatileDisk).defined(), "refused, not lost");
        assertNoMadeUpGroups();
    }

    /**
     * {@code tm/linstor/activate} (after a host rebooted) through one_tm.rb, which runs any action
     * of a transfer line: exactly the VM's linstor disks made available on its host again, said
     * in the VM's log; a call naming another host than oned's is refused in one line, nothing done.
     */
    @Test
    void activateAfterAHostRebootThroughTheRunner() throws Exception {
        String clone = "OpenNebula-Image-10-vm52-disk0";
        String volatileDisk = "OpenNebula-Volatile-vm52-disk1";
        List<Disk> disks = List.of(new Disk(0, 10, true, false, 128, "BLOCK", ""),
                new Disk(1, -1, false, false, 32, "fs", ""));
        one.vm(52, 3, 1, disks, List.of(w.host1));
        transfer(52, "CLONE linstor " + FE + ":OpenNebula-Image-10 " + w.host1 + ":" + disk(100, 52, 0) + " 52 101",
                "MKIMAGE linstor 32 raw " + w.host1 + ":" + disk(100, 52, 1) + " 52 100").ok();
        String dir = one.location + "/100/52";

        Answer act = transfer(52, "ACTIVATE linstor " + w.host1 + ":" + dir + " 52 100").ok();
        for (String d : List.of("disk.0", "disk.1")) {
            assertTrue(act.logs().stream().anyMatch(l -> l.startsWith("LOG I 52 ") && l.contains("activated " + d
                    + " on " + w.host1)), d + " activated, said in VM 52's log: " + act.logs());
        }
        for (String r : List.of(clone, volatileDisk)) {
            assertTrue(w.rd(r).nodes().isAssigned(w.host1), r + " available on " + w.host1);
        }
        assertEquals("/dev/drbd/by-res/" + clone + "/0", linkOn(w.host1, disk(100, 52, 0)));

        List<Boolean> onHost2 = List.of(w.rd(clone).nodes().isAssigned(w.host2),
                w.rd(volatileDisk).nodes().isAssigned(w.host2));
        Answer stale = transfer(52, "ACTIVATE linstor " + w.host2 + ":" + dir + " 52 100");
        assertFalse(stale.success());
        assertEquals("VM 52 runs on '" + w.host1 + "', not on " + w.host2 + ": nothing activated", stale.info());
        assertEquals(onHost2, List.of(w.rd(clone).nodes().isAssigned(w.host2),
                w.rd(volatileDisk).nodes().isAssigned(w.host2)), "nothing changed on " + w.host2);

        one.vm(52, 3, 11, disks, List.of(w.host1));
        transfer(52, "DELETE linstor " + w.host1 + ":" + disk(100, 52, 0) + " 52 100",
                "DELETE linstor " + w.host1 + ":" + disk(100, 52, 1) + " 52 100").ok();
        assertFalse(w.rd(clone).defined());
        assertFalse(w.rd(volatileDisk).defined());
    }
}
