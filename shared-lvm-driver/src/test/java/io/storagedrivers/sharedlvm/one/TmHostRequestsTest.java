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

/**
 * One request per host per action, one LVM process per request: premigrate of three disks sends
 * host2 {@code lvchange -ay} of all three, the VM directory's mkdir and its links in one request;
 * postmigrate sends host1 one {@code lvchange -an} of all three; mkimage activates and links the
 * new volume in one request.
 */
class TmHostRequestsTest {
    static final String DIR = "/var/lib/one/datastores/0/7";

    final FakeRunners runners = new FakeRunners().succeedAll();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** VM 7 on host1: a clone (disk 0) and two volatile disks (1, 2), all in the system DS's VG. */
    void vm() {
        List<Disk> disks = List.of(
                new Disk(0, 5, "vg-one-1/lv-one-5", true, false, 64, 1, "BLOCK"),
                new Disk(1, -1, "", false, false, 32, -1, "fs"),
                new Disk(2, -1, "", false, false, 32, -1, "fs"));
        runners.local().expect(List.of("onevm", "show", "-x", "7"), OneXmlBuilder.vm(7, 3, 3, disks, -1, 0,
                List.of("host1")));
        runners.local().otherwise(c -> {
            if (c.argv().get(0).equals("onedatastore")) {
                int id = Integer.parseInt(c.argv().get(3));
                // the system DS says its directory is shared: no probe, no copy
                return FakeRunners.Reply.ok(OneXmlBuilder.datastore(id, "ds" + id, id == 0 ? 1 : 0,
                        id == 0 ? Map.of("SHARED", "YES") : Map.of()));
            }
            if (c.argv().contains("lvs")) {
                return FakeRunners.Reply.ok("{\"report\":[{\"lv\":[{\"lv_name\":\"lv-one-7-1\", \"vg_name\":\"vg-one-0\","
                        + " \"lv_uuid\":\"u\", \"lv_size\":\"33554432\", \"lv_attr\":\"-wi-------\", \"lv_active\":\"\","
                        + " \"lv_tags\":\"\"}]}]}");
            }
            return FakeRunners.Reply.ok("");
        });
    }

    int tm(String action, String... args) {
        OneCommand tm = new OneCommand("tm", TmActions.all(), SharedLvmProfile::new, () -> runners) {
        };
        return tm.run(action, List.of(args), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]),
                Map.of("ZERO_LVM_ON_CREATE", "no", "ZERO_LVM_ON_DELETE", "no"));
    }

    /** What host {@code h} received, sudo stripped. */
    List<String> lines(String h) {
        return runners.linesWithoutSudo(h::equals);
    }

    @Test
    void premigrateActivatesAndLinksInOneRequestWithOneLvmProcess() {
        vm();
        assertEquals(0, tm("premigrate", "host1", "host2", DIR, "7", "0"), err.toString());
        assertEquals(List.of(5), runners.host("host2").requests, lines("host2").toString());
        List<String> ran = lines("host2");
        assertTrue(ran.get(0).matches("lvchange -ay vg-one-0/\\S+ vg-one-0/\\S+ vg-one-0/\\S+"), ran.get(0));
        assertEquals("mkdir -p " + DIR, ran.get(1));
        for (int i = 0; i < 3; i++) {
            assertTrue(ran.get(2 + i).matches("ln -sfn /dev/vg-one-0/\\S+ " + DIR + "/disk\\." + i), ran.get(2 + i));
        }
        assertTrue(lines("host1").isEmpty(), lines("host1").toString());
    }

    @Test
    void postmigrateDeactivatesInOneLvmProcess() {
        vm();
        assertEquals(0, tm("postmigrate", "host1", "host2", DIR, "7", "0"), err.toString());
        assertEquals(List.of(1), runners.host("host1").requests, lines("host1").toString());
        assertTrue(lines("host1").get(0).matches("lvchange -an vg-one-0/\\S+ vg-one-0/\\S+ vg-one-0/\\S+"),
                lines("host1").toString());
    }

    @Test
    void mkimageActivatesAndLinksInOneRequest() {
        vm();
        assertEquals(0, tm("mkimage", "32", "raw", "host1:" + DIR + "/disk.1", "7", "0"), err.toString());
        assertEquals(List.of(3), runners.host("host1").requests, lines("host1").toString());
        assertEquals(List.of("lvchange -ay vg-one-0/lv-one-7-1", "mkdir -p " + DIR,
                "ln -sfn /dev/vg-one-0/lv-one-7-1 " + DIR + "/disk.1"), lines("host1"));
        // on the frontend: lvcreate first, no report before it
        List<String> lvm = lines("local").stream().filter(l -> l.startsWith("lv")).toList();
        assertTrue(lvm.get(0).startsWith("lvcreate"), lvm.toString());
    }

    @Test
    void deleteDeactivatesAndUnlinksInOneRequest() {
        vm();
        assertEquals(0, tm("delete", "host1:" + DIR + "/disk.1", "7", "0"), err.toString());
        assertEquals(2, runners.host("host1").requests.get(0), lines("host1").toString());
        assertEquals(List.of("lvchange -an vg-one-0/lv-one-7-1", "rm -f " + DIR + "/disk.1"), lines("host1").subList(0, 2));
        assertEquals(1, lines("host1").stream().filter(l -> l.startsWith("rm ")).count(), lines("host1").toString());
    }

    @Test
    void mkimageWithoutZeroingRunsOneLvmCommandOnTheFrontend() {
        runners.local().expect(List.of("lvcreate", "--wipesignatures", "n", "-L", "33554432b", "-n", "lv-one-7-1", "-an", "-Zn",
                "-y", "vg-one-0"), "  Logical volume \"lv-one-7-1\" created.\n");
        vm();
        assertEquals(0, tm("mkimage", "32", "raw", "host1:" + DIR + "/disk.1", "7", "0"), err.toString());
        List<String> lvm = lines("local").stream().filter(l -> l.startsWith("lv") || l.startsWith("vg")).toList();
        assertEquals(List.of("lvcreate --wipesignatures n -L 33554432b -n lv-one-7-1 -an -Zn -y vg-one-0"), lvm);
    }

    @Test
    void mkswapActivatesLinksAndMakesTheSwapInOneRequest() {
        vm();
        assertEquals(0, tm("mkswap", "32", "host1:" + DIR + "/disk.1", "7", "0"), err.toString());
        assertEquals(List.of(4), runners.host("host1").requests, lines("host1").toString());
        assertEquals("mkswap /dev/vg-one-0/lv-one-7-1", lines("host1").get(3));
        assertTrue(err.toString().contains("made swap on /dev/vg-one-0/lv-one-7-1 on host1"), err.toString());
    }

    @Test
    void aFailedMkswapUndoesTheLinkTheActivationAndTheVolume() {
        vm();
        runners.host("host1").expect(List.of("mkswap", "/dev/vg-one-0/lv-one-7-1"), 1, "", "mkswap: error\n");
        assertTrue(tm("mkswap", "32", "host1:" + DIR + "/disk.1", "7", "0") != 0);
        List<String> ran = lines("host1");
        assertEquals(List.of("rm -f " + DIR + "/disk.1", "lvchange -an vg-one-0/lv-one-7-1"), ran.subList(4, 6), ran.toString());
        assertTrue(lines("local").stream().anyMatch(l -> l.startsWith("lvremove")), lines("local").toString());
    }
}
