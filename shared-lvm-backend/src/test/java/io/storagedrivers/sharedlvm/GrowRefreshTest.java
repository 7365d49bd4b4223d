package io.storagedrivers.sharedlvm;

import static io.storagedrivers.sharedlvm.Lvm.CMD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandResult;
import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.VolumeRef;
import io.storagedrivers.testsupport.FakeRunners.Host;
import io.storagedrivers.testsupport.FakeRunners.Reply;
import org.junit.jupiter.api.Test;

/** The hosts' side of a resize ({@link GrowRefresh}, {@link HostLvm#refreshIfActive}). */
class GrowRefreshTest {
    static final String VG = "vg-one-100";
    static final VolumeRef DISK = new VolumeRef(VG, "lv-one-7-0");
    static final List<String> ACTIVE = List.of("test", "-e", "/dev/" + VG + "/" + DISK.name());

    final FakeRunners runners = new FakeRunners();
    final Host host1 = runners.host("host1", true);
    final HostLvm hostLvm = new HostLvm(CMD);

    @Test
    void theQuestionAndTheRefreshAreOneRequestToTheHostWithoutSudoForTheQuestion() {
        List<List<Command>> batches = new ArrayList<>();
        CommandRunner host = new CommandRunner() {
            @Override
            public String where() {
                return "host1";
            }

            @Override
            public CommandResult execute(Command command) {
                throw new AssertionError("a command outside the batch: " + command.printable());
            }

            @Override
            public List<CommandResult> runAll(List<Command> commands) {
                batches.add(commands);
                return commands.stream().map(c -> new CommandResult(c, 0, new byte[0], "", false)).toList();
            }
        };
        HostLvm sudoLvm = new HostLvm(new io.storagedrivers.sharedlvm.lvm.LvmCommands(
                io.storagedrivers.sharedlvm.lvm.LvmTools.fromSettings(java.util.Map.of("LVM_COMMAND_PREFIX", "sudo -n"))));
        assertTrue(sudoLvm.refreshIfActive(host, VG, DISK.name()));
        assertEquals(1, batches.size());
        assertEquals(ACTIVE, batches.get(0).get(0).argv(), "the shell's test, no sudo");
        assertEquals(List.of("sudo", "-n", "vgchange", "--refresh", VG), batches.get(0).get(1).argv());
    }

    @Test
    void aTestThatFailsOtherwiseThanFalseIsAnError() {
        host1.expect(ACTIVE, 2, "", "test: unexpected operator\n");
        assertThrows(BackendException.class, () -> hostLvm.refreshIfActive(host1, VG, DISK.name()));
    }

    @Test
    void anAbsentDeviceIsNotActive() {
        host1.expect(ACTIVE, 1, "", "");
        assertFalse(hostLvm.refreshIfActive(host1, VG, DISK.name()));
        host1.verifyAllCalled();
    }

    @Test
    void hostsAreAskedInParallelAndASlowOneDoesNotHoldTheOthersBack() throws Exception {
        Host host2 = runners.host("host2", true);
        CountDownLatch host2Done = new CountDownLatch(1);
        host1.otherwise(c -> {
            try {
                // host1 answers only after host2 has been refreshed: serial asking would never get there
                if (!host2Done.await(60, TimeUnit.SECONDS)) {
                    return Reply.unreachable("host2 was not asked while host1 was busy");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Reply.exit(1, "", "");
        });
        host2.expect(ACTIVE, "").expect(CMD.refreshVg(VG).argv(), "").check(c -> {
            if (c.line().startsWith("vgchange")) {
                host2Done.countDown();
            }
        });
        GrowRefresh.refresh(hostLvm, runners, DISK, new LinkedHashSet<>(List.of("host1", "host2")));
        host2.verifyAllCalled();
    }

    @Test
    void everyHostIsWaitedForAndTheFirstFailureIsThrownWithTheOthers() {
        Host host2 = runners.host("host2", true);
        Host host3 = runners.host("host3", true);
        host1.unreachable(ACTIVE);
        host2.expect(ACTIVE, "").expect(CMD.refreshVg(VG).argv(), "");
        host3.expect(ACTIVE, "").expect(CMD.refreshVg(VG).argv(), 5, "", "  device-mapper: reload ioctl failed\n");
        BackendException e = assertThrows(BackendException.class,
                () -> GrowRefresh.refresh(hostLvm, runners, DISK, new LinkedHashSet<>(List.of("host1", "host2", "host3"))));
        assertTrue(e.getMessage().contains("host1"), e.getMessage());
        assertEquals(1, e.getSuppressed().length);
        assertTrue(e.getSuppressed()[0].getMessage().contains("reload ioctl failed"), e.getSuppressed()[0].getMessage());
        host2.verifyAllCalled();
        host3.verifyAllCalled();
    }

    @Test
    void anInterruptedActionInterruptsTheHostsRequestsAndSaysSo() throws Exception {
        CountDownLatch asked = new CountDownLatch(1);
        CountDownLatch requestInterrupted = new CountDownLatch(1);
        host1.otherwise(c -> {
            asked.countDown();
            try {
                new CountDownLatch(1).await(); // a host that never answers
            } catch (InterruptedException e) {
                requestInterrupted.countDown();
            }
            return Reply.unreachable("interrupted");
        });
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread action = new Thread(() -> {
            try {
                GrowRefresh.refresh(hostLvm, runners, DISK, Set.of("host1"));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        action.start();
        assertTrue(asked.await(60, TimeUnit.SECONDS), "the host was not asked");
        action.interrupt();
        assertTrue(requestInterrupted.await(60, TimeUnit.SECONDS), "the host's request was not interrupted");
        action.join(TimeUnit.SECONDS.toMillis(60));
        BackendException e = assertThrows(BackendException.class, () -> {
            throw thrown.get();
        });
        assertTrue(e.getMessage().contains("interrupted while refreshing " + DISK + " on host1"), e.getMessage());
    }
}
