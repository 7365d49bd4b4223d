package io.storagedrivers.sharedlvm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.sharedlvm.lvm.LvInfo;
import io.storagedrivers.sharedlvm.lvm.LvmCommands;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.BackendException.Kind;
import io.storagedrivers.spi.VolumeRef;
import io.storagedrivers.validate.Validate;

/**
 * Thin volumes and their snapshots on a shared VG ({@code LVM_THIN_ENABLE=yes}, docs/lvmlockd.md).
 * Each volume {@code <lv>} is the only volume of its own thin pool {@code <lv>.pool}; its snapshots
 * are thin snapshots {@code <lv>.snap.<name>} in that pool. One pool per volume (not per VM) because
 * a volume is what moves: a disk detached from one VM and attached to another on another host, a
 * Cinder volume that belongs to no VM, a live migration's disks one by one. lvmlockd activates a
 * pool and all its thin LVs on one host only, so the pool goes wherever its volume is attached.
 *
 * <p>A pool's metadata can only change where the pool is active. A snapshot verb therefore runs on
 * the host the volume is active on (the hint {@code preferredHost}, checked with one {@code lvs}
 * there, else every known host is asked), or on this machine when it is active nowhere, and always
 * under lvmlockd's VG lock on that machine ({@link VgMetadata#changeOn}: sent again while another
 * node holds it). A host that could not be asked and holds the pool makes lvmlockd refuse the
 * command here ("locked by other host": BUSY), never a second writer.
 *
 * <p>The pool keeps room for the volume and every snapshot written over completely (its data size
 * is at least the sum of their virtual sizes, grown before a snapshot or a resize), so a VM never
 * meets a full pool; space is still only used as blocks change.
 */
final class ThinVolumes {
    static final String POOL_SUFFIX = ".pool";
    static final String SNAPSHOT_INFIX = ".snap.";
    static final String REVERT_SUFFIX = ".revert";

    private final VgMetadata metadata;
    private final LvmCommands lvm;
    private final HostLvm hostLvm;
    private final HostActivity activity;
    private final Function<String, CommandRunner> at;

    ThinVolumes(VgMetadata metadata, LvmCommands lvm, HostLvm hostLvm, HostActivity activity,
                Function<String, CommandRunner> at) {
        this.metadata = metadata;
        this.lvm = lvm;
        this.hostLvm = hostLvm;
        this.activity = activity;
        this.at = at;
    }

    static String pool(String lv) {
        return lv + POOL_SUFFIX;
    }

    static String snapshotLv(String lv, String snapshot) {
        return Validate.lvName(lv + SNAPSHOT_INFIX + Validate.lvName(snapshot));
    }

    /** A thin volume ({@code lv_attr} starts with {@code V}). */
    static boolean thin(LvInfo lv) {
        return lv.attr().charAt(0) == 'V';
    }

    /** A pool, snapshot or revert leftover of a thin volume: not a volume of its own. */
    static boolean internal(String name) {
        return name.endsWith(POOL_SUFFIX) || name.contains(SNAPSHOT_INFIX) || name.endsWith(REVERT_SUFFIX);
    }

    /** {@link #internal} judged by the report row: a thin pool, or a thin LV with an internal name. */
    static boolean internal(LvInfo lv) {
        char type = lv.attr().charAt(0);
        return type == 't' || (type == 'V' && internal(lv.name()));
    }

    /** Whether {@code v} exists and is a thin volume (one {@code lvs} of that LV). */
    boolean isThin(VolumeRef v) {
        return metadata.find(v.pool(), v.name()).map(ThinVolumes::thin).orElse(false);
    }

    /** Names of {@code v}'s snapshots, sorted (one {@code lvs} of the VG). */
    List<String> snapshots(VolumeRef v) {
        String prefix = v.name() + SNAPSHOT_INFIX;
        List<String> out = new ArrayList<>();
        for (LvInfo lv : metadata.lvs(v.pool())) {
            if (lv.name().startsWith(prefix)) {
                out.add(lv.name().substring(prefix.length()));
            }
        }
        out.sort(null);
        return out;
    }

