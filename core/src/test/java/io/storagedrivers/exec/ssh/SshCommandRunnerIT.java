package io.storagedrivers.exec.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandFailedException;
import io.storagedrivers.exec.CommandResult;
import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.testsupport.TestBed;

/** SshCommandRunner against the test bed's sshd hosts. */
class SshCommandRunnerIT {
    private static TestBed tb;
    private static SshConfig config;
    private static DefaultRunners runners;

    @BeforeAll
    static void up() {
        tb = TestBed.require();
        config = SshConfig.load(List.of(tb.sshConfig()), true);
        runners = new DefaultRunners(config, Set.of());
    }

    @AfterAll
    static void down() {
        if (runners != null) {
            runners.close();
        }
    }

    private static CommandRunner host1() {
        return runners.host(tb.hosts().get(0));
    }

    @Test
    void aBatchIsOneExecRequestWithEveryArgvIntact() {
        String nasty = "a 'b' \"c\" $(id) ; `x` \\ *";
        List<CommandResult> r = host1().runAll(List.of(Command.of("printenv", "TB_NODE"),
                Command.of("printf", "%s", nasty), Command.of("sh", "-c", "echo warn >&2")));
        assertEquals(tb.hosts().get(0) + "\n", r.get(0).stdout());
        assertEquals(nasty, r.get(1).stdout());
        assertEquals("warn\n", r.get(2).stderr());
        CommandFailedException e = assertThrows(CommandFailedException.class, () -> host1().runAll(List.of(
                Command.of("true"), Command.of("sh", "-c", "echo no >&2; exit 4"), Command.of("touch", "/tmp/sd-batch-never"))));
        assertEquals(4, e.exitCode());
        assertEquals("no\n", e.stderr());
        assertEquals(1, host1().execute(Command.of("test", "-e", "/tmp/sd-batch-never")).exitCode(),
                "nothing runs after the failed command");
    }

    @Test
    void runsOnTheHostWithOutputAndExitCodeIntact() {
        // sshd's SetEnv gives every session of the host TB_NODE=<host>: proof it ran there
        assertEquals(tb.hosts().get(0) + "\n", host1().run(Command.of("printenv", "TB_NODE")).stdout());
        CommandResult r = host1().execute(Command.of("sh", "-c", "echo out; echo err >&2; exit 7"));
        assertEquals(7, r.exitCode());
        assertEquals("out\n", r.stdout());
        assertEquals("err\n", r.stderr());
        CommandFailedException e = assertThrows(CommandFailedException.class,
                () -> host1().run(Command.of("sh", "-c", "echo bad thing >&2; exit 3")));
        assertEquals(CommandFailedException.Reason.EXIT_CODE, e.reason());
        assertEquals(3, e.exitCode());
        assertEquals("command failed on host1 (exit 3): sh -c 'echo bad thing >&2; exit 3': bad thing", e.getMessage());
    }

    @Test
    void hostileArgumentsRoundTripUnchanged() {
        List<String> argv = new ArrayList<>(List.of("printf", "%s\\0"));
        argv.addAll(RemoteCommandLineTest.HOSTILE);
        String expected = String.join("\0", RemoteCommandLineTest.HOSTILE) + "\0";
        assertEquals(expected, host1().run(Command.of(argv)).stdout());
        for (String v : RemoteCommandLineTest.HOSTILE) {
            assertEquals(v + "\n", host1().run(Command.of("printenv", "SD_X").withEnv("SD_X", v)).stdout(), v);
        }
    }

    @Test
    void stdinBytesArrive() {
        byte[] all = new byte[256 * 64];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        assertArrayEquals(all, host1().run(Command.of("cat").withStdin(all)).stdoutBytes());
        // no stdin: the remote side sees EOF at once
        assertEquals("0\n", host1().run(Command.of("sh", "-c", "wc -c | tr -d ' '")).stdout());
    }

