package io.storagedrivers.sharedlvm;

import static io.storagedrivers.sharedlvm.Lvm.CMD;
import static io.storagedrivers.sharedlvm.Lvm.lv;
import static io.storagedrivers.sharedlvm.Lvm.lvs;
import static io.storagedrivers.sharedlvm.Lvm.lvsJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.BackendException.Kind;
import io.storagedrivers.spi.VolumeRef;
import io.storagedrivers.testsupport.FakeRunners.Host;
import io.storagedrivers.testsupport.FakeRunners.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A shared VG (lvmlockd): LV locks around a live migration, and metadata changes that meet
 * another node's VG lock. The same calls on a plain VG touch no host beyond what they did before.
 */
class SharedVgLocksTest {
    static final long MIB = 1024L * 1024;
    static final String VG = "vg-one-100";
    static final VolumeRef DISK = new VolumeRef(VG, "lv-one-7-0");
    static final String HELD = "  VG vg-one-100 lock failed: held by other host\n";

    final FakeRunners runners = new FakeRunners();
    final Host fe = runners.frontend;
    final Host host1 = runners.host("host1", true);
    final Host host2 = runners.host("host2", true);

    SharedLvmBackend backend(String lockTimeout) {
        return new SharedLvmBackend(VG, SharedLvmSettings.from(Map.of("ZERO_LVM_ON_CREATE", "no", "LOCK_TIMEOUT", lockTimeout)),
                runners, runners.locks(), () -> false, 4 * MIB);
    }

    @AfterEach
    void allExpectedCommandsRan() {
        runners.verifyAllCalled();
    }

    @Test
    void liveMigrationSharesTheLvLockOnBothEndsThenTheDestinationGetsItExclusive() {
        fe.expect(CMD.reports().lockType(VG).argv(), "  sanlock\n");
        host1.expect(CMD.activateShared(VG, DISK.name()).argv(), "").expect(CMD.deactivate(VG, DISK.name()).argv(), "");
        host2.expect(CMD.activateShared(VG, DISK.name()).argv(), "").expect(CMD.activateExclusive(VG, DISK.name()).argv(), "");
        SharedLvmBackend b = backend("120");
        b.beginMigration(DISK, "host1", "host2");
        assertEquals("/dev/vg-one-100/lv-one-7-0", b.attach(DISK, "host2"));
        b.detach(DISK, "host1");
        b.endMigration(DISK, "host1", "host2", true);
        assertEquals(List.of("local: vgs --noheadings -o lock_type vg-one-100",
                "host1: lvchange -asy vg-one-100/lv-one-7-0",
                "host2: lvchange -asy vg-one-100/lv-one-7-0",
                "host1: lvchange -an vg-one-100/lv-one-7-0",
                "host2: lvchange -aey vg-one-100/lv-one-7-0"), runners.journal);
    }

    @Test
    void failedMigrationGivesTheSourceItsExclusiveLockBack() {
        // asked again after the failure: a stale lock type may have caused it (VgLockTypes)
        fe.expect(CMD.reports().lockType(VG).argv(), "  dlm\n").expect(CMD.reports().lockType(VG).argv(), "  dlm\n");
        host1.expect(CMD.activateShared(VG, DISK.name()).argv(), "").expect(CMD.activateExclusive(VG, DISK.name()).argv(), "");
        host2.expect(CMD.activateShared(VG, DISK.name()).argv(), "").expect(CMD.deactivate(VG, DISK.name()).argv(), "");
        SharedLvmBackend b = backend("120");
        b.beginMigration(DISK, "host1", "host2");
        b.attachAll(List.of(DISK), "host2");
        b.detachAll(List.of(DISK), "host2");
        b.endMigration(DISK, "host1", "host2", false);
        // after the migration the destination activates exclusively again (-ay is -aey on a shared VG)
        host2.expect(CMD.activate(VG, DISK.name()).argv(), "");
        b.attach(DISK, "host2");
    }

