package io.storagedrivers.sharedlvm;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandFailedException;
import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.sharedlvm.lvm.LvInfo;
import io.storagedrivers.sharedlvm.lvm.LvcreateOutput;
import io.storagedrivers.sharedlvm.lvm.LvextendOutput;
import io.storagedrivers.sharedlvm.lvm.LvmCommands;
import io.storagedrivers.sharedlvm.lvm.LvmReportException;
import io.storagedrivers.sharedlvm.lvm.LvsParser;
import io.storagedrivers.sharedlvm.lvm.VgInfo;
import io.storagedrivers.sharedlvm.lvm.VgsParser;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.BackendException.Kind;

/**
 * LVM metadata on the frontend: reports (one {@code lvs}/{@code vgs} call each) and, only through
 * {@link #underLock}, the changes. A change always runs holding the VG's cross-process lock and
 * after a fresh {@code lvs} taken under that lock: LVM 2.03 has no metadata daemon and re-reads the
 * PV labels on every command, so this report <em>is</em> the metadata refresh, and the decision
 * (exists? half-made? big enough?) is made on it, never on a report read before the lock.
 */
final class VgMetadata {
    private final CommandRunner local;
    private final LvmCommands lvm;
    private final VgLocks locks;
    private final java.time.Duration lockTimeout;
    /** Whether new LVs of a VG are thin volumes, each in its own pool ({@link ThinVolumes}). */
    private final java.util.function.Predicate<String> thinVg;

    /**
     * @param lockTimeout how long a change waits for a shared VG's lock that another node holds
     *        (lvmlockd answers "held by other host" at once; see {@link #change})
     */
    VgMetadata(CommandRunner local, LvmCommands lvm, VgLocks locks, java.time.Duration lockTimeout,
               java.util.function.Predicate<String> thinVg) {
        this.local = local;
        this.lvm = lvm;
        this.locks = locks;
        this.lockTimeout = lockTimeout;
        this.thinVg = thinVg;
    }

    /** Whether LVs created in {@code vg} are thin ({@code LVM_THIN_ENABLE} on a shared VG). */
    boolean thin(String vg) {
        return thinVg.test(vg);
    }

    /** Every LV of {@code vg}: one {@code lvs}. */
    List<LvInfo> lvs(String vg) {
        return parse(() -> LvsParser.parse(run(lvm.reports().lvs(vg), vg)));
    }

    /** One LV: a report of that LV only ({@link io.storagedrivers.sharedlvm.lvm.LvmReports#lvs(String, Collection)}). */
    Optional<LvInfo> find(String vg, String lv) {
        String out = run(lvm.reports().lvs(vg, List.of(lv)), vg);
        return parse(() -> LvsParser.parse(out)).stream().filter(i -> i.name().equals(lv)).findFirst();
    }

    /** Name → bytes of every LV of {@code vg}: one lean {@code lvs}. */
    java.util.Map<String, Long> sizes(String vg) {
        String out = run(lvm.reports().lvSizes(vg), vg);
        return parse(() -> LvsParser.sizes(out));
    }

    /** Capacity of {@code vg}: one {@code vgs}. */
    VgInfo vgs(String vg) {
        return parse(() -> VgsParser.parse(run(lvm.reports().vgs(vg), vg), vg));
    }

    /** The tags of {@code vg} itself: one {@code vgs}. */
    List<String> vgTags(String vg) {
        return parse(() -> VgsParser.tags(run(lvm.reports().vgTags(vg), vg), vg));
    }

    /** Adds (or removes) one tag of {@code vg}, holding its lock; nothing when it already is (is not) there. */
    void changeVgTag(String vg, String tag, boolean add) {
        try (VgLocks.Held held = locks.lock(vg)) {
            if (vgTags(vg).contains(tag) != add) {
                change(lvm.changeVgTag(vg, tag, add), vg);
            }
        }
    }

    /**
     * Runs {@code body} holding {@code vg}'s lock; what it {@link Locked#find finds} is reported
     * under that lock, one LV at a time (never a report of the whole VG).
     */
    <T> T underLock(String vg, Function<Locked, T> body) {
        try (VgLocks.Held held = locks.lock(vg)) {
            return body.apply(new Locked(vg));
        }
    }

    /** The VG as seen under its lock; the only way to change metadata. */
    final class Locked {
        private final String vg;
        /** LVs reported under the lock so far (name → LV, empty when absent); a change forgets its LV. */
        private final java.util.Map<String, Optional<LvInfo>> seen = new java.util.HashMap<>();

        private Locked(String vg) {
            this.vg = vg;
        }

