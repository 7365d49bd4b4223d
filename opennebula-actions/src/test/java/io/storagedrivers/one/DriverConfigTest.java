package io.storagedrivers.one;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriverConfigTest {
    @TempDir
    Path remotes;

    private Path write(String text) throws IOException {
        Path f = remotes.resolve(DriverConfig.DIR).resolve("shared_lvm.conf");
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
        return f;
    }

    @Test
    void readsShellStyleAssignments() throws IOException {
        Path f = write("# comment\n\nDD=/usr/bin/dd\nLVM_COMMAND_PREFIX=\"sudo -n\"  # hosts as oneadmin\nexport QEMU_IMG='/opt/q img'\n");
        assertEquals(Map.of("DD", "/usr/bin/dd", "LVM_COMMAND_PREFIX", "sudo -n", "QEMU_IMG", "/opt/q img"),
                DriverConfig.read(f));
        assertEquals(Map.of(), DriverConfig.read(remotes.resolve("absent.conf")));
    }

    @Test
    void refusesWhatAShellWouldExpand() throws IOException {
        for (String bad : List.of("DD=$(id)", "DD=`id`", "DD=\"$HOME/dd\"", "DD=a;b", "dd=x", "DD")) {
            Path f = write(bad + "\n");
            OneException e = assertThrows(OneException.class, () -> DriverConfig.read(f), bad);
            assertTrue(e.getMessage().contains("shared_lvm.conf:1"), e.getMessage());
        }
    }

    @Test
    void programsComeOnlyFromTheConfigFileOrTheEnvironment() throws IOException {
        write("DD=/usr/bin/dd\nCOPY_SPARSE=no\n");
        OneDatastore ds = new OneDatastore(100, "sys", "-", "shared_lvm", "/x", 1,
                Map.of("DD", "/tmp/evil", "QEMU_IMG", "/tmp/evil2", "COPY_SPARSE", "yes", "COPY_HOST", "host1"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Map<String, String> s = DriverConfig.settings(Map.of(DriverConfig.REMOTES_ENV, remotes.toString(), "QEMU_IMG", "qemu-img"),
                "shared_lvm", ds, Set.of("DD", "QEMU_IMG"), new PrintStream(log, true, StandardCharsets.UTF_8));
        assertEquals("/usr/bin/dd", s.get("DD"));
        assertEquals("qemu-img", s.get("QEMU_IMG"));
        assertEquals("yes", s.get("COPY_SPARSE"), "the template overrides the file's defaults");
        assertEquals("host1", s.get("COPY_HOST"));
        String warn = log.toString(StandardCharsets.UTF_8);
        assertTrue(warn.startsWith("WARN: shared_lvm: "), warn);
        assertTrue(warn.contains("DD of datastore 100 is ignored") && warn.contains("QEMU_IMG of datastore 100"), warn);
        assertFalse(warn.contains("COPY_SPARSE"), warn);
    }

    @Test
    void tmLogLinesCarryTheVmId() {
        assertEquals(42, OneCommand.tmVmId("clone", List.of("fe:vg/img-one-1", "h1:/d/0/42/disk.0", "42", "101")));
        assertEquals(42, OneCommand.tmVmId("premigrate", List.of("h1", "h2", "/d/0/42", "42", "0", "shared_lvm")));
        assertEquals(7, OneCommand.tmVmId("restore", List.of("h1:/d/0/7", "7", "3", "0", "1")));
        assertEquals(9, OneCommand.tmVmId("context", List.of("/a", "/b", "h1:/d/0/9/disk.2", "9", "0")));
        assertEquals(-1, OneCommand.tmVmId("monitor", List.of("0")));
        assertEquals(-1, OneCommand.tmVmId("delete", List.of("h1:/x", "x9", "0")));
    }
}
