package io.storagedrivers.sharedlvm.lvm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.storagedrivers.exec.Command;

/**
 * LVM's read-only argv: reports ({@code lvs}, {@code vgs}) and the questions doctor and tests ask
 * a node ({@code lvmconfig}, {@code lvmlockctl --info}, {@code vgck}). Nothing here changes
 * metadata or activation, so every command may run on any node, read-only hosts included. Reports
 * use fixed {@code -o} columns, JSON, bytes without suffix and the C locale so {@link LvsParser} /
 * {@link VgsParser} can be strict. Reached as {@link LvmCommands#reports()}.
 */
public final class LvmReports {

    /** {@code lvs -o} columns, in the order {@link LvsParser} expects them. */
    public static final List<String> LVS_COLUMNS =
            List.of("lv_name", "vg_name", "lv_uuid", "lv_size", "lv_attr", "lv_active", "lv_tags");
    /** {@code vgs -o} columns, in the order {@link VgsParser} expects them. */
    public static final List<String> VG_TAG_COLUMNS = List.of("vg_name", "vg_tags");
    public static final List<String> VGS_COLUMNS =
            List.of("vg_name", "vg_uuid", "vg_size", "vg_free", "vg_extent_size", "lv_count");

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final LvmTools tools;

    public LvmReports(LvmTools tools) {
        this.tools = tools;
    }

    /** One JSON report of every LV of {@code vg} (hidden LVs excluded). */
    public Command lvs(String vg) {
        return json("lvs", LVS_COLUMNS, vg);
    }

    /**
     * One JSON report of only the LVs {@code names} of {@code vg}, selected with {@code -S}
     * ({@code lv_name="a" || lv_name="b"}): what an action touches, not the whole VG (the report
     * of a 10,000-LV VG is megabytes of JSON), and an absent LV is simply not listed (where
     * {@code lvs vg/lv} would fail).
     */
    public Command lvs(String vg, Collection<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no LV named for a report of " + vg);
        }
        List<String> select = new ArrayList<>();
        for (String n : names) {
            select.add("lv_name=\"" + LvmNames.lv(n) + "\"");
        }
        List<String> argv = tools.head("lvs");
        argv.addAll(List.of("--reportformat", "json", "--units", "b", "--nosuffix",
                "-o", String.join(",", LVS_COLUMNS), "-S", String.join(" || ", select), LvmNames.vg(vg)));
        return query(argv);
    }

    /**
     * {@code name:size} lines (bytes) of every LV of {@code vg}: the lean report a monitor needs
     * for thousands of LVs (no JSON, two columns; parsed by {@link LvsParser#sizes}).
     */
    public Command lvSizes(String vg) {
        List<String> argv = tools.head("lvs");
        argv.addAll(List.of("--noheadings", "--units", "b", "--nosuffix", "--separator", ":",
                "-o", "lv_name,lv_size", LvmNames.vg(vg)));
        return query(argv);
    }

    /** One JSON report of {@code vg}'s capacity. */
    public Command vgs(String vg) {
        return json("vgs", VGS_COLUMNS, vg);
    }

    /** One JSON report of {@code vg}'s tags ({@code vg_name,vg_tags}). */
    public Command vgTags(String vg) {
        return json("vgs", VG_TAG_COLUMNS, vg);
    }

    /**
     * {@code vgs --noheadings -o lock_type vg}: {@code sanlock} or {@code dlm} for a shared VG
     * (lvmlockd), empty for a plain one. Read by {@link LockType#parse}.
     */
    public Command lockType(String vg) {
        List<String> argv = tools.head("vgs");
        argv.addAll(List.of("--noheadings", "-o", "lock_type", LvmNames.vg(vg)));
        return query(argv);
    }

    /**
     * {@code vgs --noheadings -o vg_name,autoactivation vg}: whether the VG is visible here, and its
     * autoactivation flag ({@code enabled} when on, empty when off; doctor).
     */
    public Command autoactivation(String vg) {
        List<String> argv = tools.head("vgs");
        argv.addAll(List.of("--noheadings", "-o", "vg_name,autoactivation", LvmNames.vg(vg)));
        return query(argv);
    }

    /** {@code lvmconfig --type full section/key}: one line {@code key=value} of this node's LVM configuration. */
    public Command config(String sectionKey) {
        if (!sectionKey.matches("[a-z_]+/[a-z_]+")) {
            throw new IllegalArgumentException("not an LVM configuration key: " + sectionKey);
        }
        List<String> argv = tools.head("lvmconfig");
        argv.addAll(List.of("--type", "full", sectionKey));
        return query(argv);
    }

    /** {@code lvmlockctl --info}: the lockspaces lvmlockd has started, one {@code VG <name> lock_type=...} line each. */
    public Command lockspaces() {
        List<String> argv = tools.head("lvmlockctl");
        argv.add("--info");
        return query(argv);
    }

    /** {@code vgck vg}: metadata consistency check (tests, doctor). */
    public Command vgck(String vg) {
        List<String> argv = tools.head("vgck");
        argv.add(LvmNames.vg(vg));
        return query(argv);
    }

    private Command json(String tool, List<String> columns, String vg) {
        List<String> argv = tools.head(tool);
        argv.addAll(List.of("--reportformat", "json", "--units", "b", "--nosuffix",
                "-o", String.join(",", columns), LvmNames.vg(vg)));
        return query(argv);
    }

    private static Command query(List<String> argv) {
        return Command.of(argv).withEnv(LvmCommands.ENV).withTimeout(TIMEOUT);
    }
}
