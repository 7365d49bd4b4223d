package io.storagedrivers.sharedlvm;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandFailedException;
import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.sharedlvm.lvm.LvInfo;
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

    VgMetadata(CommandRunner local, LvmCommands lvm, VgLocks locks) {
        this.local = local;
        this.lvm = lvm;
        this.locks = locks;
    }

    /** Every LV of {@code vg}: one {@code lvs}. */
    List<LvInfo> lvs(String vg) {
        return parse(() -> LvsParser.parse(run(lvm.lvs(vg), vg)));
    }

    /** One LV: a report of that LV only ({@link LvmCommands#lvs(String, Collection)}). */
    Optional<LvInfo> find(String vg, String lv) {
        String out = run(lvm.lvs(vg, List.of(lv)), vg);
        return parse(() -> LvsParser.parse(out)).stream().filter(i -> i.name().equals(lv)).findFirst();
    }

    /** Name → bytes of every LV of {@code vg}: one lean {@code lvs}. */
    java.util.Map<String, Long> sizes(String vg) {
        String out = run(lvm.lvSizes(vg), vg);
        return parse(() -> LvsParser.sizes(out));
    }

    /** Capacity of {@code vg}: one {@code vgs}. */
    VgInfo vgs(String vg) {
        return parse(() -> VgsParser.parse(run(lvm.vgs(vg), vg), vg));
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

        /** lvcreate, then the new LV as LVM reports it (size rounded up to extents, uuid). */
        LvInfo create(String lv, long sizeBytes, boolean activate, Collection<String> tags) {
            seen.remove(lv);
            run(lvm.lvcreate(vg, lv, sizeBytes, activate, tags), vg);
            return find(lv).orElseThrow(() -> new BackendException(Kind.BACKEND_ERROR,
                    "lvcreate succeeded but " + vg + "/" + lv + " is not in the lvs report"));
        }

        void remove(String lv) {
            seen.remove(lv);
            run(lvm.lvremove(vg, lv), vg);
        }

        void extend(String lv, long newSizeBytes) {
            seen.remove(lv);
            run(lvm.lvextend(vg, lv, newSizeBytes), vg);
        }

        void tags(String lv, Collection<String> add, Collection<String> delete) {
            seen.remove(lv);
            run(lvm.changeTags(vg, lv, add, delete), vg);
        }

        /** lvchange -an on the frontend (after an lvcreate that activated it here). */
        void deactivateHere(String lv) {
            run(lvm.deactivate(vg, lv), vg);
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
