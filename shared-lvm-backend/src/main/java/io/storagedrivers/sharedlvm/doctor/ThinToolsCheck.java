package io.storagedrivers.sharedlvm.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.storagedrivers.checks.Check;
import io.storagedrivers.checks.DoctorNode;
import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandFailedException;
import io.storagedrivers.exec.CommandLog;
import io.storagedrivers.exec.CommandResult;
import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.exec.LocalCommandRunner;
import io.storagedrivers.sharedlvm.lvm.LvmCommands;
import io.storagedrivers.sharedlvm.lvm.LvmTools;

/**
 * Thin pools ({@code LVM_THIN_ENABLE} on a shared VG, docs/lvmlockd.md) need thin-provisioning-tools
 * on every node that activates them: LVM runs {@code thin_check} (lvm.conf
 * {@code global/thin_check_executable}) on a pool's metadata before it activates the pool, and
 * {@code lvconvert --repair} of a damaged pool needs {@code thin_repair}. Without the package LVM
 * only warns and activates the pool unchecked, and a damaged pool cannot be repaired. The check
 * asks LVM where it looks and runs that program's {@code -V} (no root needed).
 */
public final class ThinToolsCheck {
    static final String KEY = "global/thin_check_executable";
    public static final String INSTALL = "apt-get install thin-provisioning-tools";

    private ThinToolsCheck() {
    }

    /** The check on a doctor node (frontend or host), LVM's config read as the node's user. */
    static void run(LvmNode lvm) {
        Check c = check(lvm::run, lvm.configCommand(KEY), List.of());
        lvm.node().report(c.ok(), c.what());
    }

    /**
     * The check where {@code run} runs commands: {@code lvmconfig} (the node's LVM config command
     * for {@link #KEY}), then {@code <prefix> <thin_check> -V}. {@code prefix}: words before it
     * where LVM's own commands have a wrapper that reaches another machine (a bridge backend's
     * {@code LVM_COMMAND_PREFIX}, without a leading {@code sudo}: the version needs no root).
     */
    public static Check check(Function<Command, CommandResult> run, Command lvmconfig, List<String> prefix) {
        CommandResult conf = execute(run, lvmconfig);
        String path = conf == null || !conf.ok() ? null : value(conf.stdout());
        if (path == null) {
            return Check.fail("cannot read lvm.conf " + KEY + (conf == null ? "" : ": " + DoctorNode.reason(conf)));
        }
        if (path.isEmpty()) {
            return Check.ok("thin pools: lvm.conf " + KEY + " is empty: LVM activates thin pools without checking"
                    + " their metadata");
        }
        if (!path.matches("/[A-Za-z0-9_./+-]{1,200}")) {
            return Check.fail("lvm.conf " + KEY + " is not an absolute path: " + path);
        }
        List<String> argv = new ArrayList<>();
        for (String w : prefix) {
            if (!argv.isEmpty() || !w.equals("sudo") && !w.startsWith("-")) {
                argv.add(w);
            }
        }
        argv.addAll(List.of(path, "-V"));
        CommandResult v = execute(run, Command.of(argv).withTimeout(DoctorNode.TIMEOUT));
        if (v != null && v.ok()) {
            return Check.ok("thin pools: " + path + " " + v.stdout().strip() + " (thin-provisioning-tools) checks"
                    + " a pool before LVM activates it");
        }
        return Check.fail("thin pools (LVM_THIN_ENABLE) need " + path + ", which is not here ("
                + (v == null ? "cannot run it" : DoctorNode.reason(v)) + "): " + INSTALL);
    }

    /**
     * The check for a cinder-bridge backend with {@code settings}: on this machine, or where the
     * backend's {@code LVM_COMMAND_PREFIX} takes its LVM commands.
     */
    public static Check local(Map<String, String> settings) {
        LvmTools tools = LvmTools.fromSettings(settings);
        CommandRunner runner = CommandLog.global().wrap(new LocalCommandRunner());
        Command conf = new LvmCommands(tools).reports().config(KEY).withEnv("PATH", LvmNode.SBIN_PATH);
        return check(runner::execute, conf, tools.prefix());
    }

    /** The value of lvmconfig's {@code thin_check_executable="..."} line; null when there is none. */
    static String value(String lvmconfigOut) {
        for (String line : lvmconfigOut.split("\\R")) {
            String l = line.strip();
            if (l.startsWith("thin_check_executable=")) {
                String v = l.substring("thin_check_executable=".length()).strip();
                return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
            }
        }
        return null;
    }

    private static CommandResult execute(Function<Command, CommandResult> run, Command c) {
        try {
            return run.apply(c);
        } catch (CommandFailedException e) {
            return null;
        }
    }
}
