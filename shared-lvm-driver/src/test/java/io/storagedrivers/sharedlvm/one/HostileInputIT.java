package io.storagedrivers.sharedlvm.one;

import static io.storagedrivers.sharedlvm.one.OneXmlBuilder.datastore;
import static io.storagedrivers.sharedlvm.one.OneXmlBuilder.dsAction;
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
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.storagedrivers.sharedlvm.one.OneXmlBuilder.Disk;
import io.storagedrivers.testsupport.TestBed;

/**
 * Hostile and malformed input through the shims: every case fails with exit 1 and one error line,
 * prints nothing on stdout, creates no volume and no file, and no command (onevm, onedatastore,
 * ssh, LVM) ever sees the hostile text: a command it would inject touches a marker file that must
 * not appear.
 */
class HostileInputIT {
    private static World w;
    private static Path marker;
    private static String host;

    @BeforeAll
    static void setUp() throws Exception {
        TestBed tb = TestBed.require();
        w = World.create(tb, "sim");
        host = tb.hosts().get(0);
        marker = w.work.resolve("pwned-" + UUID.randomUUID());
        w.vm(42, 3, 3, List.of(new Disk(0, 10, w.vg + "/img-one-10", true, false, 8, 101, "BLOCK")), List.of(host));
    }

    private static String inject() {
        return "touch " + marker;
    }

    private static String sys(String rest) {
        return host + ":" + w.location + "/100/42" + rest;
    }

    @Test
    void tmArgumentsAreRefusedBeforeAnythingRuns() throws Exception {
        List<String[]> cases = new ArrayList<>();
        String t = inject();
        cases.add(new String[] {"clone", "fe:" + w.vg + "/img-one-10;" + t, sys("/disk.0"), "42", "101"});
        cases.add(new String[] {"clone", "fe:$(" + t + ")/x", sys("/disk.0"), "42", "101"});
        cases.add(new String[] {"clone", "fe:" + w.vg + "/img-one-10", "-oProxyCommand=" + t + ":/x/100/42/disk.0", "42", "101"});
        cases.add(new String[] {"clone", "fe:" + w.vg + "/img-one-10", host + ";" + t + ":" + w.location + "/100/42/disk.0", "42", "101"});
        cases.add(new String[] {"clone", "fe:" + w.vg + "/img-one-10", sys("/../../../etc/disk.0"), "42", "101"});
        cases.add(new String[] {"clone", "fe:" + w.vg + "/img-one-10", sys("/disk.0"), "42;" + t, "101"});
        cases.add(new String[] {"clone", "fe:" + w.vg + "/img-one-10", sys("/disk.0"), "-1", "101"});
        cases.add(new String[] {"clone", "fe:" + w.vg + "/img-one-10", sys("/disk.0"), "42", "1e3"});
        cases.add(new String[] {"clone", "fe:" + w.vg + "/img-one-10", sys("/disk.0"), "42"});
        cases.add(new String[] {"clone", "fe:" + w.vg + "/img-one-10", sys("/disk.0`" + t + "`"), "42", "101"});
        cases.add(new String[] {"ln", "fe:../../etc/shadow", sys("/disk.0"), "42", "101"});
        cases.add(new String[] {"delete", host + ":/", "42", "100"});
        cases.add(new String[] {"delete", host + ":/etc", "42", "100"});
        cases.add(new String[] {"delete", host + ":" + w.location + "/100/43/disk.0", "42", "100"});
        cases.add(new String[] {"delete", host + ":" + w.location + "/100/42/disk.0\n" + t, "42", "100"});
        cases.add(new String[] {"mkimage", "-5", "raw", sys("/disk.2"), "42", "100"});
        cases.add(new String[] {"mkimage", "0x10", "raw", sys("/disk.2"), "42", "100"});
        cases.add(new String[] {"mkimage", "4", "raw", sys("/disk.2"), "42", "101"});
        cases.add(new String[] {"resize", sys("/disk.0"), "-1", "42", "100"});
        cases.add(new String[] {"mv", sys("/disk.0"), sys(""), "42", "100"});
        cases.add(new String[] {"premigrate", "-o" + t, host, w.location + "/100/42", "42", "100"});
        cases.add(new String[] {"premigrate", host, host, w.location + "/100/42", "42", "100", "../../../bin"});
        cases.add(new String[] {"cpds", sys("/disk.0"), w.vg + "/img-one-12", "3", "42", "101"});
        for (String[] c : cases) {
            String line = w.h.tm(c[0], "", java.util.Arrays.copyOfRange(c, 1, c.length)).failedWithOneLine();
            assertFalse(line.isBlank());
        }
        assertNothingHappened();
    }

