package io.storagedrivers.sim;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.BackendException.Kind;
import io.storagedrivers.spi.Capability;
import io.storagedrivers.spi.ImageSource;
import io.storagedrivers.spi.PoolInfo;
import io.storagedrivers.spi.Progress;
import io.storagedrivers.spi.Sizes;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeInfo;
import io.storagedrivers.spi.VolumeRef;
import io.storagedrivers.validate.Validate;
import io.storagedrivers.sim.SimState.Volume;

/**
 * A storage system simulated in one JSON file (libStorageMgmt's {@code sim} plug-in, for us):
 * every capability, deterministic ids ({@code vol-000001}, {@code snap-000002}), state that persists
 * between processes, capacity accounting per pool. Nothing is ever written to a disk; the
 * "content" property tracks which image or volume the data would have come from, so tests can
 * check that clones, copies and reverts carried the right data.
 *
 * <p>Sizes are rounded up to whole MiB. Attached volumes get the device path
 * {@code /dev/sim/<pool>/<name>} on every host.
 */
public final class SimBackend implements VolumeBackend {

    public static final String KIND = "sim";
    /** Size of the pool a fresh state file starts with, and of pools created on first use. */
    public static final long DEFAULT_POOL_BYTES = 100 * Sizes.GIB;
    public static final String DEFAULT_POOL = "default";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9+_.-]{0,127}");
    private static final java.time.Duration LOCK_TIMEOUT = java.time.Duration.ofSeconds(30);

    private final SimStateFile store;
    private final SimVolumes volumes = new SimVolumes();

    /**
     * Opens (or creates) the simulator whose state lives in {@code stateFile}. {@code pools} are
     * added when missing (existing pools keep their size). A new state file without {@code pools}
     * starts with the pool {@value #DEFAULT_POOL} and creates other pools on first use.
     */
    public SimBackend(Path stateFile, List<PoolInfo> pools) {
        for (PoolInfo p : pools) {
            checkName("pool", p.name());
        }
        this.store = new SimStateFile(stateFile, LOCK_TIMEOUT, () -> SimState.initial(pools.isEmpty(), DEFAULT_POOL, DEFAULT_POOL_BYTES));
        if (!pools.isEmpty()) {
            store.update(s -> {
                for (PoolInfo p : pools) {
                    s.pools.computeIfAbsent(p.name(), n -> SimState.newPool(p.totalBytes(), p.thin()));
                }
                return null;
            });
        }
    }

    public Path stateFile() {
        return store.path();
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Map<String, String> systemInfo() {
        return Map.of("id", KIND, "name", "storage simulator", "state", store.path().toString());
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.allOf(Capability.class);
    }

    @Override
    public List<PoolInfo> pools() {
        return store.read(s -> {
            List<PoolInfo> out = new ArrayList<>();
            for (String name : s.pools.keySet()) {
                out.add(s.poolInfo(name));
            }
            return out;
        });
    }

    @Override
    public PoolInfo pool(String pool) {
        checkName("pool", pool);
        return store.update(s -> s.poolInfo(s.requirePool(pool)));
    }

    @Override
    public List<VolumeInfo> list(String pool) {
        checkName("pool", pool);
        return store.update(s -> {
            s.requirePool(pool);
            List<VolumeInfo> out = new ArrayList<>();
            for (Volume v : s.volumes.values()) {
                if (v.pool.equals(pool)) {
                    out.add(SimState.info(v));
                }
            }
            return out;
        });
    }

    @Override
    public Optional<VolumeInfo> find(VolumeRef volume) {
        check(volume);
        return store.read(s -> Optional.ofNullable(s.volumes.get(key(volume))).map(SimState::info));
    }

    @Override
    public VolumeInfo create(VolumeRef volume, long sizeBytes) {
        check(volume);
        return store.update(s -> SimState.info(volumes.create(s, s.requirePool(volume.pool()), volume.name(), sizeBytes)));
    }

    @Override
    public void delete(VolumeRef volume, boolean zeroFirst) {
        check(volume);
        store.update(s -> {
            volumes.delete(s, volume);
            return null;
        });
    }

    @Override
    public VolumeInfo resize(VolumeRef volume, long newSizeBytes) {
        check(volume);
        return store.update(s -> SimState.info(volumes.resize(s, volume, newSizeBytes)));
    }

    @Override
    public VolumeInfo clone(VolumeRef source, VolumeRef target, long minSizeBytes, Progress progress) {
        check(source);
        check(target);
        VolumeInfo made = store.update(s -> {
            s.requirePool(target.pool());
            return SimState.info(volumes.cloneVolume(s, source, target, minSizeBytes));
        });
        progress.report(made.sizeBytes(), made.sizeBytes());
        return made;
    }

    @Override
    public void copy(VolumeRef source, VolumeRef target, Progress progress) {
        check(source);
        check(target);
        long size = store.update(s -> volumes.copy(s, source, target));
        progress.report(size, size);
    }

    @Override
    public void importImage(VolumeRef target, ImageSource source, Progress progress) {
        check(target);
        store.update(s -> {
            volumes.importImage(s, target, source);
            return null;
        });
        progress.report(source.virtualSizeBytes(), source.virtualSizeBytes());
    }

    @Override
    public String attach(VolumeRef volume, String host) {
        check(volume);
        checkHost(host);
        return store.update(s -> volumes.attach(s, volume, host));
    }

    @Override
    public void detach(VolumeRef volume, String host) {
        check(volume);
        checkHost(host);
        store.update(s -> {
            Volume v = s.volumes.get(key(volume));
            if (v != null) {
                v.attachments.remove(host);
            }
            return null;
        });
    }

    @Override
    public Set<String> attachments(VolumeRef volume) {
        check(volume);
        return store.read(s -> {
            Volume v = s.volumes.get(key(volume));
            return v == null ? Set.<String>of() : Set.copyOf(v.attachments.keySet());
        });
    }

    @Override
    public List<String> snapshots(VolumeRef volume) {
        check(volume);
        return store.read(s -> volumes.require(s, volume).snapshots.stream().map(x -> x.name).toList());
    }

    @Override
    public void createSnapshot(VolumeRef volume, String snapshot) {
        check(volume);
        checkName("snapshot", snapshot);
        store.update(s -> {
            volumes.createSnapshot(s, volume, snapshot);
            return null;
        });
    }

    /** All checked first, then all taken in one update of the state file: all or nothing. */
    @Override
    public void createSnapshots(Map<VolumeRef, String> snapshots) {
        snapshots.forEach((v, snap) -> {
            check(v);
            checkName("snapshot", snap);
        });
        store.update(s -> {
            snapshots.forEach((v, snap) -> {
                if (volumes.require(s, v).snapshots.stream().anyMatch(x -> x.name.equals(snap))) {
                    throw new BackendException(BackendException.Kind.INVALID, "snapshot " + snap + " of " + v
                            + " already exists");
                }
            });
            snapshots.forEach((v, snap) -> volumes.createSnapshot(s, v, snap));
            return null;
        });
    }

    @Override
    public void deleteSnapshot(VolumeRef volume, String snapshot) {
        check(volume);
        checkName("snapshot", snapshot);
        store.update(s -> {
            Volume v = s.volumes.get(key(volume));
            if (v != null) {
                v.snapshots.removeIf(x -> x.name.equals(snapshot));
            }
            return null;
        });
    }

    @Override
    public void revertSnapshot(VolumeRef volume, String snapshot) {
        check(volume);
        checkName("snapshot", snapshot);
        store.update(s -> {
            volumes.revert(s, volume, snapshot);
            return null;
        });
    }

    @Override
    public VolumeInfo createFromSnapshot(VolumeRef volume, String snapshot, VolumeRef target) {
        check(volume);
        checkName("snapshot", snapshot);
        check(target);
        return store.update(s -> {
            s.requirePool(target.pool());
            return SimState.info(volumes.fromSnapshot(s, volume, snapshot, target));
        });
    }

    // --- helpers --------------------------------------------------------------------------------

    static String key(VolumeRef ref) {
        return SimState.key(ref.pool(), ref.name());
    }

    private static void check(VolumeRef ref) {
        checkName("pool", ref.pool());
        checkName("volume", ref.name());
    }

    static void checkName(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new BackendException(Kind.INVALID, "invalid " + what + " name '" + name
                    + "' (letters, digits, + _ . -; at most 128; not starting with - or .)");
        }
    }

    private static void checkHost(String host) {
        Validate.hostName(host);
    }
}
