package io.storagedrivers.exec.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandFailedException;

/**
 * A host that did not answer is not waited for again: after a failed mkimage on a host that is
 * gone, the undo fails at once with the same reason instead of a second connect timeout.
 */
class FailedConnectMemoryTest {
    @TempDir
    Path dir;

    @Test
    void aFailedConnectIsRememberedAndNotTriedAgainAtOnce() throws Exception {
        try (SilentHost silent = new SilentHost(dir)) {
            HostSettings h = silent.settings("gone", Duration.ofSeconds(1));
            SshCommandRunner r = new SshCommandRunner(h);
            long t0 = System.nanoTime();
            CommandFailedException first = assertThrows(CommandFailedException.class,
                    () -> r.run(Command.of("lvcreate", "x")));
            long firstMs = (System.nanoTime() - t0) / 1_000_000;
            t0 = System.nanoTime();
            CommandFailedException undo = assertThrows(CommandFailedException.class,
                    () -> r.run(Command.of("lvremove", "x")));
            long undoMs = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(undoMs < 500, "the undo did not wait again: " + undoMs + " ms (first: " + firstMs + " ms)");
            assertTrue(undo.getMessage().contains("not tried again so soon"), undo.getMessage());
            assertEquals(1, silent.accepted(), "one connection attempt, not two");
            assertTrue(first.getMessage().contains("gone"), first.getMessage());
        }
    }
}
