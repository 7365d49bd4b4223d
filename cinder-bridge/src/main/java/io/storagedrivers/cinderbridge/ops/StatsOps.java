package io.storagedrivers.cinderbridge.ops;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.Capability;
import io.storagedrivers.spi.PoolInfo;
import io.storagedrivers.spi.Sizes;

/**
 * Capacity per pool, in Cinder's terms. Answers are cached for a few seconds so that bursts of
 * stats requests cost one backend query. When the backend cannot be reached the answer still
 * comes, with {@code backend_state: down} and no free space, so the scheduler stays away instead of
 * working from stale numbers.
 */
public final class StatsOps {
    private record Cached(Instant at, Map<String, Object> stats) {
    }

    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Map<String, List<String>> lastPoolNames = new ConcurrentHashMap<>();

    public StatsOps(Clock clock) {
        this.clock = clock;
    }

    public Map<String, Object> stats(BridgeBackend b, OpRequest ignored) {
        Cached c = cache.get(b.name());
        Instant now = clock.instant();
        if (c != null && c.at().plus(b.settings().statsMaxAge()).isAfter(now)) {
            return c.stats();
        }
        Map<String, Object> stats = compute(b);
        cache.put(b.name(), new Cached(now, stats));
        return stats;
    }

    private Map<String, Object> compute(BridgeBackend b) {
        Set<Capability> caps;
        List<PoolInfo> pools;
        String state = "up";
        try {
            caps = b.spi().capabilities();
            pools = b.spi().pools();
            lastPoolNames.put(b.name(), pools.stream().map(PoolInfo::name).toList());
        } catch (BackendException e) {
            state = "down";
            caps = Set.of();
            pools = lastPoolNames.getOrDefault(b.name(), List.of()).stream()
                    .map(n -> new PoolInfo(n, 0, 0, false)).toList();
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (PoolInfo p : pools) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pool_name", p.name());
            m.put("total_capacity_gb", gib(p.totalBytes()));
            m.put("free_capacity_gb", gib(p.freeBytes()));
            m.put("thin_provisioning_support", p.thin());
            m.put("thick_provisioning_support", !p.thin());
            m.put("multiattach", caps.contains(Capability.MULTI_ATTACH));
            m.put("backend_state", state);
            out.add(m);
        }
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("backend", b.name());
        stats.put("kind", b.spi().kind());
        stats.put("storage_protocol", protocol(b));
        stats.put("backend_state", state);
        stats.put("snapshots", caps.contains(Capability.SNAPSHOTS));
        stats.put("group_snapshots", caps.contains(Capability.GROUP_SNAPSHOTS));
        stats.put("pools", out);
        return stats;
    }

    private static String protocol(BridgeBackend b) {
        if (b.settings().storageProtocol() != null) {
            return b.settings().storageProtocol();
        }
        return switch (b.spi().kind()) {
            case "linstor" -> "DRBD";
            case "sim" -> "file";
            default -> "SCSI";
        };
    }

    /** GiB with two decimals, rounded down (never promise space that is not there). */
    static double gib(long bytes) {
        return Math.floor(bytes * 100.0 / Sizes.GIB) / 100.0;
    }
}