    @Test
    void anLvStillHeldElsewhereStaysSharedWithoutFailingTheMigration() {
        fe.expect(CMD.reports().lockType(VG).argv(), "sanlock\n");
        host1.expect(CMD.activateShared(VG, DISK.name()).argv(), "");
        host2.expect(CMD.activateExclusive(VG, DISK.name()).argv(), 5, "", "  LV locked by other host: vg-one-100/lv-one-7-0\n");
        SharedLvmBackend b = backend("120");
        b.beginMigration(DISK, "host1", "host2");
        b.endMigration(DISK, "host1", "host2", true);
    }

    @Test
    void onAPlainVgMigrationHooksAskOnlyTheLockType() {
        fe.expect(CMD.reports().lockType(VG).argv(), "  \n");
        host2.expect(CMD.activate(VG, DISK.name()).argv(), "");
        SharedLvmBackend b = backend("120");
        b.beginMigration(DISK, "host1", "host2");
        b.attach(DISK, "host2");
        b.endMigration(DISK, "host1", "host2", true);
        assertEquals(List.of("local: vgs --noheadings -o lock_type vg-one-100", "host2: lvchange -ay vg-one-100/lv-one-7-0"),
                runners.journal);
    }

    @Test
    void theLockTypeIsAskedOncePerVgForEveryBackendSharingTheCache() {
        fe.expect(CMD.reports().lockType(VG).argv(), "  \n");
        host2.expect(CMD.activate(VG, DISK.name()).argv(), "").expect(CMD.activate(VG, DISK.name()).argv(), "");
        VgLockTypes kept = new VgLockTypes();
        for (int i = 0; i < 2; i++) { // two actions of the warm service
            SharedLvmBackend b = new SharedLvmBackend(VG, SharedLvmSettings.from(Map.of("ZERO_LVM_ON_CREATE", "no")),
                    runners, runners.locks(), () -> false, 4 * MIB, false, kept);
            b.beginMigration(DISK, "host1", "host2");
            b.attach(DISK, "host2");
            b.endMigration(DISK, "host1", "host2", true);
        }
        assertEquals(1, runners.journal.stream().filter(l -> l.contains("lock_type")).count(), "" + runners.journal);
    }

    @Test
    void aMigrationThatFailsOnAStaleLockTypeAsksLvmAgainNextTime() {
        // kept as plain, but the VG became shared: the destination's -ay meets the source's exclusive lock
        fe.expect(CMD.reports().lockType(VG).argv(), "  \n");
        host2.expect(CMD.activate(VG, DISK.name()).argv(), 5, "", "  LV locked by other host: vg-one-100/lv-one-7-0\n");
        VgLockTypes kept = new VgLockTypes();
        SharedLvmBackend b = new SharedLvmBackend(VG, SharedLvmSettings.from(Map.of("ZERO_LVM_ON_CREATE", "no")),
                runners, runners.locks(), () -> false, 4 * MIB, false, kept);
        b.beginMigration(DISK, "host1", "host2");
        assertThrows(BackendException.class, () -> b.attachAll(List.of(DISK), "host2"));
        fe.expect(CMD.reports().lockType(VG).argv(), "  sanlock\n");
        host1.expect(CMD.activateExclusive(VG, DISK.name()).argv(), "");
        b.endMigration(DISK, "host1", "host2", false);
        // the retry shares the source's lock first, as a shared VG needs
        host1.expect(CMD.activateShared(VG, DISK.name()).argv(), "");
        host2.expect(CMD.activateShared(VG, DISK.name()).argv(), "");
        b.beginMigration(DISK, "host1", "host2");
        b.attachAll(List.of(DISK), "host2");
    }

    @Test
    void anUnknownLockTypeIsAClearError() {
        fe.expect(CMD.reports().lockType(VG).argv(), "  idm\n");
        BackendException e = assertThrows(BackendException.class, () -> backend("120").beginMigration(DISK, "host1", "host2"));
        assertEquals("unexpected LVM output: unknown VG lock_type 'idm' (expected sanlock, dlm or none)", e.getMessage());
    }

