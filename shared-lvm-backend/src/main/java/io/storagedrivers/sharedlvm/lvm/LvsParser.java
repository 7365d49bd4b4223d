package io.storagedrivers.sharedlvm.lvm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Parses the output of {@link LvmReports#lvs} strictly (see {@link LvmReport}). */
public final class LvsParser {
    private static final String TOOL = "lvs";

    private LvsParser() {
    }

    public static List<LvInfo> parse(String json) {
        List<Map<String, String>> rows = LvmReport.rows(TOOL, "lv", LvmReports.LVS_COLUMNS, json);
        List<LvInfo> lvs = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            lvs.add(lv(i + 1, rows.get(i)));
        }
        return lvs;
    }

    /** Name → bytes from {@link LvmReports#lvSizes}: {@code name:size} lines, blank lines ignored. */
    public static Map<String, Long> sizes(String text) {
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        int n = 0;
        for (String line : text.split("\n")) {
            n++;
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            int colon = l.lastIndexOf(':');
            if (colon <= 0) {
                throw new LvmReportException("lvs report: line " + n + ": expected name:size, got '" + l + "'");
            }
            out.put(l.substring(0, colon), LvmReport.number(TOOL, n, "lv_size", l.substring(colon + 1)));
        }
        return out;
    }

    private static LvInfo lv(int n, Map<String, String> r) {
        String name = nonEmpty(n, "lv_name", r);
        String vg = nonEmpty(n, "vg_name", r);
        String uuid = nonEmpty(n, "lv_uuid", r);
        long size = LvmReport.number(TOOL, n, "lv_size", r.get("lv_size"));
        String attr = r.get("lv_attr");
        if (attr.length() != 10) {
            throw new LvmReportException("lvs report: row " + n + ": field lv_attr: expected 10 characters, got '"
                    + attr + "'");
        }
        String tagText = r.get("lv_tags");
        List<String> tags = tagText.isEmpty() ? List.of() : List.of(tagText.split(",", -1));
        if (tags.contains("")) {
            throw new LvmReportException("lvs report: row " + n + ": field lv_tags: empty tag in '" + tagText + "'");
        }
        return new LvInfo(vg, name, uuid, size, attr, r.get("lv_active"), tags);
    }

    private static String nonEmpty(int n, String field, Map<String, String> r) {
        String v = r.get(field);
        if (v.isEmpty()) {
            throw new LvmReportException("lvs report: row " + n + ": field " + field + " is empty");
        }
        return v;
    }
}
