package io.storagedrivers.sharedlvm.lvm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where the LVM programs are and how to call them: a command prefix (e.g. {@code sudo -n} when the
 * driver runs as {@code oneadmin}) and one path per tool. Operators override them with settings
 * ({@link #fromSettings}); the defaults are the bare names, found on {@code PATH}.
 *
 * @param prefix words put before every LVM command (empty by default)
 * @param paths  tool name ({@code lvcreate}, {@code lvs}...) to program path
 */
public record LvmTools(List<String> prefix, Map<String, String> paths) {

    /** Every tool {@link LvmCommands} runs. */
    public static final List<String> TOOLS = List.of(
            "lvcreate", "lvremove", "lvextend", "lvrename", "lvchange", "vgchange", "lvs", "vgs", "vgck",
            "lvmconfig", "lvmlockctl");

    /** Setting holding the prefix, split on whitespace (e.g. {@code "sudo -n"}). */
    public static final String PREFIX_SETTING = "LVM_COMMAND_PREFIX";

    public LvmTools {
        prefix = List.copyOf(prefix);
        paths = Map.copyOf(paths);
    }

    public static LvmTools defaults() {
        return fromSettings(Map.of());
    }

    /**
     * Reads {@code LVM_COMMAND_PREFIX} and one {@code LVM_<TOOL>} per tool (e.g. {@code LVM_LVCREATE=/sbin/lvcreate}).
     * Blank values mean "default".
     */
    public static LvmTools fromSettings(Map<String, String> settings) {
        String p = settings.getOrDefault(PREFIX_SETTING, "").strip();
        List<String> prefix = p.isEmpty() ? List.of() : List.of(p.split("\\s+"));
        Map<String, String> paths = new java.util.LinkedHashMap<>();
        for (String tool : TOOLS) {
            String v = settings.getOrDefault(settingName(tool), "").strip();
            paths.put(tool, v.isEmpty() ? tool : v);
        }
        return new LvmTools(prefix, paths);
    }

    public static String settingName(String tool) {
        return "LVM_" + tool.toUpperCase(java.util.Locale.ROOT);
    }

    /** The first words of a command running {@code tool}: prefix + path. */
    List<String> head(String tool) {
        List<String> argv = new ArrayList<>(prefix);
        argv.add(Objects.requireNonNull(paths.get(tool), () -> "unknown LVM tool " + tool));
        return argv;
    }
}
