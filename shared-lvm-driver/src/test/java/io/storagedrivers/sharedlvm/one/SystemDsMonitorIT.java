package io.storagedrivers.sharedlvm.one;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.storagedrivers.spi.Sizes;
import io.storagedrivers.spi.VolumeRef;
import io.storagedrivers.testsupport.TestBed;

/**
 * The system datastore monitor as oned runs it: OpenNebula's own datastore runner
 * ({@code one_datastore.rb} from {@code ../shared/opennebula}) runs {@code tm/shared_lvm/monitor},
 * which reports the VG's capacity and, asked with MONITOR_VM_DISKS=1, one
 * {@code VM = [ ID, POLL = "DISK_SIZE=[...] ..." ]} line per VM from one {@code lvs} on the
 * frontend.
 */
class SystemDsMonitorIT {

    @Test
    void reportsEveryVmsDiskSizesThroughOpenNebulasDatastoreRunner() throws Exception {
        TestBed tb = TestBed.require();
        World w = World.create(tb, "lvm");
        Path layout = w.h.repo.getParent().resolve("shared/opennebula/layout.sh");
        Assumptions.assumeTrue(Files.isExecutable(layout), "no ../shared/opennebula beside the repository");
        Path one = w.work.resolve("one");
        exec(List.of(layout.toString(), one.toString()), Map.of());
        Files.createSymbolicLink(one.resolve("var/remotes/tm/shared_lvm"), w.h.repo.resolve("remotes/tm/shared_lvm"));
        Files.createSymbolicLink(one.resolve("var/remotes/lib"), w.h.repo.resolve("remotes/lib"));

        for (Object[] lv : new Object[][] {{"lv-one-42-0", 8}, {"lv-one-42-1", 4}, {"lv-one-7-0", 12},
                                           {"lv-one-42-10", 4}, {"img-one-5", 4}}) {
            w.inspect.create(new VolumeRef(w.vg, (String) lv[0]), (int) lv[1] * Sizes.MIB);
        }
        String sysDs = OneXmlBuilder.datastore(100, "system", 1, Map.of("VG_NAME", w.vg, "SHARED", "YES"));
        String extra = "<DATASTORE_LOCATION>" + w.location + "</DATASTORE_LOCATION><MONITOR_VM_DISKS>1</MONITOR_VM_DISKS>";

        List<String> lines = monitor(w, one, OneXmlBuilder.dsAction("", sysDs, extra));
        assertTrue(lines.get(0).matches("USED_MB=[0-9]+ FREE_MB=[0-9]+ TOTAL_MB=[0-9]+"), lines.get(0));
        assertEquals(List.of(
                "VM = [ ID = 7, POLL = \"DISK_SIZE=[ ID = 0, SIZE = 12 ]\" ]",
                "VM = [ ID = 42, POLL = \"DISK_SIZE=[ ID = 0, SIZE = 8 ] DISK_SIZE=[ ID = 1, SIZE = 4 ] DISK_SIZE=[ ID = 10, SIZE = 4 ]\" ]"),
                lines.subList(1, lines.size()));

        // the other cycles (MONITOR_VM_DISKS=0) and image datastores: capacity only
        List<String> plain = monitor(w, one, OneXmlBuilder.dsAction("", sysDs, "<MONITOR_VM_DISKS>0</MONITOR_VM_DISKS>"));
        assertEquals(1, plain.size(), plain.toString());
    }

    /** One MONITOR request through one_datastore.rb; the decoded info lines of its SUCCESS answer. */
    private static List<String> monitor(World w, Path one, String document) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("ruby", one.resolve("lib/mads/one_datastore.rb").toString(),
                "-t", "15", "-d", "fs", "-s", "shared_lvm");
        pb.environment().clear();
        pb.environment().putAll(w.h.env);
        pb.environment().put("RUBYLIB", one.resolve("lib/ruby").toString());
        pb.environment().put("ONE_LOCATION", one.toString());
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String answer = null;
        try (OutputStream in = p.getOutputStream();
             BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            in.write(("MONITOR 100 " + Base64.getEncoder().encodeToString(document.getBytes(StandardCharsets.UTF_8)) + "\n")
                    .getBytes(StandardCharsets.US_ASCII));
            in.flush();
            for (String l = out.readLine(); l != null; l = out.readLine()) {
                if (l.startsWith("MONITOR ")) {
                    answer = l;
                    break;
                }
            }
        } finally {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        assertTrue(answer != null && answer.startsWith("MONITOR SUCCESS 100 "), "runner answered " + answer);
        String info = new String(Base64.getDecoder().decode(answer.substring("MONITOR SUCCESS 100 ".length()).strip()),
                StandardCharsets.UTF_8);
        return new ArrayList<>(info.lines().toList());
    }

    private static void exec(List<String> argv, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), argv + ": " + out);
    }
}
