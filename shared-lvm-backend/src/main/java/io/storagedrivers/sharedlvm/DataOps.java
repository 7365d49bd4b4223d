package io.storagedrivers.sharedlvm;

import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import io.storagedrivers.exec.Runners;
import io.storagedrivers.exec.copy.CopyEngine;
import io.storagedrivers.sharedlvm.copy.CopyPlacement;
import io.storagedrivers.sharedlvm.lvm.LvInfo;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.BackendException.Kind;
import io.storagedrivers.spi.ImageSource;
import io.storagedrivers.spi.Progress;
import io.storagedrivers.spi.VolumeRef;

/**
 * The data side of the backend: clone, copy, image import and zeroing. Each picks a machine
 * ({@link DataPlaces}), activates the LVs it needs there ({@link Activations}), moves the bytes
 * ({@link CopyEngine}: every byte of a target is written, with data or zeroes) and deactivates
 * what it activated. While a volume's bytes are incomplete it carries the LVM tag
 * {@link #INCOMPLETE}: a re-run after a crash recognises (and replaces) such a volume, and a
 * failed clone or create removes the target it created. A grown LV carries {@link #UNZEROED_FROM}
 * + the old size until its new extents are zeroed, so a re-run of the resize finishes the job.
 */
final class DataOps {
    /** LV tag of a volume whose data is being written (or whose writer crashed). */
    static final String INCOMPLETE = "sd.incomplete";
    /** LV tag prefix of a grown LV whose extents from the byte offset that follows are not zeroed yet. */
    static final String UNZEROED_FROM = "sd.unzeroed_from_";

    private final VgMetadata metadata;
    private final HostLvm hostLvm;
    private final Runners runners;
    private final CopyEngine engine;
    private final DataPlaces places;

    DataOps(VgMetadata metadata, HostLvm hostLvm, Runners runners, CopyEngine engine, CopyPlacement placement,
            BooleanSupplier frontendHasDeviceMapper) {
        this.metadata = metadata;
        this.hostLvm = hostLvm;
        this.runners = runners;
        this.engine = engine;
        this.places = new DataPlaces(hostLvm, runners, placement, frontendHasDeviceMapper);
    }

    LvInfo clone(VolumeRef source, VolumeRef target, long minSize, Progress progress, String preferredHost) {
        LvInfo src = complete(source);
        long size = Math.max(src.sizeBytes(), minSize);
        List<String> candidates = places.candidates(preferredHost, target);
        LvInfo made = metadata.underLock(target.pool(), vg -> {
            Optional<LvInfo> cur = vg.find(target.name());
            if (cur.isPresent() && !cur.get().hasTag(INCOMPLETE)) {
                if (cur.get().sizeBytes() < size) {
                    throw new BackendException(Kind.INVALID, "clone target " + target + " already exists and is smaller ("
                            + cur.get().sizeBytes() + " < " + size + " bytes)");
                }
                return cur.get(); // an earlier run finished: nothing to do
            }
            cur.ifPresent(half -> discard(vg, half, preferredHost));
            return vg.create(target.name(), size, false, List.of(INCOMPLETE));
        });
        if (!made.hasTag(INCOMPLETE)) {
            return made;
        }
        try {
            places.onFirst(candidates, source.pool(), place -> {
                try (Activations act = new Activations(hostLvm, place.runner(), place.reports())) {
                    List<String> devs = act.useAll(List.of(new String[] {source.pool(), source.name()},
                            new String[] {target.pool(), target.name()}));
                    String from = devs.get(0);
                    String to = devs.get(1);
                    // a thin volume just made in its own pool reads as zeros (the pool zeroes what
                    // it hands out): zeroing it first would allocate every block of the pool
                    engine.copyDevice(place.runner(), from, to, src.sizeBytes(), made.sizeBytes(),
                            ThinVolumes.thin(made), progress);
                }
                return null;
            });
            return markComplete(target, made.uuid());
        } catch (RuntimeException e) {
            removeOwn(target, made.uuid(), e);
            throw e;
        }
    }

    /** Copies source's bytes into the existing, at least as large, target (save-as). */
    void copy(VolumeRef source, VolumeRef target, Progress progress, String preferredHost) {
        LvInfo src = complete(source);
        LvInfo dst = existing(target);
        if (dst.sizeBytes() < src.sizeBytes()) {
            throw new BackendException(Kind.INVALID, "copy target " + target + " (" + dst.sizeBytes()
                    + " bytes) is smaller than " + source + " (" + src.sizeBytes() + " bytes)");
        }
        List<String> candidates = places.candidates(preferredHost, target);
        markIncomplete(target, dst.uuid());
        places.onFirst(candidates, source.pool(), place -> {
            try (Activations act = new Activations(hostLvm, place.runner(), place.reports())) {
                List<String> devs = act.useAll(List.of(new String[] {source.pool(), source.name()},
                        new String[] {target.pool(), target.name()}));
                engine.copyDevice(place.runner(), devs.get(0), devs.get(1), src.sizeBytes(), dst.sizeBytes(), false,
                        progress);
            }
            return null;
        });
        markComplete(target, dst.uuid());
    }

    /** Writes a frontend image file into the existing target. */
    void importImage(VolumeRef target, ImageSource image, Progress progress, String preferredHost) {
        LvInfo dst = existing(target);
        if (dst.sizeBytes() < image.virtualSizeBytes()) {
            throw new BackendException(Kind.INVALID, "volume " + target + " (" + dst.sizeBytes()
                    + " bytes) is smaller than the image (" + image.virtualSizeBytes() + " bytes)");
        }
        List<String> candidates = places.candidates(preferredHost, target);
        markIncomplete(target, dst.uuid());
        places.onFirst(candidates, target.pool(), place -> {
            try (Activations act = new Activations(hostLvm, place.runner(), place.reports())) {
                String dev = act.use(target.pool(), target.name());
                engine.importImage(runners.local(), place.runner(), place.frontend(), image, dev, dst.sizeBytes(), false,
                        progress);
            }
            return null;
        });
        markComplete(target, dst.uuid());
    }

