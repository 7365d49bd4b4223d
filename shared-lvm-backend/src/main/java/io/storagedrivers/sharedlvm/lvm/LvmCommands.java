package io.storagedrivers.sharedlvm.lvm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.storagedrivers.exec.Command;

/**
 * LVM's argv for the commands that change something: metadata (lvcreate, lvremove, lvextend,
 * lvrename, tags) and activation (lvchange, vgchange); one method per verb family, each returning a
 * {@link Command} (never a shell string). The read-only commands are in {@link LvmReports}
 * ({@link #reports()}); together they are the one place that knows LVM's argv.
 *
 * <p>Which commands may run where is the backend's business: the metadata verbs (lvcreate,
 * lvremove, lvextend, lvrename, tags) only on the frontend, under the VG lock; hosts only get
 * reports, {@code lvchange -ay/-an} and {@code vgchange --refresh}, except on a shared VG, where
 * the snapshot verbs of a thin volume run on the host its pool is active on (lvmlockd's locks).
 * On a shared VG (lvmlockd, see docs/lvmlockd.md) {@code -ay} is exclusive activation (LVM's own
 * LV lock); only a live migration uses {@link #activateShared} on both ends and
 * {@link #activateExclusive} after.
 */
public final class LvmCommands {

    /** Stable messages (the backend recognises "not found" by them) and no fd-leak warnings. */
    public static final Map<String, String> ENV = Map.of("LC_ALL", "C", "LVM_SUPPRESS_FD_WARNINGS", "1");

    private static final Duration CHANGE_TIMEOUT = Duration.ofSeconds(120);

    private final LvmTools tools;
    private final LvmReports reports;

    public LvmCommands(LvmTools tools) {
        this.tools = tools;
        this.reports = new LvmReports(tools);
    }

    /** The read-only commands (reports, doctor's questions) with the same tools. */
    public LvmReports reports() {
        return reports;
    }

    /**
     * {@code lvcreate}: never wipes signatures (the LV is new, and wiping needs activation). With
     * {@code activate == false} the LV is created inactive, which LVM only allows without zeroing
     * ({@code -an -Zn}); that is what a frontend without device-mapper must use. With
     * {@code activate == true} LVM activates it here and zeroes its first 4 KiB.
     */
    public Command lvcreate(String vg, String lv, long sizeBytes, boolean activate, Collection<String> tags) {
        List<String> argv = tools.head("lvcreate");
        argv.addAll(List.of("--wipesignatures", "n", "-L", bytes(sizeBytes), "-n", LvmNames.lv(lv)));
        if (!activate) {
            argv.addAll(List.of("-an", "-Zn"));
        }
        for (String tag : tags) {
            argv.addAll(List.of("--addtag", LvmNames.tag(tag)));
        }
        argv.add("-y");
        argv.add(LvmNames.vg(vg));
        return change(argv);
    }

    /**
     * {@code lvcreate --type thin-pool} of {@code sizeBytes} of data, inactive. The pool zeroes each
     * chunk it hands out ({@code -Zy}): a thin LV never shows what the extents held before.
     */
    public Command lvcreateThinPool(String vg, String pool, long sizeBytes) {
        List<String> argv = tools.head("lvcreate");
        argv.addAll(List.of("--type", "thin-pool", "-an", "-Zy", "-L", bytes(sizeBytes), "-n", LvmNames.lv(pool), "-y",
                LvmNames.vg(vg)));
        return change(argv);
    }

    /**
     * {@code lvcreate} of thin LV {@code lv} ({@code sizeBytes} virtual) in the existing pool
     * {@code pool}, inactive, with {@code tags} (a separate command from the pool's: LVM puts the
     * tags of a one-command pool + volume on the pool).
     */
    public Command lvcreateThin(String vg, String pool, String lv, long sizeBytes, Collection<String> tags) {
        List<String> argv = tools.head("lvcreate");
        argv.addAll(List.of("-an", "-V", bytes(sizeBytes), "-T", path(vg, pool), "-n", LvmNames.lv(lv)));
        for (String tag : tags) {
            argv.addAll(List.of("--addtag", LvmNames.tag(tag)));
        }
        argv.add("-y");
        return change(argv);
    }

    /**
     * {@code lvcreate -s} of thin LV {@code origin}: thin snapshot {@code snap} in the same pool,
     * instant, inactive, without LVM's activation-skip flag (so that a copy from it can activate it).
     */
    public Command thinSnapshot(String vg, String origin, String snap, Collection<String> tags) {
        List<String> argv = tools.head("lvcreate");
        argv.addAll(List.of("-s", "-an", "-kn", "-n", LvmNames.lv(snap)));
        for (String tag : tags) {
            argv.addAll(List.of("--addtag", LvmNames.tag(tag)));
        }
        argv.addAll(List.of("-y", path(vg, origin)));
        return change(argv);
    }

    /** {@code lvremove -y vg/lv}; refuses (exit 5) while the LV is open somewhere it is active. */
    public Command lvremove(String vg, String lv) {
        List<String> argv = tools.head("lvremove");
        argv.addAll(List.of("-y", path(vg, lv)));
        return change(argv);
    }

    /** {@code lvextend -L <bytes>b vg/lv}; LVM rounds up to whole extents. */
    public Command lvextend(String vg, String lv, long newSizeBytes) {
        List<String> argv = tools.head("lvextend");
        argv.addAll(List.of("-L", bytes(newSizeBytes), path(vg, lv)));
        return change(argv);
    }

