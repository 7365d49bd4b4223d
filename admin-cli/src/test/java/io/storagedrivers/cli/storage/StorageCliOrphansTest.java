package io.storagedrivers.cli.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.storagedrivers.cli.ExitCode;

/** {@code orphans} against a stand-in {@code onevm} program ($ONEVM) that prints a VM pool. */
class StorageCliOrphansTest extends BaseStorageCliTest {

    @BeforeEach
    void setUp() {
        useSim("");
        for (String name : List.of("lv-one-1-0", "lv-one-2-0", "lv-one-2-1", "img-one-5", "OpenNebula-Image-5-vm3-disk0",
                "OpenNebula-Volatile-vm4-disk2", "other")) {
            run(ExitCode.OK, "volume-create", "--name", name, "--size", "1M");
        }
    }

    /** A fake onevm printing {@code xml} for "list -x". */
    private void onevm(String xml, int exit) throws Exception {
        Path script = dir.resolve("onevm");
        Files.writeString(dir.resolve("pool.xml"), xml);
        Files.writeString(script, "#!/bin/sh\n[ \"$1 $2\" = 'list -x' ] || { echo \"bad args: $*\" >&2; exit 9; }\n"
                + "cat '" + dir.resolve("pool.xml") + "'\nexit " + exit + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        env.put("ONEVM", script.toString());
    }

    private static String pool(int... ids) {
        StringBuilder sb = new StringBuilder("<VM_POOL>");
        for (int id : ids) {
            sb.append("<VM><ID>").append(id).append("</ID><NAME>vm").append(id).append("</NAME></VM>");
        }
        return sb.append("</VM_POOL>").toString();
    }

    private List<String> names(String csv) {
        return CsvParser.parse(csv).stream().map(r -> r.get("name")).toList();
    }

    @Test
    void listsVmDisksOfVanishedVmsOnly() throws Exception {
        onevm(pool(1, 3), 0);
        Result r = run(ExitCode.OK, "orphans", "--csv");
        assertEquals(List.of("OpenNebula-Volatile-vm4-disk2", "lv-one-2-0", "lv-one-2-1"), names(r.out()));
        assertEquals("orphan", CsvParser.parse(r.out()).get(0).get("result"));
        assertEquals(7, CsvParser.parse(run(ExitCode.OK, "volumes", "--csv").out()).size(), "listing deletes nothing");
    }

    @Test
    void deleteNeedsForceAndKeepsVolumesInUse() throws Exception {
        onevm(pool(1, 3), 0);
        run(ExitCode.OK, "activate", "--name", "lv-one-2-1", "--host", "node1");
        assertTrue(run(ExitCode.USAGE, "orphans", "--delete").err().startsWith("refusing to delete 3 orphaned volume(s)"));

        Result r = run(ExitCode.BUSY, "orphans", "--delete", "--force", "--csv");
        List<Map<String, String>> rows = CsvParser.parse(r.out());
        assertEquals("deleted", rows.get(0).get("result"));
        assertEquals("kept: in use", rows.get(2).get("result"));
        assertEquals("kept default/lv-one-2-1: volume default/lv-one-2-1 is attached on node1; detach it first\n", r.err());
        assertEquals(List.of("OpenNebula-Image-5-vm3-disk0", "img-one-5", "lv-one-1-0", "lv-one-2-1", "other"),
                names(run(ExitCode.OK, "volumes", "--csv").out()));

        run(ExitCode.OK, "deactivate", "--name", "lv-one-2-1", "--host", "node1");
        run(ExitCode.OK, "orphans", "--delete", "--force");
        assertEquals(List.of(), names(run(ExitCode.OK, "orphans", "--csv").out()));
    }

    @Test
    void onevmFailuresStopBeforeAnythingIsDeleted() throws Exception {
        onevm("", 255);
        assertTrue(run(ExitCode.FAILED, "orphans", "--delete", "--force").err().startsWith("cannot list OpenNebula VMs"));
        onevm("<VM_POOL><VM><NAME>x</NAME></VM></VM_POOL>", 0);
        assertTrue(run(ExitCode.FAILED, "orphans", "--delete", "--force").err().contains("no <ID>"));
        onevm("<VM_POOL><VM><ID>1", 0);
        run(ExitCode.FAILED, "orphans", "--delete", "--force");
        onevm("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><VM_POOL>&e;</VM_POOL>", 0);
        run(ExitCode.FAILED, "orphans", "--delete", "--force");
        onevm("<USER_POOL/>", 0);
        assertTrue(run(ExitCode.FAILED, "orphans").err().contains("not <VM_POOL>"));
        env.put("ONEVM", dir.resolve("missing-onevm").toString());
        run(ExitCode.FAILED, "orphans");
        assertEquals(7, names(run(ExitCode.OK, "volumes", "--csv").out()).size());
    }
}
