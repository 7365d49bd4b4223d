package io.storagedrivers.sharedlvm.one;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.storagedrivers.exec.Command;
import io.storagedrivers.one.OneCommand;
import io.storagedrivers.one.tm.TmActions;
import io.storagedrivers.sharedlvm.SharedLvmBackend;
import io.storagedrivers.sharedlvm.one.OneXmlBuilder.Disk;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.VolumeRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared-VG mode against real lvmlockd + sanlock daemons on the test bed's lockd VM hosts
 * ({@link LockdNodes}; docs/lvmlockd.md, "Tests"). In order, because the last one kills a VM.
 */
@Tag("lockd")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedVgLockdIT {
    static final String P = "lk" + ProcessHandle.current().pid() + "-";
    static final long MIB = 1L << 20;
    static final int MIN_CREATES = 4;
    static LockdNodes nodes;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void up() {
        nodes = LockdNodes.require();
    }

    /** Whatever a failed test left of its LVs goes (from the first VM: the last test kills the second). */
    @AfterAll
    static void down() {
        if (nodes == null) {
            return;
        }
        try (SharedLvmBackend b = nodes.backend(nodes.vms.get(0), tmp.resolve("locks-cleanup"))) {
            for (String name : nodes.lvs(nodes.vms.get(0)).keySet()) {
                if (name.startsWith(P)) {
                    b.detach(new VolumeRef(nodes.vg, name), nodes.vms.get(0));
                    b.delete(new VolumeRef(nodes.vg, name), false);
                }
            }
        } finally {
            nodes.close();
        }
    }

    VolumeRef ref(String name) {
        return new VolumeRef(nodes.vg, P + name);
    }

    /**
     * Two frontends (LVM on vm1 and on vm2, each with its own lock directory: only lvmlockd's VG
     * lock orders them) create and delete zeroed LVs at once for TB_LOCKD_SOAK_SECONDS (60), and
     * at least {@value #MIN_CREATES} creates each however slow the machine: no call fails, vgck
     * passes on both, both nodes' lvs agree and show exactly the LVs that should exist, none half-made.
     */
    @Test
    @Order(1)
    void twoFrontendsCreateAndDeleteConcurrently() throws Exception {
        long seconds = Long.parseLong(System.getenv().getOrDefault("TB_LOCKD_SOAK_SECONDS", "60"));
        Set<String> expected = ConcurrentHashMap.newKeySet();
        List<String> fronts = nodes.vms.subList(0, 2);
        ExecutorService pool = Executors.newFixedThreadPool(fronts.size());
        List<Future<Integer>> done = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(seconds).toNanos();
        for (String vm : fronts) {
            done.add(pool.submit(() -> {
                int ops = 0;
                Random rnd = new Random(vm.hashCode());
                List<VolumeRef> mine = new ArrayList<>();
                try (SharedLvmBackend b = nodes.backend(vm, tmp.resolve("locks-" + vm))) {
                    for (int i = 0; i < MIN_CREATES || System.nanoTime() < end; i++) {
                        VolumeRef v = ref(vm + "-" + i);
                        b.create(v, (1 + rnd.nextInt(4)) * MIB);
                        expected.add(v.name());
                        mine.add(v);
                        ops++;
                        if (mine.size() > 2 && rnd.nextBoolean()) {
                            VolumeRef gone = mine.remove(rnd.nextInt(mine.size()));
                            b.delete(gone, false);
                            expected.remove(gone.name());
                            ops++;
                        }
                    }
                }
                return ops;
            }));
        }
        pool.shutdown();
        int ops = 0;
        for (Future<Integer> f : done) {
            ops += f.get();
        }
        for (String vm : nodes.vms) {
            nodes.run(vm, "vgck", nodes.vg);
        }
        Map<String, String> first = nodes.lvs(nodes.vms.get(0));
        for (String vm : nodes.vms) {
            assertEquals(first, nodes.lvs(vm), "lvs of " + vm + " differs from " + nodes.vms.get(0));
        }
        Set<String> ours = new TreeSet<>();
        first.forEach((name, sizeTags) -> {
            if (name.startsWith(P)) {
                ours.add(name);
                assertTrue(!sizeTags.contains("incomplete"), name + " is half-made: " + sizeTags);
            }
        });
        assertEquals(new TreeSet<>(expected), ours, "the LVs of the run (" + ops + " operations)");
        long conflicts = 0;
        for (String vm : fronts) {
            conflicts += nodes.vgLockConflicts(vm);
        }
        System.out.println("two frontends: " + ops + " creates/deletes in " + Duration.ofNanos(System.nanoTime() - start)
                .toSeconds() + " s, " + ours.size() + " LVs left, " + conflicts + " VG lock conflicts met by lvmlockd");
        try (SharedLvmBackend b = nodes.backend(nodes.vms.get(0), tmp.resolve("locks-cleanup"))) {
            for (String name : ours) {
                b.delete(new VolumeRef(nodes.vg, name), false);
            }
        }
    }

    /**
     * Live migration vm1 → vm2 through the TM actions as oned calls them (the frontend's LVM on
     * vm1), a VM with two disks (one {@code lvchange -asy} / {@code -an} of both per host request):
     * premigrate leaves the disks active shared on both, postmigrate inactive on vm1 and exclusive
     * on vm2, where no other host may activate them; then vm2 → vm1 fails and failmigrate gives vm2
     * its exclusive locks back.
     */
    @Test
    @Order(2)
    void liveMigrationSharesTheLvLockThenMakesItExclusiveAgain() throws Exception {
        String a = nodes.vms.get(0);
        String b = nodes.vms.get(1);
        List<String> lvs = List.of(P + "img-10", P + "img-11");
        try (SharedLvmBackend fe = nodes.backend(a, tmp.resolve("locks-tm"))) {
            for (String lv : lvs) {
                VolumeRef disk = new VolumeRef(nodes.vg, lv);
                fe.create(disk, 8 * MIB);
                fe.attach(disk, a); // deploy: the disks run on vm1
                assertEquals("active exclusive", nodes.activation(a, lv));
                BackendException busy = assertThrows(BackendException.class, () -> fe.attach(disk, b));
                assertEquals(BackendException.Kind.BUSY, busy.kind(), busy.getMessage());
            }

            List<Disk> disks = List.of(new Disk(0, 10, nodes.vg + "/" + lvs.get(0), false, true, 8, 101, "BLOCK"),
                    new Disk(1, 11, nodes.vg + "/" + lvs.get(1), false, true, 8, 101, "BLOCK"));
            String sysDir = "/var/lib/one/datastores/100/42";
            tm("premigrate", vm(disks, a, b), a, b, sysDir, "42", "100");
            for (int i = 0; i < lvs.size(); i++) {
                assertEquals("active shared", nodes.activation(a, lvs.get(i)), "source during the migration");
                assertEquals("active shared", nodes.activation(b, lvs.get(i)), "destination during the migration");
                assertEquals("/dev/" + nodes.vg + "/" + lvs.get(i), nodes.run(b, "readlink", sysDir + "/disk." + i).strip());
            }
            tm("postmigrate", vm(disks, a, b), a, b, sysDir, "42", "100");
            for (String lv : lvs) {
                assertEquals("inactive", nodes.activation(a, lv), "source after the migration");
                assertEquals("active exclusive", nodes.activation(b, lv), "destination after the migration");
                BackendException busy = assertThrows(BackendException.class, () -> fe.attach(new VolumeRef(nodes.vg, lv), a));
                assertEquals(BackendException.Kind.BUSY, busy.kind(), busy.getMessage());
            }

            tm("premigrate", vm(disks, b, a), b, a, sysDir, "42", "100");
            for (String lv : lvs) {
                assertEquals("active shared", nodes.activation(a, lv));
            }
            tm("failmigrate", vm(disks, b, a), b, a, sysDir, "42", "100");
            for (String lv : lvs) {
                assertEquals("inactive", nodes.activation(a, lv), "destination after the failed migration");
                assertEquals("active exclusive", nodes.activation(b, lv), "source after the failed migration");
            }

            fe.detachAll(lvs.stream().map(lv -> new VolumeRef(nodes.vg, lv)).toList(), b);
            for (String lv : lvs) {
                assertEquals("inactive", nodes.activation(b, lv));
                fe.delete(new VolumeRef(nodes.vg, lv), false);
            }
        }
    }

    /**
     * A thick LV grown on the shared VG, with and without zeroing: where it is inactive no host is
     * refreshed (nor activates it); where it is active (on the node that grew it, which holds its
     * exclusive LV lock) {@code test -e} of the device says so and the device has the new size.
     */
    @Test
    @Order(3)
    void aGrownLvIsRefreshedWhereItIsActive() {
        String a = nodes.vms.get(0);
        String b = nodes.vms.get(1);
        for (boolean zero : new boolean[] {false, true}) {
            VolumeRef disk = new VolumeRef(nodes.vg, P + "grow-" + zero);
            String dev = "/dev/" + nodes.vg + "/" + disk.name();
            try (SharedLvmBackend fe = nodes.backend(a, tmp.resolve("locks-grow"), zero)) {
                fe.create(disk, 8 * MIB);
                assertEquals(12 * MIB, fe.resize(disk, 12 * MIB, Set.of(a, b)).sizeBytes());
                assertEquals("inactive", nodes.activation(a, disk.name()));
                assertEquals("inactive", nodes.activation(b, disk.name()));
                fe.attach(disk, a);
                assertEquals(16 * MIB, fe.resize(disk, 16 * MIB, Set.of(a, b)).sizeBytes());
                assertEquals(Long.toString(16 * MIB), nodes.run(a, "blockdev", "--getsize64", dev).strip());
                assertEquals("inactive", nodes.activation(b, disk.name()));
                fe.detach(disk, a);
                fe.delete(disk, false);
            }
        }
    }

    /** The VM XML oned gives the TM during a migration from {@code src} to {@code dst}. */
    static String vm(List<Disk> disks, String src, String dst) {
        return OneXmlBuilder.vm(42, 3, 4, disks, 3, 100, List.of(src, dst));
    }

    /** One TM action in this JVM, as the shim runs it, with the frontend's LVM on vm1; exit 0 or the test fails. */
    void tm(String action, String vmXml, String... args) {
        Map<String, String> common = Map.of("VG_NAME", nodes.vg, "BRIDGE_LIST", "", "SHARED", "YES");
        Map<String, String> xml = Map.of(
                "onevm show -x 42", vmXml,
                "onedatastore show -x 100", OneXmlBuilder.datastore(100, "system", 1, common),
                "onedatastore show -x 101", OneXmlBuilder.datastore(101, "images", 0, common));
        try (var runners = nodes.frontendOn(nodes.vms.get(0), c -> Optional.ofNullable(xml.get(String.join(" ", c.argv()))))) {
            OneCommand tm = new OneCommand("tm", TmActions.all(), SharedLvmProfile::new, () -> runners) {
            };
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int rc = tm.run(action, List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]),
                    Map.of("DD", "/usr/bin/dd", "BLKDISCARD", "/usr/sbin/blkdiscard"));
            assertEquals(0, rc, action + " " + String.join(" ", args) + " failed:\n" + err);
        }
    }

    /**
     * vm2 dies (its qemu killed) while it holds an LV exclusively: vm1 is refused that LV (BUSY) until
     * sanlock declares vm2's lease dead (host_dead_seconds after its last renewal, which is at most
     * 2 x io_timeout before the kill), then activates it; the VG stays writable meanwhile.
     */
    @Test
    @Order(4)
    void aDeadNodesLvLockIsFreedOnlyWhenItsLeaseExpires() throws Exception {
        String a = nodes.vms.get(0);
        String dead = nodes.vms.get(1);
        VolumeRef disk = ref("held");
        try (SharedLvmBackend fe = nodes.backend(a, tmp.resolve("locks-kill"))) {
            fe.create(disk, 4 * MIB);
            fe.attach(disk, dead);
            assertEquals("active exclusive", nodes.activation(dead, disk.name()));
            LockdNodes.testbed("lockd-kill", dead);
            long killed = System.nanoTime();

            BackendException busy = assertThrows(BackendException.class, () -> fe.attach(disk, a));
            assertEquals(BackendException.Kind.BUSY, busy.kind(), busy.getMessage());
            VolumeRef meanwhile = ref("meanwhile");
            fe.create(meanwhile, 4 * MIB); // the VG lock is not the dead node's: metadata still changes

            long deadline = killed + nodes.hostDead.multipliedBy(3).plusSeconds(120).toNanos();
            int refusals = 1;
            while (true) {
                try {
                    fe.attach(disk, a);
                    break;
                } catch (BackendException e) {
                    assertEquals(BackendException.Kind.BUSY, e.kind(), e.getMessage());
                    assertTrue(System.nanoTime() < deadline, "still refused " + nodes.hostDead.multipliedBy(3)
                            .plusSeconds(120) + " after the kill: " + e.getMessage());
                    refusals++;
                    Thread.sleep(2000);
                }
            }
            long took = Duration.ofNanos(System.nanoTime() - killed).toSeconds();
            System.out.println("dead node: its exclusive LV lock taken over " + took + " s after the kill ("
                    + refusals + " refusals before; host_dead_seconds " + nodes.hostDead.toSeconds() + ")");
            // the watchdog's 60 s are part of every expiry: nothing shorter can be a lease that expired
            assertTrue(took >= 60, "taken over after " + took + " s: before the lease could expire");
            assertEquals("active exclusive", nodes.activation(a, disk.name()));
            fe.detach(disk, a);
            fe.delete(disk, false);
            fe.delete(meanwhile, false);
        }
        // the node comes back (a host that was reset boots again): the ITs and scripts after this one
        // have two nodes again
        long t0 = System.nanoTime();
        nodes.bootAgain(dead);
        System.out.println(dead + " booted again, in the VG's lockspace after "
                + Duration.ofNanos(System.nanoTime() - t0).toSeconds() + " s");
    }
}