    /** Overwrites the LV with zeroes (a new LV, or before a delete). */
    void zero(LvInfo lv, String preferredHost) {
        zero(lv, 0, preferredHost);
    }

    /**
     * Zeroes the LV from byte {@code offset} to its end. An LV that already was active on the
     * machine (a disk in use there, grown just now) is refreshed first, so its device has the new size.
     */
    void zero(LvInfo lv, long offset, String preferredHost) {
        VolumeRef ref = new VolumeRef(lv.vg(), lv.name());
        places.onFirst(places.candidates(preferredHost, ref), lv.vg(), place -> {
            try (Activations act = new Activations(hostLvm, place.runner(), place.reports())) {
                String dev = act.use(lv.vg(), lv.name());
                if (!act.activatedHere(lv.vg(), lv.name()) && offset > 0) {
                    hostLvm.refreshIfActive(place.runner(), lv.vg(), lv.name());
                }
                engine.zero(place.runner(), dev, offset, lv.sizeBytes() - offset);
            }
            return null;
        });
    }

    /**
     * A new LV that reads as zero: created tagged {@link #INCOMPLETE}, zeroed as a whole, then
     * marked complete; a failure removes it. {@code created} makes the LV under the VG lock.
     */
    LvInfo createZeroed(VolumeRef ref, java.util.function.Supplier<LvInfo> created, String preferredHost) {
        LvInfo lv = created.get();
        if (!lv.hasTag(INCOMPLETE)) {
            return lv; // it existed complete already (a re-run)
        }
        try {
            zero(lv, preferredHost);
            return markComplete(ref, lv.uuid());
        } catch (RuntimeException e) {
            removeOwn(ref, lv.uuid(), e);
            throw e;
        }
    }

    /** Zeroes what a resize added (see {@link #UNZEROED_FROM}), then drops the tag. */
    void zeroGrown(VolumeRef ref, String preferredHost) {
        LvInfo lv = existing(ref);
        for (String tag : lv.tags()) {
            if (tag.startsWith(UNZEROED_FROM)) {
                zero(lv, Long.parseLong(tag.substring(UNZEROED_FROM.length())), preferredHost);
                metadata.underLock(ref.pool(), vg -> {
                    vg.tags(ref.name(), List.of(), List.of(tag));
                    return null;
                });
            }
        }
    }

    /**
     * Removes a half-made LV under the caller's lock, after trying to deactivate it where its
     * writer would have run first (a crashed copy leaves it active there).
     */
    void discard(VgMetadata.Locked vg, LvInfo half, String preferredHost) {
        try {
            String place = places.candidates(preferredHost, new VolumeRef(half.vg(), half.name())).get(0);
            hostLvm.deactivate(places.runner(place), half.vg(), half.name());
        } catch (RuntimeException e) {
            // best effort (no copy host configured, or unreachable): the lvremove is what matters
        }
        vg.remove(half.name());
    }

    private LvInfo existing(VolumeRef ref) {
        return metadata.find(ref.pool(), ref.name()).orElseThrow(() -> BackendException.notFound("volume " + ref));
    }

    private LvInfo complete(VolumeRef ref) {
        LvInfo lv = existing(ref);
        if (lv.hasTag(INCOMPLETE)) {
            throw new BackendException(Kind.BUSY, "volume " + ref + " is incomplete (a copy into it is running or was"
                    + " interrupted)");
        }
        return lv;
    }

    private void markIncomplete(VolumeRef ref, String uuid) {
        metadata.underLock(ref.pool(), vg -> {
            LvInfo lv = same(vg, ref, uuid);
            if (!lv.hasTag(INCOMPLETE)) {
                vg.tags(ref.name(), List.of(INCOMPLETE), List.of());
            }
            return null;
        });
    }

    /**
     * Drops {@link #INCOMPLETE} under the lock; returns the LV as reported under that lock with
     * the tag gone (what an {@code lvs} after the change would say: no second report).
     */
    private LvInfo markComplete(VolumeRef ref, String uuid) {
        return metadata.underLock(ref.pool(), vg -> {
            LvInfo lv = same(vg, ref, uuid);
            if (!lv.hasTag(INCOMPLETE)) {
                return lv;
            }
            vg.tags(ref.name(), List.of(), List.of(INCOMPLETE));
            return new LvInfo(lv.vg(), lv.name(), lv.uuid(), lv.sizeBytes(), lv.attr(), lv.activeState(),
                    lv.tags().stream().filter(t -> !t.equals(INCOMPLETE)).toList());
        });
    }

    /** The LV, if it still is the one we started with (a concurrent re-run may have replaced it). */
    private static LvInfo same(VgMetadata.Locked vg, VolumeRef ref, String uuid) {
        return vg.find(ref.name()).filter(l -> l.uuid().equals(uuid)).orElseThrow(() -> new BackendException(
                Kind.BUSY, "volume " + ref + " was removed or replaced by another operation meanwhile"));
    }

    /** Rollback of a failed clone: removes the target only if it still is the half-made LV we created. */
    private void removeOwn(VolumeRef ref, String uuid, RuntimeException failure) {
        try {
            metadata.underLock(ref.pool(), vg -> {
                vg.find(ref.name()).filter(l -> l.uuid().equals(uuid) && l.hasTag(INCOMPLETE))
                        .ifPresent(l -> vg.remove(l.name()));
                return null;
            });
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
