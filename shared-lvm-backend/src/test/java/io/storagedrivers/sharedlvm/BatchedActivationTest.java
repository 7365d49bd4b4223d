package io.storagedrivers.sharedlvm;

import static io.storagedrivers.sharedlvm.Lvm.CMD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import io.storagedrivers.exec.CommandFailedException;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.BackendException.Kind;
import io.storagedrivers.spi.VolumeRef;
import io.storagedrivers.testsupport.FakeRunners.Host;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Several LVs of one host request in one LVM process ({@code lvchange -ay A B C}, {@code -an A B C}),
 * with the follow-up commands of {@link SharedLvmBackend#attachAllThen} in the same request, and
 * the fallbacks that keep the errors of one LV at a time: LVM 2.03.16 acts on the other LVs of a
 * multi-LV lvchange when one is missing, names it on stderr and exits 5.
 */
class BatchedActivationTest {
    static final long MIB = 1024L * 1024;
    static final String VG = "vg-one-100";
    static final VolumeRef A = new VolumeRef(VG, "lv-one-7-0");
    static final VolumeRef B = new VolumeRef(VG, "lv-one-7-1");
    static final VolumeRef C = new VolumeRef(VG, "lv-one-7-2");
    static final List<String> ACTIVATE_ALL = List.of("lvchange", "-ay", VG + "/" + A.name(), VG + "/" + B.name(),
            VG + "/" + C.name());
    static final List<String> DEACTIVATE_ALL = List.of("lvchange", "-an", VG + "/" + A.name(), VG + "/" + B.name(),
            VG + "/" + C.name());
    static final String B_MISSING = "  Failed to find logical volume \"vg-one-100/lv-one-7-1\"\n";
    static final List<String> MKDIR = List.of("mkdir", "-p", "/var/lib/one/datastores/0/7");
    static final List<String> LN = List.of("ln", "-sfn", "/dev/vg-one-100/lv-one-7-0", "/var/lib/one/datastores/0/7/disk.0");

    final FakeRunners runners = new FakeRunners();
    final Host fe = runners.frontend;
    final Host host1 = runners.host("host1", true);

    SharedLvmBackend backend() {
        return new SharedLvmBackend(VG, SharedLvmSettings.from(Map.of("ZERO_LVM_ON_CREATE", "no", "LOCK_TIMEOUT", "120")),
                runners, runners.locks(), () -> false, 4 * MIB);
    }

    @AfterEach
    void allExpectedCommandsRan() {
        runners.verifyAllCalled();
    }

    @Test
    void attachAllIsOneLvmProcess() {
        host1.expect(ACTIVATE_ALL, "");
        assertEquals(List.of("/dev/vg-one-100/lv-one-7-0", "/dev/vg-one-100/lv-one-7-1", "/dev/vg-one-100/lv-one-7-2"),
                backend().attachAll(List.of(A, B, C), "host1"));
        assertEquals(List.of(1), host1.requests);
    }

    @Test
    void attachAllThenSendsTheActivationAndTheFollowUpsAsOneRequest() {
        host1.expect(CMD.activate(VG, A.name()).argv(), "").expect(MKDIR, "").expect(LN, "");
        List<String> devices = backend().attachAllThen(List.of(A), "host1", devs -> List.of(MKDIR,
                List.of("ln", "-sfn", devs.get(0), LN.get(3))), commands -> {
                    throw new AssertionError("the caller's runner is not needed");
                });
        assertEquals(List.of("/dev/vg-one-100/lv-one-7-0"), devices);
        assertEquals(List.of(3), host1.requests);
    }

    @Test
    void aMissingLvIsFoundOneByOneAndIsNotFoundWithoutFollowUps() {
        host1.expect(ACTIVATE_ALL, 5, "", B_MISSING)
                .expect(CMD.activate(VG, A.name()).argv(), "")
                .expect(CMD.activate(VG, B.name()).argv(), 5, "", B_MISSING);
        BackendException e = assertThrows(BackendException.class, () -> backend().attachAllThen(List.of(A, B, C), "host1",
                devs -> List.of(MKDIR), commands -> {
                    throw new AssertionError("no follow-up after a failed activation");
                }));
        assertEquals(Kind.NOT_FOUND, e.kind());
        assertEquals("volume vg-one-100/lv-one-7-1 not found", e.getMessage());
        assertTrue(host1.lines().stream().noneMatch(l -> l.startsWith("mkdir")), host1.lines().toString());
    }

    @Test
    void whenTheLvsOneByOneSucceedTheFollowUpsRunAfter() {
        // e.g. a lock another node held for a moment: the one-by-one pass gets through
        host1.expect(ACTIVATE_ALL, 5, "", "  VG vg-one-100 lock failed: held by other host\n")
                .expect(CMD.activate(VG, A.name()).argv(), "")
                .expect(CMD.activate(VG, B.name()).argv(), "")
                .expect(CMD.activate(VG, C.name()).argv(), "")
                .expect(MKDIR, "");
        assertEquals(3, backend().attachAllThen(List.of(A, B, C), "host1", devs -> List.of(MKDIR), c -> { }).size());
        assertEquals(List.of("host1: " + String.join(" ", ACTIVATE_ALL), "host1: lvchange -ay vg-one-100/lv-one-7-0",
                "host1: lvchange -ay vg-one-100/lv-one-7-1", "host1: lvchange -ay vg-one-100/lv-one-7-2",
                "host1: mkdir -p /var/lib/one/datastores/0/7"), runners.journal);
    }

    @Test
    void aFailedFollowUpIsThrownAsTheRunnerThrewIt() {
        host1.expect(CMD.activate(VG, A.name()).argv(), "").expect(MKDIR, "")
                .expect(LN, 1, "", "ln: failed to create symbolic link: Read-only file system\n");
        CommandFailedException e = assertThrows(CommandFailedException.class, () -> backend().attachAllThen(List.of(A),
                "host1", devs -> List.of(MKDIR, LN), c -> { }));
        assertEquals(String.join(" ", LN), e.printableCommand());
        assertEquals(List.of(3), host1.requests, "no second try of the activation");
    }

    @Test
    void aSingleLvThatIsMissingIsNotFoundAtOnce() {
        host1.expect(CMD.activate(VG, B.name()).argv(), 5, "", B_MISSING);
        assertEquals(Kind.NOT_FOUND, assertThrows(BackendException.class, () -> backend().attach(B, "host1")).kind());
        assertEquals(List.of(1), host1.requests);
    }

    @Test
    void detachAllIsOneLvmProcess() {
        host1.expect(DEACTIVATE_ALL, "");
        backend().detachAll(List.of(A, B, C), "host1");
        assertEquals(List.of(1), host1.requests);
    }

    @Test
    void aGoneLvCountsAsDetachedAndTheOthersAreSentAgainOneByOne() {
        host1.expect(DEACTIVATE_ALL, 5, "", B_MISSING)
                .expect(CMD.deactivate(VG, A.name()).argv(), "")
                .expect(CMD.deactivate(VG, B.name()).argv(), 5, "", B_MISSING)
                .expect(CMD.deactivate(VG, C.name()).argv(), "");
        backend().detachAll(List.of(A, B, C), "host1");
    }

    @Test
    void anLvInUseIsBusy() {
        String inUse = "  Logical volume vg-one-100/lv-one-7-1 in use.\n";
        host1.expect(DEACTIVATE_ALL, 5, "", inUse)
                .expect(CMD.deactivate(VG, A.name()).argv(), "")
                .expect(CMD.deactivate(VG, B.name()).argv(), 5, "", inUse);
        // (a host released as gone would count as detached: not this one)
        fe.expect(CMD.reports().vgTags(VG).argv(), "{\"report\":[{\"vg\":[{\"vg_name\":\"" + VG + "\", \"vg_tags\":\"\"}]}]}");
        BackendException e = assertThrows(BackendException.class, () -> backend().detachAll(List.of(A, B, C), "host1"));
        assertEquals(Kind.BUSY, e.kind());
        assertTrue(e.getMessage().contains("lvchange -an vg-one-100/lv-one-7-1"), e.getMessage());
    }

    static final List<String> RM = List.of("rm", "-f", "/var/lib/one/datastores/0/7/disk.0");
    static final String A_MISSING = "  Failed to find logical volume \"vg-one-100/lv-one-7-0\"\n";

    @Test
    void detachThenSendsTheDeactivationAndTheUnlinkAsOneRequest() {
        host1.expect(CMD.deactivate(VG, A.name()).argv(), "").expect(RM, "");
        assertTrue(backend().detachThen(A, "host1", List.of(RM), c -> {
            throw new AssertionError("the caller's runner is not needed");
        }));
        assertEquals(List.of(2), host1.requests);
    }

    @Test
    void aGoneLvCountsAsDetachedAndTheUnlinkIsSentAfter() {
        host1.expect(CMD.deactivate(VG, A.name()).argv(), 5, "", A_MISSING)
                .expect(CMD.deactivate(VG, A.name()).argv(), 5, "", A_MISSING)
                .expect(RM, "");
        assertTrue(backend().detachThen(A, "host1", List.of(RM), c -> { }));
        assertEquals(List.of("host1: lvchange -an vg-one-100/lv-one-7-0", "host1: lvchange -an vg-one-100/lv-one-7-0",
                "host1: " + String.join(" ", RM)), runners.journal);
    }

    @Test
    void anLvInUseIsBusyAndItsLinkIsKept() {
        String inUse = "  Logical volume vg-one-100/lv-one-7-0 in use.\n";
        host1.expect(CMD.deactivate(VG, A.name()).argv(), 5, "", inUse)
                .expect(CMD.deactivate(VG, A.name()).argv(), 5, "", inUse);
        fe.expect(CMD.reports().vgTags(VG).argv(), "{\"report\":[{\"vg\":[{\"vg_name\":\"" + VG + "\", \"vg_tags\":\"\"}]}]}");
        BackendException e = assertThrows(BackendException.class, () -> backend().detachThen(A, "host1", List.of(RM), c -> { }));
        assertEquals(Kind.BUSY, e.kind());
        assertTrue(host1.lines().stream().noneMatch(l -> l.startsWith("rm")), host1.lines().toString());
    }

    @Test
    void aFailedUnlinkIsThrownAsTheRunnerThrewIt() {
        host1.expect(CMD.deactivate(VG, A.name()).argv(), "").expect(RM, 1, "", "rm: cannot remove: Read-only file system\n");
        // (a host released as gone would count as done: not this one)
        fe.expect(CMD.reports().vgTags(VG).argv(), "{\"report\":[{\"vg\":[{\"vg_name\":\"" + VG + "\", \"vg_tags\":\"\"}]}]}");
        CommandFailedException e = assertThrows(CommandFailedException.class,
                () -> backend().detachThen(A, "host1", List.of(RM), c -> { }));
        assertEquals(String.join(" ", RM), e.printableCommand());
        assertEquals(List.of(2), host1.requests, "no second try of the deactivation");
    }

    @Test
    void aLiveMigrationsDestinationOnASharedVgActivatesSharedInOneProcess() {
        fe.expect(CMD.reports().lockType(VG).argv(), "  sanlock\n");
        host1.expect(CMD.activateShared(VG, A.name()).argv(), "").expect(CMD.activateShared(VG, B.name()).argv(), "");
        Host host2 = runners.host("host2", true);
        host2.expect(List.of("lvchange", "-ay", VG + "/" + C.name()), "")
                .expect(List.of("lvchange", "-asy", VG + "/" + A.name(), VG + "/" + B.name()), "");
        SharedLvmBackend b = backend();
        b.beginMigration(A, "host1", "host2");
        b.beginMigration(B, "host1", "host2");
        // C is not migrating (e.g. a disk shared between VMs): exclusive (-ay) as always
        b.attachAll(List.of(A, C, B), "host2");
        assertEquals(List.of(2), host2.requests);
    }
}
