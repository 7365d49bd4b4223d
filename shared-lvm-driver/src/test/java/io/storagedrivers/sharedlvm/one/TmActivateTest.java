package io.storagedrivers.sharedlvm.one;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.storagedrivers.one.OneCommand;
import io.storagedrivers.one.tm.TmActions;
import io.storagedrivers.sharedlvm.one.OneXmlBuilder.Disk;
import io.storagedrivers.testsupport.FakeRunners;
import io.storagedrivers.testsupport.FakeRunners.Call;

/** tm activate: exactly the VM's shared_lvm disks, lvchange -ay on the VM's host, nothing else anywhere. */
class TmActivateTest {
    static final String DIR = "/var/lib/one/datastores/0/7";

    final FakeRunners runners = new FakeRunners().succeedAll();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** VM 7: a non-persistent image (disk 0, cloned into the system DS VG), a persistent image (disk 1), a volatile disk (disk 2), a CD-ROM of another TM (disk 3). */
    void vm(int state, String host) {
        List<Disk> disks = List.of(
                new Disk(0, 5, "vg-one-1/lv-one-5", true, false, 64, 1, "BLOCK"),
                new Disk(1, 6, "vg-one-1/lv-one-6", false, true, 64, 1, "BLOCK"),
                new Disk(2, -1, "", false, false, 32, -1, "fs"));
        String xml = OneXmlBuilder.vm(7, state, 3, disks, -1, 0, List.of("hostA", host));
        // a disk of another driver must be left alone
        xml = xml.replace("</TEMPLATE>", "<DISK><DISK_ID>3</DISK_ID><IMAGE_ID>9</IMAGE_ID><SOURCE>/x/y</SOURCE>"
                + "<TM_MAD>ceph</TM_MAD><DATASTORE_ID>2</DATASTORE_ID><TYPE>CDROM</TYPE></DISK></TEMPLATE>");
        runners.local().expect(List.of("onevm", "show", "-x", "7"), xml);
        runners.local().otherwise(c -> {
            if (c.argv().get(0).equals("onedatastore")) {
                int id = Integer.parseInt(c.argv().get(3));
                return FakeRunners.Reply.ok(OneXmlBuilder.datastore(id, "ds" + id, id == 0 ? 1 : 0, Map.of()));
            }
            return FakeRunners.Reply.ok("");
        });
    }

    int activate(String... args) {
        OneCommand tm = new OneCommand("tm", TmActions.all(), SharedLvmProfile::new, () -> runners) {
        };
        return tm.run("activate", List.of(args), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]), Map.of());
    }

    /** The LVM commands host {@code h} received, sudo stripped. */
    List<String> lvm(String h) {
        return runners.linesWithoutSudo(w -> w.equals(h) || w.endsWith(h));
    }

    @Test
    void activatesExactlyTheVmsDisksOnItsHost() {
        vm(3, "host1");
        assertEquals(0, activate("host1:" + DIR, "7", "0"), err.toString());
        List<String> ran = lvm("host1");
        assertTrue(!ran.isEmpty(), "nothing ran on host1");
        String all = String.join("\n", ran);
        for (String lv : List.of("vg-one-0/lv-one-7-0", "vg-one-1/lv-one-6", "vg-one-0/lv-one-7-2")) {
            assertTrue(all.contains(lv), lv + " not activated:\n" + all);
        }
        for (String line : ran) {
            assertTrue(line.matches("lvchange( -[A-Za-z]+)* -ay( [^ ]+)+"), "not an activation: " + line);
        }
        assertTrue(!all.contains("/x/y") && !all.contains("lv-one-9"), all);
        // nothing but oned queries on the frontend, and no other host was touched
        for (Call c : runners.calls()) {
            assertTrue(c.where().contains("host1") || c.argv().get(0).startsWith("one"), "unexpected " + c);
        }
        assertTrue(err.toString().contains("activated disk.0 on host1"), err.toString());
    }

    @Test
    void vmOnAnotherHostIsRefusedAndNothingRuns() {
        vm(3, "host2");
        assertTrue(activate("host1:" + DIR, "7", "0") != 0);
        assertTrue(lvm("host1").isEmpty() && lvm("host2").isEmpty(), runners.calls().toString());
        assertTrue(err.toString().contains("VM 7 runs on 'host2', not on host1"), err.toString());
    }

    @Test
    void undeployedVmIsRefused() {
        vm(9, "host1");
        assertTrue(activate("host1:" + DIR, "7", "0") != 0);
        assertTrue(lvm("host1").isEmpty());
        assertTrue(err.toString().contains("state 9"), err.toString());
    }

    @Test
    void badArgumentsGetOneLine() {
        assertTrue(activate("host1:/var/lib/one/datastores/0/8", "7", "0") != 0);
        assertTrue(activate("host1:" + DIR, "7") != 0);
        assertTrue(activate("host;1:" + DIR, "7", "0") != 0);
        assertTrue(runners.calls().isEmpty(), runners.calls().toString());
        for (String line : err.toString().split("\n")) {
            assertTrue(!line.contains("Exception") && !line.contains("\tat "), line);
        }
    }
}