    @Test
    void dsInputIsRefusedBeforeAnythingRuns() throws Exception {
        String t = inject();
        String ds = w.imageDsXml;
        String evilVg = datastore(101, "images", 0, Map.of("VG_NAME", "vg;" + t, "SAFE_DIRS", w.work.toString()));
        String dashVg = datastore(101, "images", 0, Map.of("VG_NAME", "-ff", "SAFE_DIRS", w.work.toString()));
        Path img = w.rawImage("ok.raw", 1);
        List<Object[]> cases = List.of(
                new Object[] {"cp", "10;" + t, dsAction(image(10, img.toString(), "", 1, "", false, Map.of()), ds, "")},
                new Object[] {"cp", "11", dsAction(image(10, img.toString(), "", 1, "", false, Map.of()), ds, "")},
                new Object[] {"cp", "10", dsAction(image(10, "/etc/shadow", "", 1, "", false, Map.of()), ds, "")},
                new Object[] {"cp", "10", dsAction(image(10, w.work + "/../../etc/passwd", "", 1, "", false, Map.of()), ds, "")},
                new Object[] {"cp", "10", dsAction(image(10, "file:///etc/passwd", "", 1, "", false, Map.of()), ds, "")},
                new Object[] {"cp", "10", dsAction(image(10, img.toString(), "", 1, "", false, Map.of()), evilVg, "")},
                new Object[] {"cp", "10", dsAction(image(10, img.toString(), "", 1, "", false, Map.of("MD5", "00")), ds, "")},
                new Object[] {"mkfs", "10", dsAction(image(10, "", "", 8, "raw", false, Map.of()), dashVg, "")},
                new Object[] {"rm", "10", dsAction(image(10, "", "vg/../x;" + t, 1, "raw", false, Map.of()), ds, "")},
                new Object[] {"rm", "10", dsAction(image(10, "", "$(" + t + ")/img-one-10", 1, "raw", false, Map.of()), ds, "")},
                new Object[] {"monitor", "101", dsAction("", evilVg, "")},
                new Object[] {"monitor", "100", dsAction("", ds, "")},
                new Object[] {"monitor", "101", "<DS_DRIVER_ACTION_DATA><DATASTORE><ID>101</ID>"},
                new Object[] {"monitor", "101", "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                        + "<DS_DRIVER_ACTION_DATA><DATASTORE><ID>101</ID><NAME>&e;</NAME></DATASTORE></DS_DRIVER_ACTION_DATA>"});
        for (Object[] c : cases) {
            w.h.ds((String) c[0], (String) c[1], (String) c[2]).failedWithOneLine();
        }
        // stdin that is not base64 at all, and an empty one
        for (String stdin : new String[] {"%%% not base64 %%%", "", "aGVsbG8="}) {
            w.h.run(w.h.repo.resolve("remotes/datastore/shared_lvm/cp"), List.of("10"), stdin).failedWithOneLine();
        }
        assertNothingHappened();
    }

    private static void assertNothingHappened() throws Exception {
        assertFalse(Files.exists(marker), "an injected command ran");
        assertEquals(Set.of(), w.volumes(), "a volume was created");
        assertFalse(Files.exists(Path.of(w.location)), "a VM directory was created");
        for (String call : w.h.oneCalls()) {
            assertTrue(call.matches("one(vm|datastore) show -x [0-9]+"), call);
        }
        try (Stream<Path> s = Files.list(w.work)) {
            Set<String> names = new TreeSet<>();
            s.forEach(p -> names.add(p.getFileName().toString()));
            names.removeIf(n -> n.equals("one-stubs") || n.equals("locks") || n.endsWith(".raw")
                    || n.startsWith("sim-state"));
            assertEquals(Set.of(), names, "unexpected files in the work dir");
        }
    }
}
