package io.storagedrivers.sharedlvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.exec.Runners;
import io.storagedrivers.exec.ssh.DefaultRunners;
import io.storagedrivers.sharedlvm.lvm.LvInfo;
import io.storagedrivers.sharedlvm.lvm.LvmCommands;
import io.storagedrivers.sharedlvm.lvm.LvmTools;
import io.storagedrivers.sharedlvm.lvm.LvsParser;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.Capability;
import io.storagedrivers.spi.VolumeRef;
import io.storagedrivers.testsupport.LentRunners;
import io.storagedrivers.testsupport.TestBed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Thin volumes and snapshots on a real shared VG: the first lvmlockd VM host ({@code testbed.sh
 * lockd-up}) plays both the machine doing metadata changes and the VM's host, with lvmlockd,
 * sanlock and device-mapper for real. Bytes are written and checked on the VM: write, snapshot,
 * overwrite, revert, read back; a volume made from the snapshot holds the snapshot's bytes; the
 * volume's delete takes its pool and snapshots with it.
 */
@Tag("lockd")
class ThinSnapshotsLockdIT {
    static final long MIB = 1024L * 1024;
    static final String P = "thin" + ProcessHandle.current().pid() + "-";
    static final LvmCommands LVM = new LvmCommands(LvmTools.defaults());
    static String vm;
    static String vg;
    static Runners runners;
    static CommandRunner vmRunner;

    @BeforeAll
    static void up() {
        TestBed tb = TestBed.require();
        vm = tb.requireLockdVms().get(0);
        vg = tb.get("TB_LOCKD_VG");
        runners = DefaultRunners.fromEnvironment();
        vmRunner = runners.host(vm);
    }

    @AfterAll
    static void down() {
        if (runners != null) {
            try (SharedLvmBackend b = backend()) {
                for (LvInfo lv : lvs()) {
                    if (lv.name().startsWith(P) && !ThinVolumes.internal(lv.name())) {
                        b.detach(new VolumeRef(vg, lv.name()), vm);
                        b.delete(new VolumeRef(vg, lv.name()), false);
                    }
                }
            }
            runners.close();
        }
    }

    /** The VM is this backend's own machine and its only host; GNU dd by path (busybox's lacks conv=sparse). */
    static SharedLvmBackend backend() {
        Map<String, String> s = Map.of("LVM_THIN_ENABLE", "yes", "HOSTS", vm, "COPY_HOST", "frontend",
                "DD", "/usr/bin/dd", "BLKDISCARD", "/usr/sbin/blkdiscard");
        return new SharedLvmBackend(vg, SharedLvmSettings.from(s), new LentRunners(vmRunner, runners), v -> () -> { },
                () -> true, 4 * MIB, false);
    }

    @Test
    void writeSnapshotOverwriteRevertReadBackThenCopyFromTheSnapshotAndDeleteEverything() {
        VolumeRef disk = new VolumeRef(vg, P + "disk");
        try (SharedLvmBackend b = backend()) {
            assertTrue(b.capabilities().contains(Capability.SNAPSHOTS), "a shared VG with LVM_THIN_ENABLE has snapshots");
            b.create(disk, 16 * MIB);
            assertEquals('V', lv(disk.name()).attr().charAt(0), "a thin volume");
            assertEquals('t', lv(disk.name() + ".pool").attr().charAt(0), "in its own pool");
            assertEquals("0", shell("/usr/bin/dd if=/dev/" + vg + "/" + disk.name() + " bs=1M count=16 iflag=direct status=none"
                    + " | tr -d '\\0' | wc -c", b, disk), "a new thin volume reads as zeros");

            String first = writeRandom(b, disk);
            SharedLvmBackend onHost = (SharedLvmBackend) b.preferringHost(vm);
            onHost.createSnapshot(disk, "one-snap-0");
            assertEquals(List.of("one-snap-0"), b.snapshots(disk));
            assertTrue(lv(disk.name() + ".pool").sizeBytes() >= 32 * MIB, "the pool has room for volume + snapshot");
            String second = writeRandom(b, disk);
            assertNotEquals(first, second);

            onHost.revertSnapshot(disk, "one-snap-0");
            assertTrue(lv(disk.name()).active(), "active again where it was");
            assertEquals(first, sha(b, disk), "the volume holds the snapshot's bytes again");
            assertEquals(List.of("one-snap-0"), b.snapshots(disk), "the snapshot stays after a revert");

            b.detach(disk, vm);
            VolumeRef copy = new VolumeRef(vg, P + "from-snap");
            VolumeRef snapLv = new VolumeRef(vg, ThinVolumes.snapshotLv(disk.name(), "one-snap-0"));
            assertEquals(first, sha(b, snapLv), "the snapshot kept the bytes of when it was taken");
            b.detach(snapLv, vm);
            b.createFromSnapshot(disk, "one-snap-0", copy);
            assertEquals("", lv(copy.name()).tags().isEmpty() ? "" : lv(copy.name()).tags().toString(),
                    "the copy is marked complete");
            assertEquals(first, sha(b, copy), "a volume from the snapshot holds its bytes");
            b.detach(copy, vm);

            b.deleteSnapshot(disk, "one-snap-0");
            assertEquals(List.of(), b.snapshots(disk));
            assertThrows(BackendException.class, () -> b.beginMigration(disk, vm, "elsewhere"),
                    "a thin volume is not live-migrated");
            b.delete(disk, false);
            b.delete(copy, false);
            assertEquals(Set.of(), Set.copyOf(lvs().stream().map(LvInfo::name).filter(n -> n.startsWith(P)).toList()),
                    "volumes, pools and snapshots gone");
            vmRunner.run(LVM.reports().vgck(vg));
        }
    }

    /** 4 MiB of random bytes at the start of the volume (activated on the VM); their SHA-256. */
    static String writeRandom(SharedLvmBackend b, VolumeRef v) {
        String dev = b.attach(v, vm);
        shell("/usr/bin/dd if=/dev/urandom of=" + dev + " bs=1M count=4 oflag=direct conv=fsync status=none", b, v);
        return sha(b, v);
    }

    static String sha(SharedLvmBackend b, VolumeRef v) {
        String dev = b.attach(v, vm);
        return shell("/usr/bin/dd if=" + dev + " bs=1M count=4 iflag=direct status=none | sha256sum", b, v).split("\\s+")[0];
    }

    /** A pipeline on the VM (test code only: the driver never runs a shell). */
    static String shell(String script, SharedLvmBackend b, VolumeRef v) {
        b.attach(v, vm);
        return vmRunner.run(Command.of("bash", "-c", script)).stdout().strip();
    }

    static LvInfo lv(String name) {
        return lvs().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name + " missing"));
    }

    /** Every LV of the VG as the VM sees it, hidden ones left out (as lvs without -a). */
    static List<LvInfo> lvs() {
        return LvsParser.parse(vmRunner.run(LVM.reports().lvs(vg)).stdout());
    }
}
