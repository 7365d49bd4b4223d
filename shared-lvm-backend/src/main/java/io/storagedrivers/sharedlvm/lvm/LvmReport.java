package io.storagedrivers.sharedlvm.lvm;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Strict reader of LVM's {@code --reportformat json} output:
 * {@code {"report":[{"<kind>":[{col:"value",...},...]}]}}. Every row must hold exactly the
 * requested columns, every value must be a string; anything else fails with a message naming the
 * command, row and field. A top-level {@code "log"} array (LVM's command log, when enabled in
 * lvm.conf) is allowed and ignored.
 */
final class LvmReport {
    private LvmReport() {
    }

    /** Rows of the report as column → value, in report order. */
    static List<Map<String, String>> rows(String tool, String kind, List<String> columns, String json) {
        if (json == null || json.isBlank()) {
            throw new LvmReportException(tool + " report: empty output");
        }
        JsonNode root;
        try {
            root = JsonTree.read(json);
        } catch (IOException e) {
            throw new LvmReportException(tool + " report: not JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new LvmReportException(tool + " report: expected a JSON object, got " + kindOf(root));
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("report") && !f.equals("log")) {
                throw new LvmReportException(tool + " report: unexpected top-level field '" + f + "'");
            }
        }
        JsonNode report = root.get("report");
        if (report == null || !report.isArray() || report.size() != 1) {
            throw new LvmReportException(tool + " report: field 'report' must be an array of one element, got "
                    + (report == null ? "nothing" : kindOf(report) + (report.isArray() ? " of " + report.size() : "")));
        }
        JsonNode section = report.get(0);
        JsonNode list = section.get(kind);
        if (!section.isObject() || section.size() != 1 || list == null || !list.isArray()) {
            throw new LvmReportException(tool + " report: field 'report[0]' must hold only the array '" + kind + "'");
        }
        List<Map<String, String>> rows = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            rows.add(row(tool, i + 1, list.get(i), columns));
        }
        return rows;
    }

    private static Map<String, String> row(String tool, int n, JsonNode row, List<String> columns) {
        if (!row.isObject()) {
            throw new LvmReportException(tool + " report: row " + n + " is " + kindOf(row) + ", not an object");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String c : columns) {
            JsonNode v = row.get(c);
            if (v == null) {
                throw new LvmReportException(tool + " report: row " + n + ": missing field " + c);
            }
            if (!v.isTextual()) {
                throw new LvmReportException(tool + " report: row " + n + ": field " + c + " is " + kindOf(v)
                        + ", expected a string");
            }
            values.put(c, v.textValue());
        }
        if (row.size() != columns.size()) {
            for (Iterator<String> it = row.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!columns.contains(f)) {
                    throw new LvmReportException(tool + " report: row " + n + ": unexpected field " + f);
                }
            }
        }
        return values;
    }

    /** A non-negative integer column (sizes in bytes, counts). */
    static long number(String tool, int row, String field, String value) {
        try {
            long v = Long.parseLong(value);
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through to the one message below
        }
        throw new LvmReportException(tool + " report: row " + row + ": field " + field
                + ": not a non-negative integer: '" + value + "'");
    }

    private static String kindOf(JsonNode n) {
        return n == null ? "nothing" : n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