        Optional<LvInfo> find(String lv) {
            return seen.computeIfAbsent(lv, name -> VgMetadata.this.find(vg, name));
        }

        /**
         * lvcreate, then the new LV ({@link #made}: from lvcreate's own words when they say it all). On a thin
         * VG a thin LV in its own new pool, always inactive ({@code activate} does not apply): two
         * commands, so that the tags (the incomplete mark of a copy target) are the volume's.
         */
        LvInfo create(String lv, long sizeBytes, boolean activate, Collection<String> tags) {
            seen.remove(lv);
            if (thin(vg)) {
                // the pool first (kept when a crash left it without its volume), then the volume with its tags
                String pool = ThinVolumes.pool(lv);
                boolean madePool = find(pool).isEmpty();
                if (madePool) {
                    seen.remove(pool);
                    change(lvm.lvcreateThinPool(vg, pool, sizeBytes), vg);
                }
                try {
                    change(lvm.lvcreateThin(vg, pool, lv, sizeBytes, tags), vg);
                } catch (RuntimeException e) {
                    if (madePool) {
                        removeMadePool(pool, e);
                    }
                    throw e;
                }
                // lvmlockd keeps the pool's lock here after the lvcreate (measured on 2.03.16):
                // without this, no host could activate the volume
                run(lvm.deactivate(vg, pool), vg);
                return created(lv);
            }
            return made(lv, change(lvm.lvcreate(vg, lv, sizeBytes, activate, tags), vg), sizeBytes, activate, tags);
        }

        /**
         * {@link #create} of a thick LV without asking first whether it exists: LVM itself refuses
         * (exit 5, nothing changed) when it does, and then this is empty and the caller decides on
         * {@link #find}. One LVM process less in the common case, a new name.
         */
        Optional<LvInfo> createIfAbsent(String lv, long sizeBytes, boolean activate, Collection<String> tags) {
            seen.remove(lv);
            String out;
            try {
                out = change(lvm.lvcreate(vg, lv, sizeBytes, activate, tags), vg);
            } catch (BackendException e) {
                if (e.getCause() instanceof CommandFailedException f && f.reason() == CommandFailedException.Reason.EXIT_CODE
                        && LvmErrors.lvExists(f.stderr(), vg, lv)) {
                    return Optional.empty();
                }
                throw e;
            }
            return Optional.of(made(lv, out, sizeBytes, activate, tags));
        }

        /**
         * The thick LV an lvcreate just made and printed {@code out} for. Untagged and of exactly
         * the size asked for ({@link LvcreateOutput#createdAsRequested}): taken from that, with no
         * report (its uuid is not known then, and nothing needs it: only a tagged LV, a copy target or
         * a create that zeroes, is later changed by its uuid, {@link DataOps}). Otherwise (a size
         * LVM rounded up to extents, tags, another wording): as LVM reports it.
         */
        private LvInfo made(String lv, String out, long sizeBytes, boolean activate, Collection<String> tags) {
            if (!tags.isEmpty() || !LvcreateOutput.createdAsRequested(out, lv)) {
                return created(lv);
            }
            return new LvInfo(vg, lv, "", sizeBytes, activate ? "-wi-a-----" : "-wi-------", activate ? "active" : "",
                    List.of());
        }

        /** The LV an lvcreate just made, as LVM reports it (size rounded up to extents, uuid). */
        private LvInfo created(String lv) {
            return find(lv).orElseThrow(() -> new BackendException(Kind.BACKEND_ERROR,
                    "lvcreate succeeded but " + vg + "/" + lv + " is not in the lvs report"));
        }

