package io.storagedrivers.sharedlvm.doctor;

import java.util.List;

import io.storagedrivers.checks.DoctorNode;
import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandFailedException;
import io.storagedrivers.exec.CommandResult;
import io.storagedrivers.sharedlvm.lvm.LvmCommands;
import io.storagedrivers.sharedlvm.lvm.LvmTools;

/**
 * A node as the shared LVM checks see it: its LVM command lines, all from {@link LvmCommands},
 * spelled three ways: as root ({@code sudo -n} in front when the node's user is not root, the way
 * the drivers reach it), as the user (lvmconfig), and as {@code sudo -n -l} asks whether sudo
 * would allow them.
 */
final class LvmNode {

    private final DoctorNode node;
    private final LvmCommands asRoot;
    private final LvmCommands asUser;
    private final LvmCommands sudoList;

    LvmNode(DoctorNode node) {
        this.node = node;
        LvmTools bare = LvmTools.defaults();
        this.asUser = new LvmCommands(bare);
        this.asRoot = node.root() ? asUser : new LvmCommands(new LvmTools(List.of("sudo", "-n"), bare.paths()));
        this.sudoList = new LvmCommands(new LvmTools(List.of("sudo", "-n", "-l"), bare.paths()));
    }

    DoctorNode node() {
        return node;
    }

    /** LVM command lines as root on this node. */
    LvmCommands lvm() {
        return asRoot;
    }

    /** LVM command lines prefixed by {@code sudo -n -l}: exit 0 when sudo would allow them. */
    LvmCommands sudoList() {
        return sudoList;
    }

    CommandResult run(Command c) {
        return node.run(c);
    }

    /** {@code sudo -n -l} of any command line: exit 0 when sudo would allow it. */
    boolean sudoAllows(Command c) {
        return node.run(Command.of(prefixed(List.of("sudo", "-n", "-l"), c.argv()))).ok();
    }

    /**
     * {@code lvmconfig} of one key, run as the node's user: {@code key=value} on stdout. LVM's
     * tools are in the sbin directories, which a non-root SSH session's PATH lacks (Debian gives
     * users /usr/local/bin:/usr/bin:/bin:/usr/games): they are put first.
     */
    CommandResult config(String sectionKey) {
        return node.run(configCommand(sectionKey));
    }

    Command configCommand(String sectionKey) {
        return asUser.reports().config(sectionKey).withEnv("PATH", SBIN_PATH);
    }

    static final String SBIN_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /**
     * Reports whether {@code vg} is visible here, with its autoactivation flag, which must be off
     * (LVM prints "enabled" when it is on, nothing when off), else a host that boots activates every
     * LV of the shared VG (docs/operator-guide.md, "Host reboot"). Returns whether LVM saw the VG.
     */
    boolean visible(String vg) {
        CommandResult r;
        try {
            r = node.run(asRoot.reports().autoactivation(vg));
        } catch (CommandFailedException e) {
            node.report(false, "VG " + vg + ": " + DoctorNode.reason(e));
            return false;
        }
        if (!r.ok()) {
            node.report(false, "VG " + vg + " visible: " + DoctorNode.reason(r));
            return false;
        }
        boolean on = r.stdout().contains("enabled");
        node.report(!on, "VG " + vg + " visible" + (on ? ", but its autoactivation is ON: a host that boots"
                + " activates all its LVs; run on the frontend: vgchange --setautoactivation n " + vg
                + " (install.sh --frontend --vg " + vg + " does it)" : ", autoactivation off"));
        return true;
    }

    private static List<String> prefixed(List<String> prefix, List<String> argv) {
        List<String> all = new java.util.ArrayList<>(prefix);
        all.addAll(argv);
        return all;
    }
}
