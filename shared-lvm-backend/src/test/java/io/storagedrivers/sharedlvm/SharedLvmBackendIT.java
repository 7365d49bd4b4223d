package io.storagedrivers.sharedlvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.storagedrivers.exec.CommandResult;
import io.storagedrivers.exec.Runners;
import io.storagedrivers.exec.ssh.DefaultRunners;
import io.storagedrivers.lock.FileLocks;
import io.storagedrivers.sharedlvm.lvm.LvmCommands;
import io.storagedrivers.sharedlvm.lvm.LvmTools;
import io.storagedrivers.sharedlvm.lvm.LvsParser;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.BackendException.Kind;
import io.storagedrivers.spi.PoolInfo;
import io.storagedrivers.spi.VolumeRef;
import io.storagedrivers.testsupport.TestBed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The backend on the test bed: real LVM 2.03 on a loop-device VG, metadata from the frontend
 * namespace, hosts over SSH with read-only LVM. The kernel has no device-mapper, so activation
 * commands succeed as no-ops here (what that leaves untested is covered by the VM tier).
 */
class SharedLvmBackendIT {
    static final long MIB = 1024L * 1024;
    static TestBed tb;
    static Runners runners;
    static SharedLvmBackend backend;
    static final LvmCommands LVM = new LvmCommands(LvmTools.defaults());
    static final String P = "it" + ProcessHandle.current().pid() + "-";

    @BeforeAll
    static void up() {
        tb = TestBed.require();
        runners = DefaultRunners.fromEnvironment();
        backend = new SharedLvmBackend(tb.vg(), SharedLvmSettings.from(Map.of("ZERO_LVM_ON_CREATE", "no")) /* the namespace test bed has no device-mapper */, runners,
                VgLocks.files(new FileLocks(tb.dir().resolve("locks")), Duration.ofSeconds(60)),
                () -> false, SharedLvmBackend.DEFAULT_CHUNK_BYTES);
    }

    @AfterAll
    static void down() {
        if (backend != null) {
            backend.list(tb.vg()).stream().filter(v -> v.ref().name().startsWith(P))
                    .forEach(v -> backend.delete(v.ref(), false));
            backend.close();
        }
    }

    VolumeRef ref(String name) {
        return new VolumeRef(tb.vg(), P + name);
    }

    @Test
    void createListResizeDelete() {
        VolumeRef v = ref("a");
        PoolInfo before = backend.pool(tb.vg());
        assertEquals(8 * MIB, backend.create(v, 8 * MIB).sizeBytes());
        assertEquals(8 * MIB, backend.create(v, 6 * MIB).sizeBytes(), "re-create returns the existing LV");
        assertEquals(before.freeBytes() - 8 * MIB, backend.pool(tb.vg()).freeBytes());
        assertTrue(backend.list(tb.vg()).stream().anyMatch(i -> i.ref().equals(v) && i.sizeBytes() == 8 * MIB));

        assertEquals(3 * 4 * MIB, backend.resize(v, 9 * MIB, Set.of("host1")).sizeBytes(), "rounded up to extents");
        assertEquals(12 * MIB, hostView("host2", v.name()), "host2 sees the new size at once");

        backend.delete(v, false);
        assertTrue(backend.find(v).isEmpty());
        backend.delete(v, false);
        assertEquals(before.freeBytes(), backend.pool(tb.vg()).freeBytes());
    }

    /**
     * The create without a report after its lvcreate when LVM made exactly the size asked for
     * (LvcreateOutput): LVM's own answers on real LVM 2.03, the size the report then shows.
     */
    @Test
    void createReadsLvmsAnswers() {
        VolumeRef exact = ref("mk8");
        assertEquals(8 * MIB, backend.create(exact, 8 * MIB).sizeBytes(), "exactly as asked");
        assertEquals(8 * MIB, backend.find(exact).orElseThrow().sizeBytes());
        VolumeRef rounded = ref("mk5");
        assertEquals(8 * MIB, backend.create(rounded, 5 * MIB).sizeBytes(), "rounded up to 4 MiB extents");
        assertEquals(8 * MIB, backend.find(rounded).orElseThrow().sizeBytes());
        assertEquals(BackendException.Kind.NO_SPACE, assertThrows(BackendException.class,
                () -> backend.create(ref("huge"), 1L << 50)).kind());
        assertTrue(backend.find(ref("huge")).isEmpty());
        assertEquals(BackendException.Kind.NOT_FOUND, assertThrows(BackendException.class,
                () -> backend.create(new VolumeRef("sdnovg", "x"), 8 * MIB)).kind());
        backend.delete(exact, false);
        backend.delete(rounded, false);
    }

