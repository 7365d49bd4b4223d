package io.storagedrivers.sharedlvm;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.sharedlvm.lvm.LvInfo;
import io.storagedrivers.sharedlvm.lvm.LvmCommands;

/**
 * The LVs a data operation (copy, zeroing) activated on one machine, so that exactly those are
 * deactivated again at the end: an LV that was already active there (a persistent image in use
 * by a VM on that host) is used as is and left active.
 */
final class Activations implements AutoCloseable {
    private final HostLvm hosts;
    private final CommandRunner at;
    private final Map<String, List<LvInfo>> reports = new HashMap<>();
    private final Deque<String[]> activated = new ArrayDeque<>();

    /** {@code known}: reports already taken on this machine (VG name → LVs), reused instead of asked again. */
    Activations(HostLvm hosts, CommandRunner at, Map<String, List<LvInfo>> known) {
        this.hosts = hosts;
        this.at = at;
        this.reports.putAll(known);
    }

    /** Makes vg/lv active here and returns its device path. */
    String use(String vg, String lv) {
        List<LvInfo> seen = reports.computeIfAbsent(vg, v -> hosts.lvs(at, v));
        boolean alreadyActive = seen.stream().anyMatch(i -> i.name().equals(lv) && i.active());
        if (!alreadyActive) {
            hosts.activate(at, vg, lv);
            activated.push(new String[] {vg, lv});
        }
        return LvmCommands.devicePath(vg, lv);
    }

    /** Whether {@link #use} activated vg/lv here (false: it was active already). */
    boolean activatedHere(String vg, String lv) {
        return activated.stream().anyMatch(a -> a[0].equals(vg) && a[1].equals(lv));
    }

    /** Deactivates what {@link #use} activated, newest first; the first failure is thrown at the end. */
    @Override
    public void close() {
        RuntimeException first = null;
        while (!activated.isEmpty()) {
            String[] vl = activated.pop();
            try {
                hosts.deactivate(at, vl[0], vl[1]);
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
