package io.storagedrivers.exec.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
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
    private ServerSocket silent;
    private final AtomicInteger accepted = new AtomicInteger();

    /**
     * A "host" that accepts TCP and never speaks SSH: every connect waits its full timeout. With a
     * key to offer, so the connect gets as far as the network.
     */
    @BeforeEach
    void silentHost() throws Exception {
        KeyPair.genKeyPair(new JSch(), KeyPair.ECDSA, 256).writePrivateKey(dir.resolve("id_ecdsa").toString());
        silent = new ServerSocket(0);
        Thread t = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    Socket s = silent.accept();
                    accepted.incrementAndGet();
                    s.getInputStream().read(); // hold it open, say nothing
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
    }

    @AfterEach
    void close() throws IOException {
        silent.close();
    }

    private SshCommandRunner runner(String alias, Duration timeout) {
        return new SshCommandRunner(new HostSettings(alias, "127.0.0.1", silent.getLocalPort(), "oneadmin", timeout,
                null, List.of(dir.resolve("id_ecdsa")), List.of(dir.resolve("known_hosts")), null));
    }

    @Test
    void theFirstCommandGetsTheFailureOfTheConnectUnderWayInItsOwnWords() {
        String own;
        try (SshCommandRunner alone = runner("gone", Duration.ofMillis(500))) {
            own = assertThrows(CommandFailedException.class, () -> alone.run(Command.of("lvs"))).getMessage();
        }
        int before = accepted.get();
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
        assertEquals(1, accepted.get() - before, "one connection attempt for the hint and both commands");
    }

    @Test
    void closingDoesNotWaitForAConnectUnderWay() throws Exception {
        SshCommandRunner r = runner("slow", Duration.ofSeconds(20));
        r.connectAhead();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (accepted.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(1, accepted.get(), "the connect started in the background");
        long t0 = System.nanoTime();
        r.close();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 5_000, "close() returned without waiting for the 20 s connect: " + ms + " ms");
        assertThrows(CommandFailedException.class, () -> r.run(Command.of("lvs")));
    }
}