    /** Thin snapshot {@code snapshot} of {@code v}, after growing the pool by the volume's size. */
    void createSnapshot(VolumeRef v, String snapshot, String preferredHost) {
        LvInfo origin = requireThin(v);
        String snapLv = snapshotLv(v.name(), snapshot);
        Place place = place(origin, preferredHost);
        growPool(place, v, origin.sizeBytes(), origin.sizeBytes());
        metadata.changeOn(place.runner(), lvm.thinSnapshot(v.pool(), v.name(), snapLv, List.of()), v.pool());
        release(place, v);
    }

    /** Removes snapshot {@code snapshot} of {@code v}; absent: success. */
    void deleteSnapshot(VolumeRef v, String snapshot, String preferredHost) {
        String snapLv = snapshotLv(v.name(), snapshot);
        Optional<LvInfo> origin = metadata.find(v.pool(), v.name());
        if (metadata.find(v.pool(), snapLv).isEmpty()) {
            return;
        }
        Place place = origin.map(o -> place(o, preferredHost)).orElse(local());
        metadata.changeOn(place.runner(), lvm.lvremove(v.pool(), snapLv), v.pool());
        release(place, v);
    }

    /**
     * Rolls {@code v} back to {@code snapshot}: a new thin snapshot of the snapshot under a
     * temporary name, the volume removed, the new one renamed to the volume's name, and activated
     * again where the volume was active. The other snapshots stay. A re-run after a crash between
     * the steps finishes the rename (or starts over from a stale temporary LV).
     */
    void revertSnapshot(VolumeRef v, String snapshot, String preferredHost) {
        String snapLv = snapshotLv(v.name(), snapshot);
        String tmp = Validate.lvName(v.name() + REVERT_SUFFIX);
        Optional<LvInfo> origin = metadata.find(v.pool(), v.name());
        if (metadata.find(v.pool(), snapLv).isEmpty()) {
            throw BackendException.notFound("snapshot " + snapshot + " of volume " + v);
        }
        Place place = origin.map(o -> place(requireThin(o), preferredHost)).orElse(local());
        CommandRunner runner = place.runner();
        if (origin.isPresent()) {
            if (metadata.find(v.pool(), tmp).isPresent()) {
                metadata.changeOn(runner, lvm.lvremove(v.pool(), tmp), v.pool());
            }
            metadata.changeOn(runner, lvm.thinSnapshot(v.pool(), snapLv, tmp, List.of()), v.pool());
            metadata.changeOn(runner, lvm.lvremove(v.pool(), v.name()), v.pool());
        } else if (metadata.find(v.pool(), tmp).isEmpty()) {
            throw BackendException.notFound("volume " + v);
        }
        metadata.changeOn(runner, lvm.lvrename(v.pool(), tmp, v.name()), v.pool());
        if (place.active()) {
            hostLvm.activate(runner, v.pool(), v.name());
        } else {
            release(place, v);
        }
    }

    /**
     * Grows thin volume {@code v} to {@code newSizeBytes} where its pool is active ({@code attachedOn}
     * first): the pool by the growth, then the volume. A thin volume's new blocks read as zeros, and
     * the lvextend there reloads the host's table: no zeroing, no refresh.
     */
    LvInfo resize(LvInfo cur, long newSizeBytes, Set<String> attachedOn, String preferredHost) {
        VolumeRef v = new VolumeRef(cur.vg(), cur.name());
        if (cur.sizeBytes() >= newSizeBytes) {
            return cur;
        }
        Place place = place(cur, attachedOn.isEmpty() ? preferredHost : attachedOn.iterator().next());
        growPool(place, v, cur.sizeBytes(), newSizeBytes - cur.sizeBytes());
        metadata.changeOn(place.runner(), lvm.lvextend(v.pool(), v.name(), newSizeBytes), v.pool());
        release(place, v);
        return requireThin(v);
    }

