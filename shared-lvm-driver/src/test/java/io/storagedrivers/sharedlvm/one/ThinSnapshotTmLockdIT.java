package io.storagedrivers.sharedlvm.one;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.storagedrivers.one.OneCommand;
import io.storagedrivers.one.tm.TmActions;
import io.storagedrivers.sharedlvm.SharedLvmBackend;
import io.storagedrivers.sharedlvm.one.OneXmlBuilder.Disk;
import io.storagedrivers.spi.VolumeRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disk snapshots of a running VM's thin disk through the TM actions as oned calls them, on real
 * lvmlockd nodes: the VM runs on vm1, the frontend's LVM on vm2 when it is up (else on vm1 too).
 * {@code snap_create}, {@code snap_revert} and {@code snap_delete} change the pool where it is
 * active, vm1 (lvmlockd would refuse the frontend: vm1 holds the pool's lock); the bytes are
 * checked on vm1; {@code resize} grows pool and disk on vm1 (size, old bytes, zeros after them
 * checked there); a live migration of the thin disk is refused with the disk still where it was.
 */
@Tag("lockd")
class ThinSnapshotTmLockdIT {
    static final long MIB = 1024L * 1024;
    static final String P = "tmthin" + ProcessHandle.current().pid() + "-";
    static final String SYS_DIR = "/var/lib/one/datastores/100/42";
    static LockdNodes nodes;
    static String host;
    static String frontend;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void up() {
        nodes = LockdNodes.require();
        host = nodes.vms.get(0);
        frontend = nodes.vms.stream().skip(1).filter(ThinSnapshotTmLockdIT::alive).findFirst().orElse(host);
    }

    /** Whether {@code vm} answers (SharedVgLockdIT kills vm2). */
    static boolean alive(String vm) {
        try {
            return nodes.execute(vm, "true").ok();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @AfterAll
    static void down() {
        if (nodes != null) {
            nodes.close();
        }
    }

    @Test
    void snapshotRevertDeleteResizeOfARunningVmsThinDiskRunOnItsHost() {
        String lv = P + "img-11";
        VolumeRef disk = new VolumeRef(nodes.vg, lv);
        List<Disk> disks = List.of(new Disk(0, 11, nodes.vg + "/" + lv, false, true, 16, 101, "BLOCK"));
        String vmXml = OneXmlBuilder.vm(42, 3, 3, disks, 3, 100, List.of(host));
        String diskPath = host + ":" + SYS_DIR + "/disk.0";
        try (SharedLvmBackend fe = backend()) {
            fe.create(disk, 16 * MIB);
            fe.attach(disk, host); // deployed: the disk, and with it its pool, active on vm1
            try {
                String first = write(lv);
                assertEquals(List.of(), tm("snap_create", vmXml, diskPath, "0", "42", "100"));
                assertTrue(nodes.lvs(frontend).containsKey(lv + ".snap.one-snap-0"), "every node sees the snapshot");
                String second = write(lv);
                assertNotEquals(first, second);

                assertEquals(List.of(), tm("snap_revert", vmXml, diskPath, "0", "42", "100"));
                // a thin volume's LV lock is its pool's (lvmlockd locks the pool for all its thin LVs)
                assertTrue(poolLockedExclusively(lv), "active on the VM's host again");
                assertTrue(nodes.run(host, "lvs", "--noheadings", "-o", "lv_active", nodes.vg + "/" + lv).contains("active"));
                assertEquals(first, sha(lv), "the disk holds the snapshot's bytes");

                assertEquals(List.of(), tm("snap_delete", vmXml, diskPath, "0", "42", "100"));
                assertFalse(nodes.lvs(frontend).containsKey(lv + ".snap.one-snap-0"));

                // resize of the running VM's thin disk: pool then volume grown on vm1, where the
                // pool is active (the frontend would be refused); the VM's host sees the new size
                // at once, the old bytes stay and the new blocks read as zeros
                assertEquals(List.of(), tm("resize", vmXml, diskPath, "40", "42", "100"));
                assertEquals(Long.toString(40 * MIB), nodes.shell(host, "blockdev --getsize64 /dev/" + nodes.vg + "/" + lv));
                assertEquals(first, sha(lv), "the bytes before the resize are kept");
                assertEquals(nodes.shell(host, "head -c " + 4 * MIB + " /dev/zero | sha256sum").split("\\s+")[0],
                        nodes.shell(host, "/usr/bin/dd if=/dev/" + nodes.vg + "/" + lv
                                + " bs=1M skip=36 count=4 iflag=direct status=none | sha256sum").split("\\s+")[0],
                        "the grown part reads as zeros");
                long pool = Long.parseLong(nodes.lvs(frontend).get(lv + ".pool").split(" ")[0]);
                assertTrue(pool >= 40 * MIB, "the pool holds the grown volume: " + pool);
                assertTrue(poolLockedExclusively(lv), "still active on the VM's host only");

                if (!frontend.equals(host)) {
                    String vmMigrating = OneXmlBuilder.vm(42, 3, 4, disks, 3, 100, List.of(host, frontend));
                    List<String> refused = tm("premigrate", vmMigrating, host, frontend, SYS_DIR, "42", "100");
                    assertTrue(String.join("\n", refused).contains("cannot be live-migrated"), refused.toString());
                    assertTrue(poolLockedExclusively(lv), "the disk stays where the VM runs");
                }
            } finally {
                fe.detach(disk, host);
                fe.delete(disk, false);
            }
            assertTrue(nodes.lvs(frontend).keySet().stream().noneMatch(n -> n.startsWith(P)), "volume, pool, snapshots gone");
        }
    }

    /** Whether the VM's host holds the lock of {@code lv}'s pool exclusively ({@code lvmlockctl -i}: "LK LV ex <uuid>"). */
    static boolean poolLockedExclusively(String lv) {
        String uuid = nodes.run(host, "lvs", "--noheadings", "-o", "lv_uuid", nodes.vg + "/" + lv + ".pool").strip();
        return nodes.run(host, "lvmlockctl", "-i").lines().map(String::strip).anyMatch(l -> l.equals("LK LV ex " + uuid));
    }

    /** The frontend's backend (on {@link #frontend}) with thin volumes. */
    static SharedLvmBackend backend() {
        return nodes.thinBackend(frontend, tmp.resolve("locks"));
    }

    String write(String lv) {
        return nodes.writeRandom(host, lv);
    }

    String sha(String lv) {
        return nodes.sha(host, lv);
    }

    /**
     * One TM action in this JVM as the shim runs it, the frontend's LVM on {@link #frontend}; no
     * lines when it exits 0, else its stderr lines (and the exit code).
     */
    List<String> tm(String action, String vmXml, String... args) {
        Map<String, String> ds = Map.of("VG_NAME", nodes.vg, "BRIDGE_LIST", "", "SHARED", "YES", "LVM_THIN_ENABLE", "YES");
        Map<String, String> xml = Map.of(
                "onevm show -x 42", vmXml,
                "onedatastore show -x 100", OneXmlBuilder.datastore(100, "system", 1, ds),
                "onedatastore show -x 101", OneXmlBuilder.datastore(101, "images", 0, ds));
        var runners = nodes.frontendOn(frontend, c -> Optional.ofNullable(xml.get(String.join(" ", c.argv()))));
        OneCommand tm = new OneCommand("tm", TmActions.all(), SharedLvmProfile::new, () -> runners) {
        };
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = tm.run(action, List.of(args), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]),
                Map.of("DD", "/usr/bin/dd", "BLKDISCARD", "/usr/sbin/blkdiscard"));
        String e = err.toString(StandardCharsets.UTF_8);
        System.out.println("tm " + action + " " + String.join(" ", args) + ": exit " + rc + (e.isBlank() ? "" : "\n" + e));
        return rc == 0 ? List.of() : List.of(("exit " + rc + "\n" + e).split("\n"));
    }
}
