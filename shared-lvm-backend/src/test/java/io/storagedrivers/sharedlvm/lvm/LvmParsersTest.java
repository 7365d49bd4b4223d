package io.storagedrivers.sharedlvm.lvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Parsers on output captured from LVM 2.03.16 on the test bed (see the fixture files). */
class LvmParsersTest {

    static String fixture(String name) {
        try (InputStream in = LvmParsersTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void lvsOfThreeLvs() {
        List<LvInfo> lvs = LvsParser.parse(fixture("lvs-three-lvs.json"));
        assertEquals(3, lvs.size());
        LvInfo img = lvs.get(0);
        assertEquals("img-one-5", img.name());
        assertEquals("tbvg5", img.vg());
        assertEquals(4194304L, img.sizeBytes());
        assertEquals(List.of(), img.tags());
        assertFalse(img.active());
        LvInfo vm = lvs.get(1);
        assertEquals(List.of("one.vm=12", "sd.inprogress"), vm.tags());
        assertTrue(vm.hasTag("sd.inprogress"));
        assertEquals(1073741824L, vm.sizeBytes());
        assertEquals("odd+name_.x", lvs.get(2).name());
    }

    @Test
    void lvextendSaysTheNewSizeInExtents() {
        // LVM 2.03.16 on the test bed: 8 MiB grown to 17 MiB on 4 MiB extents
        String out = "  Rounding size to boundary between physical extents: 20.00 MiB.\n"
                + "  Size of logical volume vg-one-7977/probe changed from 8.00 MiB (2 extents) to 20.00 MiB (5 extents).\n"
                + "  Logical volume vg-one-7977/probe successfully resized.\n";
        assertEquals(20L << 20, LvextendOutput.newSizeBytes(out, "vg-one-7977", "probe", 8L << 20).getAsLong());
        assertEquals(8L << 20, LvextendOutput.newSizeBytes(
                "  Size of logical volume v/l changed from 4.00 MiB (1 extent) to 8.00 MiB (2 extents).\n", "v", "l",
                4L << 20).getAsLong());
        // another LV's line (a thin pool growing first) is not this LV's size
        assertEquals(12L << 20, LvextendOutput.newSizeBytes(
                "  Size of logical volume v/l-pool changed from 8.00 MiB (2 extents) to 40.00 MiB (10 extents).\n"
                + "  Size of logical volume v/l changed from 8.00 MiB (2 extents) to 12.00 MiB (3 extents).\n", "v", "l",
                8L << 20).getAsLong());
        // anything it cannot be sure of: the caller asks lvs
        assertTrue(LvextendOutput.newSizeBytes("", "v", "l", 8L << 20).isEmpty());
        assertTrue(LvextendOutput.newSizeBytes("  Logical volume v/l successfully resized.\n", "v", "l", 8L << 20).isEmpty());
        assertTrue(LvextendOutput.newSizeBytes(
                "  Size of logical volume v/l changed from 8.00 MiB (3 extents) to 20.00 MiB (5 extents).\n", "v", "l", 8L << 20).isEmpty());
        assertTrue(LvextendOutput.newSizeBytes(
                "  Size of logical volume v/l changed from 8.00 MiB (2 extents) to 4.00 MiB (1 extent).\n", "v", "l", 8L << 20).isEmpty());
    }

    @Test
    void lvextendSaysWhetherItReachedTheSizeAskedFor() {
        // LVM 2.03.16 (Debian 12), stdout of lvextend -L <bytes>b on 4 MiB extents: 60 MiB grown to 64 MiB
        String exact = "  Size of logical volume sdrsprobe/a changed from 60.00 MiB (15 extents) to 64.00 MiB (16 extents).\n"
                + "  Logical volume sdrsprobe/a successfully resized.\n";
        assertTrue(LvextendOutput.reachedRequested(exact, "sdrsprobe", "a"));
        // 66 MiB asked: rounded up to 68 MiB, which the line shows only rounded for people
        String rounded = "  Rounding size to boundary between physical extents: 68.00 MiB.\n"
                + "  Size of logical volume sdrsprobe/a changed from 64.00 MiB (16 extents) to 68.00 MiB (17 extents).\n"
                + "  Logical volume sdrsprobe/a successfully resized.\n";
        assertFalse(LvextendOutput.reachedRequested(rounded, "sdrsprobe", "a"));
        // a thin pool's line is not the LV's; nothing printed (log/silent); another LV
        assertFalse(LvextendOutput.reachedRequested(
                "  Size of logical volume v/l-pool changed from 8.00 MiB (2 extents) to 40.00 MiB (10 extents).\n", "v", "l"));
        assertFalse(LvextendOutput.reachedRequested("", "sdrsprobe", "a"));
        assertFalse(LvextendOutput.reachedRequested(exact, "sdrsprobe", "b"));
        assertFalse(LvextendOutput.reachedRequested(exact, "sdrsprob", "a"));
    }

    @Test
    void lvcreateSaysWhetherItMadeTheSizeAskedFor() {
        // LVM 2.03.16 (Debian 12), stdout of lvcreate -L <bytes>b -n <lv> on 4 MiB extents
        assertTrue(LvcreateOutput.createdAsRequested("  Logical volume \"lv-one-7-0\" created.\n", "lv-one-7-0"));
        // 5000192 bytes asked: rounded up to 8 MiB
        assertFalse(LvcreateOutput.createdAsRequested("  Rounding up size to full physical extent 8.00 MiB\n"
                + "  Logical volume \"r\" created.\n", "r"));
        // nothing printed (log/silent, a fake); another LV's name, a name it starts with
        assertFalse(LvcreateOutput.createdAsRequested("", "r"));
        assertFalse(LvcreateOutput.createdAsRequested("  Logical volume \"r\" created.\n", "s"));
        assertFalse(LvcreateOutput.createdAsRequested("  Logical volume \"r2\" created.\n", "r"));
    }

    @Test
    void readOnlyHostReportsTheSame() {
        assertEquals(LvsParser.parse(fixture("lvs-three-lvs.json")), LvsParser.parse(fixture("lvs-three-lvs-host1.json")));
    }

    @Test
    void activeOpenLvOnTheDeviceMapperHost() {
        LvInfo lv = LvsParser.parse(fixture("lvs-active-open.json")).get(0);
        assertEquals("-wi-ao----", lv.attr());
        assertTrue(lv.active());
        assertTrue(lv.open());
        assertFalse(LvsParser.parse(fixture("lvs-three-lvs.json")).get(0).open());
        assertFalse(LvsParser.parse(fixture("lvs-three-lvs.json")).get(0).active(), "no device-mapper: unknown");
    }

    /** After an lvextend on the frontend, a host's lv_attr says "unknown" (X); lv_active still says active. */
    @Test
    void activeLvWithAStaleSizeOnAHost() {
        LvInfo lv = LvsParser.parse(fixture("lvs-active-stale-size.json")).get(0);
        assertEquals("-wi-XX--X-", lv.attr());
        assertEquals(20971520L, lv.sizeBytes());
        assertTrue(lv.active());
    }

    @Test
    void emptyVg() {
        assertEquals(List.of(), LvsParser.parse(fixture("lvs-empty-vg.json")));
        VgInfo vg = VgsParser.parse(fixture("vgs-empty-vg.json"), "tbvg5");
        assertEquals(0, vg.lvCount());
        assertEquals(vg.sizeBytes(), vg.freeBytes());
    }

    @Test
    void vgs() {
        VgInfo vg = VgsParser.parse(fixture("vgs-three-lvs.json"), "tbvg5");
        assertEquals(new VgInfo("tbvg5", "jM3Sib-9ohv-bHi1-0ttj-00w0-k5kP-3yMjRT", 21403533312L, 20308819968L,
                4194304L, 3), vg);
    }

    @Test
    void malformedReportsNameTheField() {
        assertMessage("lvs report: row 1: missing field lv_tags", () -> LvsParser.parse(fixture("lvs-malformed-missing-column.json")));
        assertMessage("lvs report: row 2: field lv_size: not a non-negative integer: '4.00m'",
                () -> LvsParser.parse(fixture("lvs-malformed-size-with-unit.json")));
        assertMessage("lvs report: row 1: unexpected field lv_path",
                () -> LvsParser.parse(lvsRow("\"lv_path\":\"/dev/v/a\", ")));
        assertMessage("lvs report: row 1: field lv_size is number, expected a string",
                () -> LvsParser.parse(fixture("lvs-three-lvs.json").replace("\"lv_size\":\"4194304\"", "\"lv_size\":4194304")));
        assertMessage("lvs report: row 1: field lv_attr: expected 10 characters, got '-wi-a'",
                () -> LvsParser.parse(fixture("lvs-three-lvs.json").replace("-wi-XX----", "-wi-a")));
        assertMessage("lvs report: row 1: field lv_name is empty",
                () -> LvsParser.parse(fixture("lvs-three-lvs.json").replace("\"img-one-5\"", "\"\"")));
        assertMessage("lvs report: field 'report[0]' must hold only the array 'lv'",
                () -> LvsParser.parse(fixture("vgs-three-lvs.json")));
        assertMessage("lvs report: not JSON", () -> LvsParser.parse("  Volume group \"x\" not found"));
        assertMessage("lvs report: empty output", () -> LvsParser.parse(""));
        assertMessage("lvs report: expected a JSON object, got array", () -> LvsParser.parse("[]"));
        assertMessage("lvs report: field 'report' must be an array of one element, got array of 0",
                () -> LvsParser.parse("{\"report\":[]}"));
        assertMessage("lvs report: unexpected top-level field 'lvs'", () -> LvsParser.parse("{\"lvs\":[]}"));
        assertMessage("vgs report: expected exactly one row for VG tbvg5, got 0",
                () -> VgsParser.parse(fixture("lvs-empty-vg.json").replace("\"lv\"", "\"vg\""), "tbvg5"));
        assertMessage("vgs report: row 1: field vg_name: expected 'other', got 'tbvg5'",
                () -> VgsParser.parse(fixture("vgs-three-lvs.json"), "other"));
        assertMessage("vgs report: row 1: field vg_free: not a non-negative integer: '-1'",
                () -> VgsParser.parse(fixture("vgs-three-lvs.json").replace("\"20308819968\"", "\"-1\""), "tbvg5"));
    }

    @Test
    void commandLogSectionIsIgnored() {
        String withLog = fixture("lvs-empty-vg.json").strip();
        withLog = withLog.substring(0, withLog.length() - 1) + ", \"log\": []}";
        assertEquals(List.of(), LvsParser.parse(withLog));
    }

    private static String lvsRow(String extra) {
        return "{\"report\":[{\"lv\":[{" + extra + "\"lv_name\":\"a\", \"vg_name\":\"v\", \"lv_uuid\":\"u\", "
                + "\"lv_size\":\"1\", \"lv_attr\":\"-wi-------\", \"lv_active\":\"\", \"lv_tags\":\"\"}]}]}";
    }

    private static void assertMessage(String prefix, org.junit.jupiter.api.function.Executable e) {
        LvmReportException ex = assertThrows(LvmReportException.class, e);
        assertTrue(ex.getMessage().startsWith(prefix), () -> "message was: " + ex.getMessage());
    }
}
