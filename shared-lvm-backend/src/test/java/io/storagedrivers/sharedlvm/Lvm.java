package io.storagedrivers.sharedlvm;

import java.util.ArrayList;
import java.util.List;

import io.storagedrivers.sharedlvm.lvm.LvmCommands;
import io.storagedrivers.sharedlvm.lvm.LvmTools;

/** Expected argv and canned LVM output for backend tests (shapes as captured from LVM 2.03.16). */
final class Lvm {
    static final LvmCommands CMD = new LvmCommands(LvmTools.defaults());

    private Lvm() {
    }

    static List<String> lvs(String vg) {
        return CMD.reports().lvs(vg).argv();
    }

    /** One lvs row: name, size, attr, tags (comma-separated). */
    static String[] lv(String name, long size, String attr, String tags) {
        return new String[] {name, Long.toString(size), attr, tags};
    }

    static String[] lv(String name, long size) {
        return lv(name, size, "-wi-------", "");
    }

    static String lvsJson(String vg, String[]... rows) {
        List<String> lines = new ArrayList<>();
        for (String[] r : rows) {
            lines.add(String.format("{\"lv_name\":\"%s\", \"vg_name\":\"%s\", \"lv_uuid\":\"uuid-%s-%s\", \"lv_size\":\"%s\","
                    + " \"lv_attr\":\"%s\", \"lv_active\":\"%s\", \"lv_tags\":\"%s\"}", r[0], vg, r[0], r[1], r[1], r[2],
                    r[2].charAt(4) == 'a' ? "active" : "", r[3]));
        }
        return "  {\n      \"report\": [\n          {\n              \"lv\": [\n                  "
                + String.join(",\n                  ", lines) + "\n              ]\n          }\n      ]\n  }\n";
    }

    static String vgsJson(String vg, long size, long free, int lvs) {
        return String.format("{\"report\":[{\"vg\":[{\"vg_name\":\"%s\", \"vg_uuid\":\"U\", \"vg_size\":\"%d\","
                + " \"vg_free\":\"%d\", \"vg_extent_size\":\"4194304\", \"lv_count\":\"%d\"}]}]}", vg, size, free, lvs);
    }

    static final String VG_MISSING = "  Volume group \"%s\" not found\n  Cannot process volume group %s\n";
}
