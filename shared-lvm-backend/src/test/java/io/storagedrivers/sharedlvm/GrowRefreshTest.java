package io.storagedrivers.sharedlvm;

import static io.storagedrivers.sharedlvm.Lvm.CMD;
import static io.storagedrivers.sharedlvm.Lvm.lv;
import static io.storagedrivers.sharedlvm.Lvm.lvs;
import static io.storagedrivers.sharedlvm.Lvm.lvsJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.VolumeRef;
import io.storagedrivers.testsupport.FakeRunners.Host;
import io.storagedrivers.testsupport.FakeRunners.Reply;
import org.junit.jupiter.api.Test;

/** The hosts' side of a resize ({@link GrowRefresh}). */
class GrowRefreshTest {
    static final long MIB = 1024L * 1024;
    static final String VG = "vg-one-100";
    static final VolumeRef DISK = new VolumeRef(VG, "lv-one-7-0");

    final FakeRunners runners = new FakeRunners();
    final Host host1 = runners.host("host1", true);
    final HostLvm hostLvm = new HostLvm(CMD);

    @Test
    void theQuestionRunsBeforeTheCallerWaitsForItAndTheRefreshAfter() throws Exception {
        CountDownLatch asked = new CountDownLatch(1);
        host1.expect(lvs(VG), lvsJson(VG, lv(DISK.name(), 16 * MIB, "-wi-ao----", "")))
                .expect(CMD.refreshVg(VG).argv(), "")
                .check(c -> asked.countDown());
        GrowRefresh r = GrowRefresh.start(hostLvm, runners, DISK, Set.of("host1"));
        assertTrue(asked.await(60, TimeUnit.SECONDS), "the host was not asked");
        r.refresh();
        assertEquals(List.of("host1: " + String.join(" ", lvs(VG)) + " [selected: lv-one-7-0]",
                "host1: vgchange --refresh vg-one-100"), runners.journal);
    }

    @Test
    void anInterruptedActionInterruptsTheQuestionsAndSaysSo() throws Exception {
        CountDownLatch asked = new CountDownLatch(1);
        CountDownLatch questionInterrupted = new CountDownLatch(1);
        host1.otherwise(c -> {
            asked.countDown();
            try {
                new CountDownLatch(1).await(); // a host that never answers
            } catch (InterruptedException e) {
                questionInterrupted.countDown();
            }
            return Reply.unreachable("interrupted");
        });
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread action = new Thread(() -> {
            try {
                GrowRefresh.start(hostLvm, runners, DISK, Set.of("host1")).refresh();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        action.start();
        assertTrue(asked.await(60, TimeUnit.SECONDS), "the host was not asked");
        action.interrupt();
        assertTrue(questionInterrupted.await(60, TimeUnit.SECONDS), "the question was not interrupted");
        action.join(TimeUnit.SECONDS.toMillis(60));
        BackendException e = assertThrows(BackendException.class, () -> {
            throw thrown.get();
        });
        assertTrue(e.getMessage().contains("interrupted while asking host1"), e.getMessage());
    }
}