    /** {@code lvrename vg from to}. */
    public Command lvrename(String vg, String from, String to) {
        List<String> argv = tools.head("lvrename");
        argv.addAll(List.of(LvmNames.vg(vg), LvmNames.lv(from), LvmNames.lv(to)));
        return change(argv);
    }

    /** {@code lvchange --addtag t... --deltag t... vg/lv}: both lists in one metadata commit. */
    public Command changeTags(String vg, String lv, Collection<String> add, Collection<String> delete) {
        if (add.isEmpty() && delete.isEmpty()) {
            throw new IllegalArgumentException("no tag to add or delete on " + vg + "/" + lv);
        }
        List<String> argv = tools.head("lvchange");
        for (String t : add) {
            argv.addAll(List.of("--addtag", LvmNames.tag(t)));
        }
        for (String t : delete) {
            argv.addAll(List.of("--deltag", LvmNames.tag(t)));
        }
        argv.add(path(vg, lv));
        return change(argv);
    }

    /** {@code lvchange -ay vg/lv}: allowed on read-only hosts; no-op when already active. */
    public Command activate(String vg, String lv) {
        return lvchange("-ay", vg, lv);
    }

    /**
     * {@code lvchange -asy vg/lv}: shared activation, for the two ends of a live migration on a
     * shared VG (lvmlockd turns an exclusive LV lock held here into a shared one). On a plain VG
     * it is the same as {@code -ay}.
     */
    public Command activateShared(String vg, String lv) {
        return lvchange("-asy", vg, lv);
    }

    /**
     * {@code lvchange -aey vg/lv}: exclusive activation; on a shared VG it turns this host's shared
     * LV lock back into an exclusive one, which lvmlockd grants only when no other host holds it.
     */
    public Command activateExclusive(String vg, String lv) {
        return lvchange("-aey", vg, lv);
    }

    /** {@code lvchange -ay vg/a vg/b ...}: several LVs, one LVM process (a VM's disks, a copy's source and target). */
    public Command activateTogether(List<String[]> vgLvs) {
        return lvchange("-ay", vgLvs);
    }

    /**
     * {@code lvchange -asy vg/a vg/b ...}: {@link #activateShared} of several LVs, one LVM process
     * (a live migration's destination on a shared VG).
     */
    public Command activateSharedTogether(List<String[]> vgLvs) {
        return lvchange("-asy", vgLvs);
    }

    /** {@code lvchange -an vg/a vg/b ...}: several LVs, one LVM process. */
    public Command deactivateTogether(List<String[]> vgLvs) {
        return lvchange("-an", vgLvs);
    }

    /** {@code lvchange -an vg/lv}: fails while the device is open. */
    public Command deactivate(String vg, String lv) {
        return lvchange("-an", vg, lv);
    }

    /**
     * {@code vgchange --refresh vg}: reloads every active LV of the VG. LVM 2.03 refuses
     * {@code lvchange --refresh} under {@code locking_type = 4} (it asks for a write lock) but
     * allows this one, so it is how a read-only host picks up a new size.
     */
    public Command refreshVg(String vg) {
        List<String> argv = tools.head("vgchange");
        argv.addAll(List.of("--refresh", LvmNames.vg(vg)));
        return change(argv);
    }

    /** {@code vgchange --addtag t vg} or {@code --deltag}: one tag of the VG itself. */
    public Command changeVgTag(String vg, String tag, boolean add) {
        List<String> argv = tools.head("vgchange");
        argv.addAll(List.of(add ? "--addtag" : "--deltag", LvmNames.tag(tag), LvmNames.vg(vg)));
        return change(argv);
    }

    /**
     * {@code c} with {@code --config global{locking_type=1}} after its tool: an LVM configuration
     * override that would make a read-only host's LVM writable. The drivers never run it; doctor
     * asks sudo whether it would allow it (it must not).
     */
    public Command overridingLocking(Command c) {
        List<String> argv = new ArrayList<>(c.argv());
        argv.addAll(tools.prefix().size() + 1, List.of("--config", "global{locking_type=1}"));
        return new Command(argv, c.env(), c.stdin(), c.timeout(), c.outputCap());
    }

    /** The device path LVM creates for an active LV. */
    public static String devicePath(String vg, String lv) {
        return "/dev/" + LvmNames.vg(vg) + "/" + LvmNames.lv(lv);
    }

    private Command lvchange(String flag, String vg, String lv) {
        List<String> argv = tools.head("lvchange");
        argv.addAll(List.of(flag, path(vg, lv)));
        return change(argv);
    }

    private Command lvchange(String flag, List<String[]> vgLvs) {
        List<String> argv = tools.head("lvchange");
        argv.add(flag);
        vgLvs.forEach(vl -> argv.add(path(vl[0], vl[1])));
        return change(argv);
    }

    private static Command change(List<String> argv) {
        return Command.of(new ArrayList<>(argv)).withEnv(ENV).withTimeout(CHANGE_TIMEOUT);
    }

    private static String path(String vg, String lv) {
        return LvmNames.vg(vg) + "/" + LvmNames.lv(lv);
    }

    private static String bytes(long size) {
        if (size <= 0) {
            throw new IllegalArgumentException("LV size must be positive, got " + size);
        }
        return size + "b";
    }
}
