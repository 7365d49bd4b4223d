package io.storagedrivers.exec.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandFailedException;

/**
 * A connection opened ahead ({@link SshCommandRunner#connectAhead}) is the one the first command
 * uses: never a second connection, its failure reported in the same words as a command's own
 * connect, and a runner closed meanwhile does not wait for it. (That a working host's commands use
 * it is SshCommandRunnerIT's, against the test bed's sshd.)
 */
class ConnectAheadTest {
    @TempDir
    Path dir;
    private SilentHost host;

    @BeforeEach
    void silentHost() throws Exception {
        host = new SilentHost(dir);
    }

    @AfterEach
    void close() throws IOException {
        host.close();
    }

    private SshCommandRunner runner(String alias, Duration timeout) {
        return new SshCommandRunner(host.settings(alias, timeout));
    }

    @Test
    void theFirstCommandGetsTheFailureOfTheConnectUnderWayInItsOwnWords() {
        String own;
        try (SshCommandRunner alone = runner("gone", Duration.ofMillis(500))) {
            own = assertThrows(CommandFailedException.class, () -> alone.run(Command.of("lvs"))).getMessage();
        }
        int before = host.accepted();
        try (SshCommandRunner r = runner("gone", Duration.ofMillis(500))) {
            r.connectAhead();
            r.connectAhead(); // one connect under way, not two
            CommandFailedException e = assertThrows(CommandFailedException.class, () -> r.run(Command.of("lvs")));
            assertEquals(own, e.getMessage());
            assertFalse(e.getMessage().contains("not tried again"), e.getMessage());
            // the next command within the memory window: remembered, not tried again
            CommandFailedException again = assertThrows(CommandFailedException.class, () -> r.run(Command.of("lvs")));
            assertTrue(again.getMessage().contains("not tried again so soon"), again.getMessage());
        }
        assertEquals(1, host.accepted() - before, "one connection attempt for the hint and both commands");
    }

    @Test
    void closingDoesNotWaitForAConnectUnderWay() throws Exception {
        SshCommandRunner r = runner("slow", Duration.ofSeconds(20));
        r.connectAhead();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (host.accepted() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(1, host.accepted(), "the connect started in the background");
        long t0 = System.nanoTime();
        r.close();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 5_000, "close() returned without waiting for the 20 s connect: " + ms + " ms");
        assertThrows(CommandFailedException.class, () -> r.run(Command.of("lvs")));
    }
}
