package io.storagedrivers.doctor;

import java.util.List;
import java.util.function.Consumer;

import io.storagedrivers.exec.Runners;

/**
 * Checks that a node is ready for the drivers: this node (Java, VGs, metadata writable) and every
 * named host over SSH (see {@link HostChecks}). Each check is reported as soon as it is done.
 */
public final class Doctor {

    private final Runners runners;
    private final Consumer<Check> sink;

    public Doctor(Runners runners, Consumer<Check> sink) {
        this.runners = runners;
        this.sink = sink;
    }

    /**
     * @param vgs            volume groups that must be visible everywhere
     * @param hosts          hosts to check over SSH
     * @param metadataNode   this node changes LVM metadata (the frontend), so it must not be read-only
     * @return true when every check passed
     */
    public boolean run(List<String> vgs, List<String> hosts, boolean metadataNode) {
        Lvm local = new Lvm(runners.local(), !isRoot());
        LvmlockdChecks lockd = LvmlockdChecks.of(local, vgs);
        boolean ok = new FrontendChecks("frontend", sink).run(local, vgs, metadataNode);
        if (!lockd.sharedVgs().isEmpty() || LvmlockdChecks.usedBy(local)) {
            boolean[] fine = {true};
            lockd.run("frontend", local, (good, line) -> {
                fine[0] &= good;
                sink.accept(new Check(good, "frontend: " + line));
            });
            ok &= fine[0];
        }
        for (String host : hosts) {
            ok &= new HostChecks(host, sink, local, lockd).run(runners.host(host), vgs);
        }
        return ok;
    }

    /** Whether this process runs as root; otherwise LVM commands here go through {@code sudo -n}. */
    private boolean isRoot() {
        try {
            return runners.local().execute(io.storagedrivers.exec.Command.of("id", "-u")).stdout().strip().equals("0");
        } catch (io.storagedrivers.exec.CommandFailedException e) {
            return false;
        }
    }
}
