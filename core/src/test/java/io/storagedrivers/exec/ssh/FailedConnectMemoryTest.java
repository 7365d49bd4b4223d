package io.storagedrivers.exec.ssh;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

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
        // a "host" that accepts TCP and never speaks SSH: every connect waits its full timeout
        try (ServerSocket silent = new ServerSocket(0)) {
            AtomicInteger accepted = new AtomicInteger();
            Thread t = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        Socket s = silent.accept();
                        accepted.incrementAndGet();
                        s.getInputStream().read(); // hold it open, say nothing
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            HostSettings h = new HostSettings("gone", "127.0.0.1", silent.getLocalPort(), "oneadmin",
                    Duration.ofSeconds(1), null, List.of(), List.of(dir.resolve("known_hosts")), null);
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
            assertTrue(accepted.get() <= 1, "one connection attempt, not two: " + accepted.get());
            assertTrue(first.getMessage().contains("gone"), first.getMessage());
        }
    }
}
