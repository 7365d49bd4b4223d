package io.storagedrivers.sharedlvm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import io.storagedrivers.exec.Runners;
import io.storagedrivers.sharedlvm.lvm.LvInfo;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.BackendException.Kind;

/**
 * Where the LVs of a VG are active. Shared LVM records activation nowhere (each host has its own
 * device-mapper tables), so every host is asked: one read-only {@code lvs} per host, the hosts in
 * parallel. A host that cannot be asked is reported as unknown, never as "nothing active there".
 */
final class HostActivity {
    /** The "host" reported unknown when no host is known at all: activation anywhere is unknown. */
    static final String NO_HOSTS = "*";
    private static final String NO_HOSTS_WHY = "no hosts known (set " + SharedLvmSettings.HOSTS
            + " or list the hosts in the SSH config)";
    /** At most this many hosts are asked at once (each is one SSH session). */
    private static final int PARALLEL = 8;

    private final HostLvm hostLvm;
    private final Runners runners;
    private final Supplier<List<String>> hostSource;
    private final java.util.function.Function<String, Set<String>> released;
    private List<String> hosts; // guarded by this
    private String hostsError; // why no host list could be read; guarded by this

    /**
     * @param hosts the hosts to ask, read once on first use (the SSH config is read only when needed)
     * @param released VG → the hosts released as gone ({@link HostReleases}): asked only when a
     *        host does not answer, which then counts as having nothing active
     */
    HostActivity(HostLvm hostLvm, Runners runners, Supplier<List<String>> hosts,
                 java.util.function.Function<String, Set<String>> released) {
        this.hostLvm = hostLvm;
        this.runners = runners;
        this.hostSource = hosts;
        this.released = released;
    }

    /**
     * What the hosts said about one VG.
     *
     * @param active  host → names of the VG's LVs active there (every host that answered is a key)
     * @param unknown host → why it could not be asked
     */
    record Report(Map<String, Set<String>> active, Map<String, String> unknown) {
        /**
         * Hosts where {@code lv} is active, sorted, with {@value SharedLvmSettings#FRONTEND} when the
         * report of this machine ({@code lv} itself) says it is active here.
         */
        Set<String> activeOn(LvInfo lv) {
            Set<String> out = new TreeSet<>();
            active.forEach((host, lvs) -> {
                if (lvs.contains(lv.name())) {
                    out.add(host);
                }
            });
            if (lv.active()) {
                out.add(SharedLvmSettings.FRONTEND);
            }
            return out;
        }
    }

    /** The hosts to ask; none when the source fails (an unreadable SSH config: {@link #hostsError}). */
    synchronized List<String> hosts() {
        if (hosts == null) {
            try {
                hosts = List.copyOf(hostSource.get());
            } catch (RuntimeException e) {
                hosts = List.of();
                hostsError = reason(e);
            }
        }
        return hosts;
    }

    /**
     * Refuses (BUSY) when {@code lv} is active on this machine or a host, and (BACKEND_ERROR) when
     * a host could not be asked or no host is known: deleting an LV a host still maps would let
     * the next LV on those extents be written through a stale table.
     */
    void requireInactive(LvInfo lv) {
        String volume = lv.vg() + "/" + lv.name();
        if (hosts().isEmpty()) {
            throw new BackendException(Kind.BACKEND_ERROR, "cannot tell whether " + volume + " is active on a host: "
                    + noHostsWhy());
        }
        Report report = scan(lv.vg());
        Set<String> on = report.activeOn(lv);
        if (!on.isEmpty()) {
            throw new BackendException(Kind.BUSY, "volume " + volume + " is active on " + String.join(", ", on)
                    + ": deactivate it there first");
        }
        if (!report.unknown().isEmpty()) {
            Map.Entry<String, String> first = report.unknown().entrySet().iterator().next();
            throw new BackendException(Kind.BACKEND_ERROR, "cannot tell whether " + volume + " is active on "
                    + String.join(", ", report.unknown().keySet()) + " (" + first.getKey() + ": " + first.getValue() + ")");
        }
    }

    /** Asks every host; never throws for one host's failure (it becomes {@link Report#unknown}). */
    Report scan(String vg) {
        List<String> all = hosts();
        Map<String, Set<String>> active = new TreeMap<>();
        Map<String, String> unknown = new TreeMap<>();
        if (all.isEmpty()) {
            unknown.put(NO_HOSTS, noHostsWhy());
            return new Report(active, unknown);
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL, all.size()), r -> {
            Thread t = new Thread(r, "lvs-on-host");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Set<String>>> answers = new ArrayList<>();
            for (String host : all) {
                answers.add(pool.submit(() -> activeOn(host, vg)));
            }
            for (int i = 0; i < all.size(); i++) {
                try {
                    active.put(all.get(i), answers.get(i).get());
                } catch (ExecutionException e) {
                    unknown.put(all.get(i), reason(e.getCause()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException(Kind.BACKEND_ERROR, "interrupted while asking hosts", e);
        } finally {
            pool.shutdownNow();
        }
        if (!unknown.isEmpty()) {
            unknown.keySet().removeAll(released.apply(vg));
        }
        return new Report(active, unknown);
    }

    /**
     * One host: the names of the VG's LVs active there. A host that does not see the VG fails
     * (unknown, not "none"): it may have lost its path to the LUN and still hold tables of its LVs.
     */
    Set<String> activeOn(String host, String vg) {
        Set<String> out = new TreeSet<>();
        hostLvm.lvs(runners.host(host), vg).stream().filter(LvInfo::active).forEach(lv -> out.add(lv.name()));
        return out;
    }

    private synchronized String noHostsWhy() {
        return hostsError == null ? NO_HOSTS_WHY : NO_HOSTS_WHY + ": " + hostsError;
    }

    private static String reason(Throwable t) {
        String m = t.getMessage();
        return io.storagedrivers.cli.DriverMain.firstLine(m == null || m.isBlank() ? t.getClass().getSimpleName() : m);
    }
}
