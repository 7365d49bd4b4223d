package io.storagedrivers.doctor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandFailedException;
import io.storagedrivers.exec.CommandResult;
import io.storagedrivers.exec.CommandRunner;

/**
 * The commands the doctor runs on one node, with {@code sudo -n} in front of the LVM ones when the
 * node's user is not root (the way the drivers reach hosts as the OpenNebula user).
 */
final class Lvm {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final CommandRunner runner;
    private final boolean sudo;

    Lvm(CommandRunner runner, boolean sudo) {
        this.runner = runner;
        this.sudo = sudo;
    }

    String where() {
        return runner.where();
    }

    boolean sudo() {
        return sudo;
    }

    /** Runs an LVM (or other root) command, whatever its exit code. */
    CommandResult root(String... argv) {
        List<String> a = new ArrayList<>();
        if (sudo) {
            a.add("sudo");
            a.add("-n");
        }
        a.addAll(Arrays.asList(argv));
        return plain(a.toArray(String[]::new));
    }

    /**
     * Runs a command as the connecting user, whatever its exit code. LVM's tools are in the sbin
     * directories, which a non-root SSH session's PATH lacks (Debian gives users
     * /usr/local/bin:/usr/bin:/bin:/usr/games): they are added.
     */
    CommandResult plain(String... argv) {
        return runner.execute(Command.of(argv).withTimeout(TIMEOUT).withEnv("LVM_SUPPRESS_FD_WARNINGS", "1")
                .withEnv("LC_ALL", "C").withEnv("PATH", SBIN_PATH));
    }

    static final String SBIN_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /** Whether {@code vg} is visible to this node's LVM, with its autoactivation flag. */
    CommandResult vgs(String vg) {
        return root("vgs", "--noheadings", "-o", "vg_name,autoactivation", vg);
    }

    /**
     * The check line of a successful {@link #vgs}: the VG's autoactivation flag must be off (LVM
     * prints "enabled" when it is on, nothing when off), else a host that boots activates every LV
     * of the shared VG (docs/operator-guide.md, "Host reboot").
     */
    static Check visible(String vg, CommandResult r) {
        if (!r.ok()) {
            return new Check(false, "VG " + vg + " visible: " + reason(r));
        }
        boolean on = r.stdout().contains("enabled");
        return new Check(!on, "VG " + vg + " visible" + (on ? ", but its autoactivation is ON: a host that boots"
                + " activates all its LVs; run on the frontend: vgchange --setautoactivation n " + vg
                + " (install.sh --frontend --vg " + vg + " does it)" : ", autoactivation off"));
    }

    /** The last meaningful stderr line (LVM prints warnings before the reason). */
    static String reason(CommandResult r) {
        String[] lines = r.stderr().strip().split("\\R");
        for (int i = lines.length - 1; i >= 0; i--) {
            String l = lines[i].strip();
            if (!l.isEmpty() && !l.startsWith("File descriptor")) {
                return l;
            }
        }
        return "exit " + r.exitCode();
    }

    /** A one-line reason for a command that could not run at all. */
    static String reason(CommandFailedException e) {
        String m = e.getMessage() == null ? e.reason().toString() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