    /**
     * After a change on a machine where the volume is not active: lvmlockd keeps the pool's lock
     * there after LVM activated the pool for the moment of the change (measured on 2.03.16), which
     * would keep every host from activating the volume; {@code lvchange -an} of the pool frees it.
     */
    private void release(Place place, VolumeRef v) {
        if (!place.active()) {
            hostLvm.deactivate(place.runner(), v.pool(), pool(v.name()));
        }
    }

    /** The thin volume {@code v}; one clear line when it is missing or a plain LV. */
    LvInfo requireThin(VolumeRef v) {
        return requireThin(metadata.find(v.pool(), v.name()).orElseThrow(() -> BackendException.notFound("volume " + v)));
    }

    private static LvInfo requireThin(LvInfo lv) {
        if (!thin(lv)) {
            throw new BackendException(Kind.UNSUPPORTED, "volume " + lv.vg() + "/" + lv.name()
                    + " is not a thin volume (made before LVM_THIN_ENABLE, or on a plain VG): it has no snapshots");
        }
        return lv;
    }

    /**
     * Grows {@code v}'s pool so that its data size covers the volume and every snapshot plus
     * {@code more} bytes: one {@code lvs} of the VG here, an {@code lvextend} where the pool is active.
     */
    private void growPool(Place place, VolumeRef v, long originBytes, long more) {
        String pool = pool(v.name());
        String prefix = v.name() + SNAPSHOT_INFIX;
        long poolBytes = -1;
        long needed = originBytes + more;
        for (LvInfo lv : metadata.lvs(v.pool())) {
            if (lv.name().equals(pool)) {
                poolBytes = lv.sizeBytes();
            } else if (lv.name().startsWith(prefix)) {
                needed += lv.sizeBytes();
            }
        }
        if (poolBytes < 0) {
            throw new BackendException(Kind.BACKEND_ERROR, "thin pool " + v.pool() + "/" + pool + " of volume " + v
                    + " is missing");
        }
        if (poolBytes < needed) {
            metadata.changeOn(place.runner(), lvm.lvextend(v.pool(), pool, needed), v.pool());
        }
    }

    /**
     * Where {@code lv}'s pool is active: {@code hint} when one {@code lvs} there says so, else the
     * host every known host's report names; this machine when it is active nowhere (LVM then
     * activates the pool here for the moment of the change). Active on two hosts (a live migration
     * between them) is BUSY.
     */
    private Place place(LvInfo lv, String hint) {
        List<String> names = List.of(lv.name(), pool(lv.name()));
        if (lv.active()) {
            return new Place(at.apply(SharedLvmSettings.FRONTEND), true);
        }
        if (hint != null && !SharedLvmSettings.FRONTEND.equals(hint)
                && activity.activeOn(hint, lv.vg()).stream().anyMatch(names::contains)) {
            return new Place(at.apply(hint), true);
        }
        Set<String> on = new TreeSet<>();
        activity.scan(lv.vg()).active().forEach((host, active) -> {
            if (active.stream().anyMatch(names::contains)) {
                on.add(host);
            }
        });
        if (on.size() > 1) {
            throw new BackendException(Kind.BUSY, "volume " + lv.vg() + "/" + lv.name() + " is active on "
                    + String.join(", ", on) + " (a live migration?): its snapshots change where it is active on one host only");
        }
        return on.isEmpty() ? local() : new Place(at.apply(on.iterator().next()), true);
    }

    /** This machine, where the volume is not active. */
    private Place local() {
        return new Place(at.apply(SharedLvmSettings.FRONTEND), false);
    }

    /** The machine a change runs on, and whether the volume is active there. */
    private record Place(CommandRunner runner, boolean active) {
    }
}