    @Test
    void anLvActiveExclusivelyElsewhereIsBusy() {
        host2.expect(CMD.activate(VG, DISK.name()).argv(), 5, "", "  LV locked by other host: vg-one-100/lv-one-7-0\n");
        assertEquals(Kind.BUSY, assertThrows(BackendException.class, () -> backend("120").attach(DISK, "host2")).kind());
    }

    @Test
    void aChangeThatMeetsAnotherNodesVgLockIsSentAgain() {
        List<String> lvcreate = CMD.lvcreate(VG, DISK.name(), 8 * MIB, false, List.of()).argv();
        fe.expect(lvcreate, 5, "", HELD)
                .expect(lvcreate, 5, "", HELD)
                .expect(lvcreate, "")
                .expect(lvs(VG), lvsJson(VG, lv(DISK.name(), 8 * MIB)));
        assertEquals(8 * MIB, backend("120").create(DISK, 8 * MIB).sizeBytes());
    }

    @Test
    void aVgLockHeldLongerThanTheLockTimeoutIsBusy() {
        List<String> lvremove = CMD.lvremove(VG, DISK.name()).argv();
        // the other node never lets go: every lvremove meets its lock; the LV is still there after
        fe.otherwise(c -> c.argv().equals(lvremove) ? Reply.exit(5, "", HELD)
                : c.argv().equals(lvs(VG)) ? Reply.ok(lvsJson(VG, lv(DISK.name(), 8 * MIB))) : null);
        BackendException e = assertThrows(BackendException.class, () -> backend("1").delete(DISK, false));
        assertEquals(Kind.BUSY, e.kind());
        assertEquals("command failed on local (exit 5): lvremove -y vg-one-100/lv-one-7-0: VG vg-one-100 lock failed: held by other host",
                e.getMessage());
    }

    /** Debian 12's lvm2-lockd 2.03.16, a node whose lockspace is still being joined (after a boot). */
    static final String STARTING = "  VG vg-one-100 lock failed: lock start in progress\n";

    @Test
    void aChangeWhileTheLockspaceStartsIsSentAgain() {
        List<String> lvcreate = CMD.lvcreate(VG, DISK.name(), 8 * MIB, false, List.of()).argv();
        fe.expect(lvcreate, 5, "", STARTING)
                .expect(lvcreate, 5, "", HELD)
                .expect(lvcreate, "")
                .expect(lvs(VG), lvsJson(VG, lv(DISK.name(), 8 * MIB)));
        assertEquals(8 * MIB, backend("120").create(DISK, 8 * MIB).sizeBytes());
    }

    @Test
    void anActivationWhileTheLockspaceStartsIsBusyAndSaysWhy() {
        host2.expect(CMD.activate(VG, DISK.name()).argv(), 5, "",
                "  VG vg-one-100 lock skipped: lock start in progress\n  Cannot access VG vg-one-100 due to failed lock.\n");
        BackendException e = assertThrows(BackendException.class, () -> backend("120").attach(DISK, "host2"));
        assertEquals(Kind.BUSY, e.kind());
        assertEquals("command failed on host2 (exit 5): lvchange -ay vg-one-100/lv-one-7-0: Cannot access VG vg-one-100 "
                + "due to failed lock. (lvmlockd is still starting the lockspace of VG vg-one-100 on host2: after a boot, "
                + "up to 8 x sanlock's I/O timeout + 60 s; try again)", e.getMessage());
    }

    @Test
    void aLockspaceThatIsNotStartedIsNamedWithTheCommandThatStartsIt() {
        host2.expect(CMD.activate(VG, DISK.name()).argv(), 5, "", "  Cannot access VG vg-one-100 due to failed lock.\n");
        BackendException e = assertThrows(BackendException.class, () -> backend("120").attach(DISK, "host2"));
        assertEquals(Kind.BACKEND_ERROR, e.kind());
        assertEquals("command failed on host2 (exit 5): lvchange -ay vg-one-100/lv-one-7-0: Cannot access VG vg-one-100 "
                + "due to failed lock. (the lockspace of VG vg-one-100 is not started on host2: vgchange --lock-start "
                + "vg-one-100; docs/lvmlockd.md)", e.getMessage());
    }
}