    /** The resize without a report before its lvextend: LVM's own answers on real LVM 2.03. */
    @Test
    void resizeReadsLvmsAnswers() {
        VolumeRef v = ref("grow");
        backend.create(v, 8 * MIB);
        assertEquals(16 * MIB, backend.resize(v, 16 * MIB, Set.of("host1", "host2")).sizeBytes(), "exactly as asked");
        assertEquals(16 * MIB, backend.find(v).orElseThrow().sizeBytes());
        assertEquals(16 * MIB, backend.resize(v, 16 * MIB, Set.of("host1")).sizeBytes(), "the same size: a no-op");
        assertEquals(16 * MIB, backend.resize(v, 5 * MIB, Set.of("host1")).sizeBytes(), "smaller: a no-op, never shrunk");
        assertEquals(16 * MIB, backend.find(v).orElseThrow().sizeBytes());
        BackendException e = assertThrows(BackendException.class, () -> backend.resize(ref("absent"), 16 * MIB, Set.of("host1")));
        assertEquals(BackendException.Kind.NOT_FOUND, e.kind());
        assertEquals("volume " + tb.vg() + "/" + P + "absent not found", e.getMessage());
        assertEquals(BackendException.Kind.NOT_FOUND, assertThrows(BackendException.class,
                () -> backend.resize(new VolumeRef("sdnovg", "x"), 16 * MIB, Set.of())).kind());
        backend.delete(v, false);
    }

    @Test
    void activationRunsOnHostsOverSsh() {
        VolumeRef v = ref("b");
        backend.create(v, 4 * MIB);
        for (String host : tb.hosts()) {
            assertEquals("/dev/" + tb.vg() + "/" + v.name(), backend.attach(v, host));
            backend.detach(v, host);
        }
        backend.delete(v, false);
        backend.detach(v, "host1"); // gone: still success
        assertEquals(Kind.NOT_FOUND, assertThrows(BackendException.class, () -> backend.attach(v, "host1")).kind());
    }

    @Test
    void hostsRefuseMetadataChanges() {
        VolumeRef v = ref("c");
        backend.create(v, 4 * MIB);
        for (var cmd : List.of(LVM.lvcreate(tb.vg(), P + "evil", 4 * MIB, false, List.of()),
                LVM.lvremove(tb.vg(), v.name()), LVM.changeTags(tb.vg(), v.name(), List.of("x"), List.of()),
                LVM.lvextend(tb.vg(), v.name(), 8 * MIB))) {
            CommandResult r = runners.host("host1").execute(cmd);
            assertEquals(5, r.exitCode(), cmd + ": " + r.stderr());
            assertTrue(r.stderr().contains("--readonly"), r.stderr());
        }
        assertTrue(backend.find(v).isPresent());
        assertTrue(backend.find(ref("evil")).isEmpty());
        backend.delete(v, false);
    }

    @Test
    void cloneWithoutACopyMachineLeavesNothingBehind() {
        VolumeRef src = ref("src");
        backend.create(src, 4 * MIB);
        BackendException e = assertThrows(BackendException.class, () -> backend.clone(src, ref("dst"), 0, (d, t) -> { }));
        assertEquals(Kind.INVALID, e.kind());
        assertFalse(backend.find(ref("dst")).isPresent());
        backend.delete(src, false);
    }

    @Test
    void missingVgAndHostileNames() {
        assertEquals(Kind.NOT_FOUND, assertThrows(BackendException.class, () -> backend.pool("no-such-vg-5")).kind());
        assertTrue(backend.find(new VolumeRef("no-such-vg-5", "x")).isEmpty());
        for (String bad : List.of("-rf", "a b", "$(reboot)", "../x")) {
            assertThrows(BackendException.class, () -> backend.create(new VolumeRef(tb.vg(), bad), MIB), bad);
            assertThrows(BackendException.class, () -> backend.attach(new VolumeRef(tb.vg(), bad), "host1"), bad);
        }
    }

    /** The size of an LV as a host's own lvs reports it. */
    static long hostView(String host, String lv) {
        String out = runners.host(host).run(LVM.reports().lvs(tb.vg())).stdout();
        return LvsParser.parse(out).stream().filter(i -> i.name().equals(lv)).findFirst().orElseThrow().sizeBytes();
    }
}