    @Test
    void timeoutAndOutputCapAreEnforced() {
        long t0 = System.nanoTime();
        CommandFailedException e = assertThrows(CommandFailedException.class,
                () -> host1().run(Command.of("sleep", "30.0371").withTimeout(Duration.ofMillis(500))));
        assertEquals(CommandFailedException.Reason.TIMEOUT, e.reason());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(20));
        // the remote process (and its children) are gone, even for root, whose sessions sshd will not signal
        assertEquals("", host1().run(Command.of("sh", "-c", "ps -eo args | grep '^sleep 3[0-9][.]0371$' || true")).stdout());
        assertThrows(CommandFailedException.class, () -> host1().execute(
                Command.of("sh", "-c", "sleep 31.0371 & sleep 32.0371; wait").withTimeout(Duration.ofMillis(500))));
        assertEquals("", host1().run(Command.of("sh", "-c", "ps -eo args | grep '^sleep 3[0-9][.]0371$' || true")).stdout());
        e = assertThrows(CommandFailedException.class,
                () -> host1().run(Command.of("head", "-c", "1000000", "/dev/zero").withOutputCap(1000)));
        assertEquals(CommandFailedException.Reason.OUTPUT_TOO_LARGE, e.reason());
        // the connection is still good afterwards
        assertEquals("ok\n", host1().run(Command.of("echo", "ok")).stdout());
    }

    @Test
    void manyCommandsOneConnection() throws Exception {
        String host = tb.hosts().get(tb.hosts().size() - 1);
        long before = tb.countInSshdLog(host, "Accepted publickey");
        int n = 40;
        try (DefaultRunners own = new DefaultRunners(config, Set.of())) {
            for (int i = 0; i < n / 2; i++) {
                assertEquals(i + "\n", own.host(host).run(Command.of("echo", String.valueOf(i))).stdout());
            }
            echoConcurrently(own, host, "p", n / 2, 8);
        }
        long after = waitForCount(host, before + 1);
        assertEquals(before + 1, after, n + " commands must use exactly one SSH connection");
    }

    @Test
    void aConnectionOpenedAheadIsTheOneTheCommandsUse() throws Exception {
        String host = tb.hosts().get(0);
        long before = tb.countInSshdLog(host, "Accepted publickey");
        try (DefaultRunners own = new DefaultRunners(config, Set.of())) {
            own.connectAhead(host);
            own.connectAhead(host);
            echoConcurrently(own, host, "a", 4, 4); // commands racing the connect under way wait for it
        }
        long after = waitForCount(host, before + 1);
        assertEquals(before + 1, after, "the hint and 4 commands: one SSH connection");
    }

    /** {@code count} echo commands on {@code host} from {@code threads} threads; each prints its own word. */
    private static void echoConcurrently(DefaultRunners runners, String host, String prefix, int count, int threads)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<String>> fs = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String v = prefix + i;
                fs.add(pool.submit(() -> runners.host(host).run(Command.of("echo", v)).stdout()));
            }
            for (int i = 0; i < fs.size(); i++) {
                assertEquals(prefix + i + "\n", fs.get(i).get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void commandKilledBySignalIsExit255WithReason() {
        CommandResult r = host1().execute(Command.of("sh", "-c", "kill -9 $$"));
        assertEquals(SshCommandRunner.SIGNALLED, r.exitCode());
        assertTrue(r.stderr().endsWith("remote command killed by signal KILL\n"), r.stderr());
    }

    @Test
    void lostConnectionIsReportedAndReopened() {
        try (DefaultRunners own = new DefaultRunners(config, Set.of())) {
            CommandRunner h = own.host(tb.hosts().get(0));
            assertEquals("a\n", h.run(Command.of("echo", "a")).stdout());
            // the shell's parent is the sshd process serving our connection: kill it
            CommandFailedException e = assertThrows(CommandFailedException.class,
                    () -> h.run(Command.of("sh", "-c", "kill -9 $PPID; sleep 2")));
            assertEquals(CommandFailedException.Reason.CONNECTION_FAILED, e.reason(), e.getMessage() + " / " + e.stderr());
            assertTrue(e.getMessage().contains("connection lost"), e.getMessage());
            assertEquals("b\n", h.run(Command.of("echo", "b")).stdout());
        }
    }

    /** sshd writes its log line right after authentication; give it a moment, never fail on slowness. */
    private static long waitForCount(String host, long want) throws Exception {
        long c = 0;
        for (int i = 0; i < 50; i++) {
            c = tb.countInSshdLog(host, "Accepted publickey");
            if (c >= want) {
                break;
            }
            Thread.sleep(100);
        }
        Thread.sleep(200);
        return tb.countInSshdLog(host, "Accepted publickey");
    }
}
