package io.storagedrivers.sharedlvm.lvm;

import java.util.List;
import java.util.Map;

/** Parses the output of {@link LvmReports#vgs} for one VG strictly (see {@link LvmReport}). */
public final class VgsParser {
    private static final String TOOL = "vgs";

    private VgsParser() {
    }

    /** The one VG the report must contain ({@code expectedVg}); any other row count or name fails. */
    public static VgInfo parse(String json, String expectedVg) {
        List<Map<String, String>> rows = LvmReport.rows(TOOL, "vg", LvmReports.VGS_COLUMNS, json);
        if (rows.size() != 1) {
            throw new LvmReportException("vgs report: expected exactly one row for VG " + expectedVg + ", got "
                    + rows.size());
        }
        Map<String, String> r = rows.get(0);
        String name = r.get("vg_name");
        if (!name.equals(expectedVg)) {
            throw new LvmReportException("vgs report: row 1: field vg_name: expected '" + expectedVg + "', got '"
                    + name + "'");
        }
        if (r.get("vg_uuid").isEmpty()) {
            throw new LvmReportException("vgs report: row 1: field vg_uuid is empty");
        }
        long size = LvmReport.number(TOOL, 1, "vg_size", r.get("vg_size"));
        long free = LvmReport.number(TOOL, 1, "vg_free", r.get("vg_free"));
        if (free > size) {
            throw new LvmReportException("vgs report: row 1: field vg_free (" + free + ") exceeds vg_size (" + size + ")");
        }
        return new VgInfo(name, r.get("vg_uuid"), size, free,
                LvmReport.number(TOOL, 1, "vg_extent_size", r.get("vg_extent_size")),
                LvmReport.number(TOOL, 1, "lv_count", r.get("lv_count")));
    }

    /** The tags of the one VG of a {@link LvmReports#vgTags} report. */
    public static List<String> tags(String json, String expectedVg) {
        List<Map<String, String>> rows = LvmReport.rows(TOOL, "vg", LvmReports.VG_TAG_COLUMNS, json);
        if (rows.size() != 1 || !rows.get(0).get("vg_name").equals(expectedVg)) {
            throw new LvmReportException("vgs report: expected exactly one row for VG " + expectedVg + ", got "
                    + rows.size());
        }
        String tags = rows.get(0).get("vg_tags").strip();
        return tags.isEmpty() ? List.of() : List.of(tags.split(","));
    }
}
