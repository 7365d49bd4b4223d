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

    /**
     * {@link #use} of several LVs with one {@code lvchange -ay} for those not active here yet (under
     * emulation or on a busy host every LVM process costs 0.3-0.7 s). Returns the device paths.
     */
    List<String> useAll(List<String[]> vgLvs) {
        List<String[]> toActivate = new java.util.ArrayList<>();
        List<String> paths = new java.util.ArrayList<>();
        for (String[] vl : vgLvs) {
            List<LvInfo> seen = reports.computeIfAbsent(vl[0], v -> hosts.lvs(at, v));
            if (seen.stream().noneMatch(i -> i.name().equals(vl[1]) && i.active())
                    && toActivate.stream().noneMatch(t -> t[0].equals(vl[0]) && t[1].equals(vl[1]))) {
                toActivate.add(vl);
            }
            paths.add(LvmCommands.devicePath(vl[0], vl[1]));
        }
        if (toActivate.size() == 1) {
            hosts.activate(at, toActivate.get(0)[0], toActivate.get(0)[1]);
        } else if (!toActivate.isEmpty()) {
            hosts.activateTogether(at, toActivate);
        }
        toActivate.forEach(activated::push);
        return paths;
    }

    /** Whether {@link #use} activated vg/lv here (false: it was active already). */
    boolean activatedHere(String vg, String lv) {
        return activated.stream().anyMatch(a -> a[0].equals(vg) && a[1].equals(lv));
    }

    /**
     * Deactivates what {@link #use} activated, in one {@code lvchange -an} (newest first); when that
     * fails, one by one, and the first failure is thrown at the end.
     */
    @Override
    public void close() {
        if (activated.size() > 1) {
            try {
                hosts.deactivateTogether(at, new java.util.ArrayList<>(activated));
                activated.clear();
                return;
            } catch (RuntimeException e) {
                // one of them may be gone or busy: below, each on its own decides
            }
        }
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
