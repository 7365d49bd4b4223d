package io.storagedrivers.sharedlvm.one;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandResult;
import io.storagedrivers.one.cds.CdsTraining;
import io.storagedrivers.one.cds.TrainingDocs;

/**
 * shared-lvm-driver.jar's {@code cds-train} ({@link CdsTraining}): its datastores on VG
 * {@value #VG}, and LVM's answers as LVM gives them (JSON reports of exactly the requested columns
 * and selected LVs, the lean size report, lvextend's size line), so that the actions go on to
 * parse them as they do on a frontend.
 */
final class SharedLvmTraining {
    static final String VG = "vg-cds-training";
    private static final Pattern SELECTED = Pattern.compile("lv_name=\"([^\"]+)\"");
    private static final List<String> ALL_LVS = List.of("lv-one-42-0", "lv-one-42-1", "lv-one-42-2", "img-one-20");

    private SharedLvmTraining() {
    }

    static CdsTraining.Driver driver() {
        return new CdsTraining.Driver(new TrainingDocs("shared_lvm", VG + "/img-one-20",
                "<VG_NAME><![CDATA[" + VG + "]]></VG_NAME><ZERO_LVM_ON_CREATE><![CDATA[no]]></ZERO_LVM_ON_CREATE>"),
                SharedLvmCommands.DS, SharedLvmCommands.TM, SharedLvmTraining::reply, Map.of());
    }

    /** LVM's answer to {@code c}; null (exit 0, no output) for the rest. */
    static CommandResult reply(Command c) {
        List<String> argv = c.argv();
        String tool = CdsTraining.program(c);
        String last = argv.get(argv.size() - 1);
        switch (tool) {
            case "lvs", "vgs" -> {
                List<String> columns = List.of(option(argv, "-o").split(","));
                if (tool.equals("vgs") && !argv.contains("json")) {
                    return ok(c, "  \n"); // lock_type of a plain VG
                }
                if (!argv.contains("json")) {
                    StringBuilder lean = new StringBuilder();
                    ALL_LVS.forEach(lv -> lean.append("  ").append(lv).append(":8388608\n"));
                    return ok(c, lean.toString());
                }
                List<String> names = tool.equals("vgs") ? List.of(VG) : selected(argv);
                return ok(c, report(tool.equals("vgs") ? "vg" : "lv", columns, names));
            }
            case "lvextend" -> {
                return ok(c, "  Size of logical volume " + last + " changed from 8.00 MiB (2 extents) to 16.00 MiB"
                        + " (4 extents).\n  Logical volume " + last + " successfully resized.\n");
            }
            default -> {
                return null;
            }
        }
    }

    private static List<String> selected(List<String> argv) {
        String select = option(argv, "-S");
        if (select.isEmpty()) {
            return ALL_LVS;
        }
        List<String> names = new ArrayList<>();
        Matcher m = SELECTED.matcher(select);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** {@code {"report":[{"lv":[{col:"value",...}]}]}} with exactly {@code columns}. */
    private static String report(String kind, List<String> columns, List<String> names) {
        StringBuilder json = new StringBuilder("{\"report\":[{\"").append(kind).append("\":[");
        for (int i = 0; i < names.size(); i++) {
            json.append(i == 0 ? "{" : ",{");
            for (int j = 0; j < columns.size(); j++) {
                json.append(j == 0 ? "" : ",").append('"').append(columns.get(j)).append("\":\"")
                        .append(value(columns.get(j), names.get(i))).append('"');
            }
            json.append('}');
        }
        return json.append("]}]}\n").toString();
    }

    private static String value(String column, String name) {
        return switch (column) {
            case "lv_name" -> name;
            case "vg_name" -> VG;
            case "lv_uuid", "vg_uuid" -> "cdsTra-inin-gUui-d000-0000-0000-000000";
            case "lv_size" -> "8388608";
            case "lv_attr" -> "-wi-a-----";
            case "lv_active" -> "active";
            case "vg_size" -> "107374182400";
            case "vg_free" -> "53687091200";
            case "vg_extent_size" -> "4194304";
            case "lv_count" -> Integer.toString(ALL_LVS.size());
            default -> ""; // tags, lock type
        };
    }

    private static String option(List<String> argv, String name) {
        int i = argv.indexOf(name);
        return i < 0 || i + 1 >= argv.size() ? "" : argv.get(i + 1);
    }

    private static CommandResult ok(Command c, String stdout) {
        return new CommandResult(c, 0, stdout.getBytes(java.nio.charset.StandardCharsets.UTF_8), "", false);
    }
}
