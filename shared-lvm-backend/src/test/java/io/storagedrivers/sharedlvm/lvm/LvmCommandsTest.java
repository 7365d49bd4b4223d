package io.storagedrivers.sharedlvm.lvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import io.storagedrivers.exec.Command;
import io.storagedrivers.validate.InvalidInputException;
import org.junit.jupiter.api.Test;

class LvmCommandsTest {

    private static final String LVS_O = "lv_name,vg_name,lv_uuid,lv_size,lv_attr,lv_active,lv_tags";
    private static final String VGS_O = "vg_name,vg_uuid,vg_size,vg_free,vg_extent_size,lv_count";

    private final LvmCommands lvm = new LvmCommands(LvmTools.defaults());

    @Test
    void lvcreateInactiveSkipsZeroingAndAddsTags() {
        Command c = lvm.lvcreate("vg-one-100", "lv-one-7-0", 1073741824L, false, List.of("sd.inprogress"));
        assertEquals(List.of("lvcreate", "--wipesignatures", "n", "-L", "1073741824b", "-n", "lv-one-7-0",
                "-an", "-Zn", "--addtag", "sd.inprogress", "-y", "vg-one-100"), c.argv());
        assertEquals(Map.of("LC_ALL", "C", "LVM_SUPPRESS_FD_WARNINGS", "1"), c.env());
    }

    @Test
    void lvcreateActiveLetsLvmZeroTheHeader() {
        Command c = lvm.lvcreate("vg", "lv", 4096, true, List.of());
        assertEquals(List.of("lvcreate", "--wipesignatures", "n", "-L", "4096b", "-n", "lv", "-y", "vg"), c.argv());
    }

    @Test
    void metadataVerbs() {
        assertEquals(List.of("lvremove", "-y", "vg/lv"), lvm.lvremove("vg", "lv").argv());
        assertEquals(List.of("lvextend", "-L", "2147483648b", "vg/lv"), lvm.lvextend("vg", "lv", 2147483648L).argv());
        assertEquals(List.of("lvrename", "vg", "a", "b"), lvm.lvrename("vg", "a", "b").argv());
        assertEquals(List.of("lvchange", "--addtag", "x", "--deltag", "y", "--deltag", "z", "vg/lv"),
                lvm.changeTags("vg", "lv", List.of("x"), List.of("y", "z")).argv());
    }

    @Test
    void activationVerbs() {
        assertEquals(List.of("lvchange", "-ay", "vg/lv"), lvm.activate("vg", "lv").argv());
        assertEquals(List.of("lvchange", "-an", "vg/lv"), lvm.deactivate("vg", "lv").argv());
        assertEquals(List.of("lvs", "--reportformat", "json", "--units", "b", "--nosuffix", "-o",
                String.join(",", LvmReports.LVS_COLUMNS), "-S", "lv_name=\"a\" || lv_name=\"b.1\"", "vg"),
                lvm.reports().lvs("vg", List.of("a", "b.1")).argv());
        assertEquals(List.of("vgchange", "--refresh", "vg"), lvm.refreshVg("vg").argv());
    }

    @Test
    void reportsUseFixedColumnsBytesAndJson() {
        assertEquals(List.of("lvs", "--reportformat", "json", "--units", "b", "--nosuffix", "-o", LVS_O, "vg"),
                lvm.reports().lvs("vg").argv());
        assertEquals(List.of("vgs", "--reportformat", "json", "--units", "b", "--nosuffix", "-o", VGS_O, "vg"),
                lvm.reports().vgs("vg").argv());
        assertEquals("C", lvm.reports().vgs("vg").env().get("LC_ALL"));
        assertEquals(List.of("vgck", "vg"), lvm.reports().vgck("vg").argv());
    }

    @Test
    void toolPathsAndPrefixAreOverridable() {
        LvmCommands sudo = new LvmCommands(LvmTools.fromSettings(Map.of(
                "LVM_COMMAND_PREFIX", " sudo  -n ", "LVM_LVREMOVE", "/sbin/lvremove", "LVM_LVS", " ")));
        assertEquals(List.of("sudo", "-n", "/sbin/lvremove", "-y", "vg/lv"), sudo.lvremove("vg", "lv").argv());
        assertEquals("lvs", sudo.reports().lvs("vg").argv().get(2));
    }

    @Test
    void doctorsCommandLines() {
        assertEquals(List.of("vgs", "--noheadings", "-o", "vg_name,autoactivation", "vg"), lvm.reports().autoactivation("vg").argv());
        assertEquals(List.of("lvmconfig", "--type", "full", "global/locking_type"), lvm.reports().config("global/locking_type").argv());
        assertThrows(IllegalArgumentException.class, () -> lvm.reports().config("--file=/etc/passwd"));
        assertEquals(List.of("lvmlockctl", "--info"), lvm.reports().lockspaces().argv());
        LvmCommands ask = new LvmCommands(LvmTools.fromSettings(Map.of("LVM_COMMAND_PREFIX", "sudo -n -l")));
        assertEquals(List.of("sudo", "-n", "-l", "lvchange", "--config", "global{locking_type=1}", "--addtag", "x", "vg/lv"),
                ask.overridingLocking(ask.changeTags("vg", "lv", List.of("x"), List.of())).argv());
    }

    @Test
    void refusesNamesThatCouldBeOptionsOrPaths() {
        for (String bad : List.of("-rf", "a/b", "..", ".", "a b", "", "x$(id)", "\u00e9")) {
            assertThrows(InvalidInputException.class, () -> lvm.lvremove("vg", bad), bad);
            assertThrows(InvalidInputException.class, () -> lvm.reports().vgs(bad), bad);
        }
        assertThrows(InvalidInputException.class, () -> lvm.changeTags("vg", "lv", List.of("-x"), List.of()));
        assertThrows(InvalidInputException.class, () -> lvm.changeTags("vg", "lv", List.of("a b"), List.of()));
        assertThrows(IllegalArgumentException.class, () -> lvm.lvcreate("vg", "lv", 0, false, List.of()));
        assertThrows(IllegalArgumentException.class, () -> lvm.changeTags("vg", "lv", List.of(), List.of()));
    }

    @Test
    void devicePath() {
        assertEquals("/dev/vg-one-1/img-one-5", LvmCommands.devicePath("vg-one-1", "img-one-5"));
    }
}