        /** A pool this create made for a volume that failed: not left behind (list and orphans do not show pools). */
        private void removeMadePool(String pool, RuntimeException cause) {
            seen.remove(pool);
            try {
                change(lvm.lvremove(vg, pool), vg);
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
        }

        /** lvremove; a thin volume goes with its pool and the pool's snapshots ({@link ThinVolumes}). */
        void remove(String lv) {
            boolean thinVolume = find(lv).map(ThinVolumes::thin).orElse(false);
            seen.remove(lv);
            change(lvm.lvremove(vg, thinVolume ? ThinVolumes.pool(lv) : lv), vg);
        }

        /**
         * lvextend of {@code cur} (as found under this lock), then the LV with its new size: taken
         * from what lvextend prints ({@link LvextendOutput}) when it can be, else from an lvs.
         */
        LvInfo extend(LvInfo cur, long newSizeBytes) {
            seen.remove(cur.name());
            String out = change(lvm.lvextend(vg, cur.name(), newSizeBytes), vg);
            java.util.OptionalLong size = LvextendOutput.newSizeBytes(out, vg, cur.name(), cur.sizeBytes());
            if (size.isEmpty()) {
                return find(cur.name()).orElseThrow(() -> new BackendException(Kind.BACKEND_ERROR,
                        "lvextend succeeded but " + vg + "/" + cur.name() + " is not in the lvs report"));
            }
            LvInfo grown = new LvInfo(cur.vg(), cur.name(), cur.uuid(), size.getAsLong(), cur.attr(), cur.activeState(),
                    cur.tags());
            seen.put(cur.name(), Optional.of(grown));
            return grown;
        }

        /**
         * lvextend of {@code lv} to {@code newSizeBytes} with no report before it (for a caller that
         * needs no old size); returns the size after it. LVM's own refusals answer what a report
         * would have: an LV it does not find is NOT_FOUND, one already that size or larger ("matches
         * existing size", "not larger than existing size", exit 5) is left as it is. The size is the
         * one asked for when lvextend says it reached it exactly ({@link LvextendOutput#reachedRequested}),
         * else (rounded up to extents, left as it was) an lvs of the LV says it.
         */
        long extendTo(String lv, long newSizeBytes) {
            seen.remove(lv);
            try {
                String out = changeOrFail(local, lvm.lvextend(vg, lv, newSizeBytes), vg);
                if (LvextendOutput.reachedRequested(out, vg, lv)) {
                    return newSizeBytes;
                }
            } catch (CommandFailedException e) {
                if (e.reason() == CommandFailedException.Reason.EXIT_CODE && LvmErrors.lvNotInVg(e.stderr(), vg, lv)) {
                    throw BackendException.notFound("volume " + vg + "/" + lv);
                }
                if (e.reason() != CommandFailedException.Reason.EXIT_CODE || !LvmErrors.notLarger(e.stderr())) {
                    throw LvmErrors.translate(e, vg);
                }
            }
            return find(lv).orElseThrow(() -> BackendException.notFound("volume " + vg + "/" + lv)).sizeBytes();
        }

        void tags(String lv, Collection<String> add, Collection<String> delete) {
            seen.remove(lv);
            change(lvm.changeTags(vg, lv, add, delete), vg);
        }

        /** lvchange -an on the frontend (after an lvcreate that activated it here). */
        void deactivateHere(String lv) {
            run(lvm.deactivate(vg, lv), vg);
        }
    }

    /**
     * A metadata change. On a shared VG another node may hold the VG lock for the few milliseconds
     * of its own change, or this node's lockspace may still be starting (after a boot); lvmlockd
     * then fails the command without having changed anything ({@link LvmErrors#lockNotYet}), so it
     * is sent again, with growing pauses, until the lock timeout.
     */
    private String change(Command c, String vg) {
        return changeOn(local, c, vg);
    }

    /**
     * {@link #change} on {@code at}: a thin volume's snapshot verbs run on the host its pool is
     * active on, under lvmlockd's VG lock there (the lock file of {@link #underLock} orders only
     * this machine's processes).
     */
    String changeOn(CommandRunner at, Command c, String vg) {
        try {
            return changeOrFail(at, c, vg);
        } catch (CommandFailedException e) {
            throw LvmErrors.translate(e, vg);
        }
    }

    /** {@link #changeOn}, its last failure as LVM gave it (for callers that read LVM's refusals). */
    private String changeOrFail(CommandRunner at, Command c, String vg) {
        long deadline = System.nanoTime() + lockTimeout.toNanos();
        long pauseMillis = 20;
        while (true) {
            try {
                return at.run(c).stdout();
            } catch (CommandFailedException e) {
                if (!LvmErrors.lockNotYet(e) || System.nanoTime() - deadline > 0) {
                    throw e;
                }
            }
            try {
                // random part: two nodes that met do not come back in step
                long pause = pauseMillis + java.util.concurrent.ThreadLocalRandom.current().nextLong(pauseMillis);
                Thread.sleep(Math.max(1, Math.min(pause, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new BackendException(Kind.BUSY, "interrupted while waiting for the lock of VG " + vg);
            }
            pauseMillis = Math.min(pauseMillis * 2, 1000);
        }
    }

    private String run(Command c, String vg) {
        try {
            return local.run(c).stdout();
        } catch (CommandFailedException e) {
            throw LvmErrors.translate(e, vg);
        }
    }

    static <T> T parse(java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (LvmReportException e) {
            throw new BackendException(Kind.BACKEND_ERROR, "unexpected LVM output: " + e.getMessage(), e);
        }
    }
}
