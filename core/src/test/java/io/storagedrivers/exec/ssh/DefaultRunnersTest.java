package io.storagedrivers.exec.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandFailedException;
import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.validate.InvalidInputException;

class DefaultRunnersTest {
    @TempDir
    Path dir;

    @Test
    void localNamesRunLocally() throws Exception {
        String me = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        try (DefaultRunners r = new DefaultRunners(SshConfig.parse(""), DefaultRunners.thisMachine())) {
            for (String h : Set.of("localhost", "LOCALHOST", "127.0.0.1", me)) {
                assertSame(r.local(), r.host(h), h);
            }
            assertEquals("hi\n", r.host("localhost").run(Command.of("echo", "hi")).stdout());
            assertEquals("host1", r.host("host1").where());
        }
    }

    @Test
    void knownHostsAreTheConfigsHostsExceptThisMachineAndInvalidNames() {
        SshConfig cfg = SshConfig.parse("Host *\n User x\nHost node1 localhost bad_-name- node2\n Port 22\n");
        try (DefaultRunners r = new DefaultRunners(cfg, Set.of("localhost"))) {
            assertEquals(List.of("node1", "node2"), r.knownHosts());
        }
    }

    @Test
    void hostileHostNamesRefused() {
        try (DefaultRunners r = new DefaultRunners(SshConfig.parse(""), Set.of())) {
            assertThrows(InvalidInputException.class, () -> r.host("-oProxyCommand=touch /tmp/x"));
            assertThrows(InvalidInputException.class, () -> r.host("a b"));
        }
    }

    @Test
    void unreachableHostIsConnectionFailure() throws Exception {
        Path key = dir.resolve("id");
        new io.storagedrivers.exec.LocalCommandRunner().run(
                Command.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()));
        // port 1 on loopback: nothing listens there
        SshConfig cfg = SshConfig.parse("Host dead\n HostName 127.0.0.1\n Port 1\n IdentityFile " + key
                + "\n UserKnownHostsFile " + dir.resolve("kh") + "\n ConnectTimeout 5\n");
        try (DefaultRunners r = new DefaultRunners(cfg, Set.of())) {
            CommandRunner dead = r.host("dead");
            CommandFailedException e = assertThrows(CommandFailedException.class, () -> dead.run(Command.of("true")));
            assertEquals(CommandFailedException.Reason.CONNECTION_FAILED, e.reason());
            assertTrue(e.getMessage().startsWith("cannot reach dead: SSH connection to dead ("), e.getMessage());
            assertTrue(e.getMessage().contains("Connection refused"), e.getMessage());
            dead.close(); // a no-op on the shared runner
        }
    }

    @Test
    void missingKeyIsConnectionFailure() {
        SshConfig cfg = SshConfig.parse("Host h\n IdentityFile " + dir.resolve("nokey") + "\n");
        try (DefaultRunners r = new DefaultRunners(cfg, Set.of())) {
            CommandFailedException e = assertThrows(CommandFailedException.class,
                    () -> r.host("h").run(Command.of("true")));
            assertEquals(CommandFailedException.Reason.CONNECTION_FAILED, e.reason());
            assertTrue(e.getMessage().contains("no usable SSH key"), e.getMessage());
        }
    }
}
