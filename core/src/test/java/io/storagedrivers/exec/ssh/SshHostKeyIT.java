package io.storagedrivers.exec.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandFailedException;
import io.storagedrivers.exec.LocalCommandRunner;
import io.storagedrivers.testsupport.TestBed;

/** Host keys are verified against known_hosts: an unknown or changed key is refused, never accepted. */
class SshHostKeyIT {
    private static TestBed tb;

    @TempDir
    Path dir;

    @BeforeAll
    static void up() {
        tb = TestBed.require();
    }

    /** The test bed's settings for host1, but with our own known_hosts and a config that tries to weaken checks. */
    private SshConfig configWith(Path knownHosts) {
        String host = tb.hosts().get(0);
        return SshConfig.parse("Host " + host + "\n  HostName " + tb.hostIp(host) + "\n  User root\n"
                + "  IdentityFile " + tb.sshKey() + "\n  UserKnownHostsFile " + knownHosts + "\n"
                + "  GlobalKnownHostsFile none\n  StrictHostKeyChecking no\n  ConnectTimeout 5\n");
    }

    private CommandFailedException refused(Path knownHosts) {
        try (DefaultRunners r = new DefaultRunners(configWith(knownHosts), Set.of())) {
            return assertThrows(CommandFailedException.class,
                    () -> r.host(tb.hosts().get(0)).run(Command.of("touch", "/tmp/sd-hostkey-it-must-not-exist")));
        }
    }

    @Test
    void unknownHostKeyRefused() throws Exception {
        Path kh = Files.writeString(dir.resolve("known_hosts"), "");
        CommandFailedException e = refused(kh);
        assertEquals(CommandFailedException.Reason.CONNECTION_FAILED, e.reason());
        assertTrue(e.getMessage().startsWith("cannot reach host1: host key of host1 (root@" + tb.hostIp("host1")
                + ":22) [ssh-ed25519 SHA256:"), e.getMessage());
        assertTrue(e.getMessage().contains("is not in known_hosts [" + kh + "]; refusing to connect"), e.getMessage());
        assertEquals("", Files.readString(kh), "known_hosts must never be written");
    }

    @Test
    void changedHostKeyRefused() throws Exception {
        Path other = dir.resolve("other");
        new LocalCommandRunner().run(Command.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other.toString()));
        String[] pub = Files.readString(dir.resolve("other.pub")).split(" ");
        String line = "host1," + tb.hostIp("host1") + " " + pub[0] + " " + pub[1] + "\n";
        Path kh = Files.writeString(dir.resolve("known_hosts"), line);
        CommandFailedException e = refused(kh);
        assertEquals(CommandFailedException.Reason.CONNECTION_FAILED, e.reason());
        assertTrue(e.getMessage().contains("does NOT match known_hosts [" + kh + "]; refusing to connect"),
                e.getMessage());
        assertEquals(line, Files.readString(kh), "known_hosts must never be written");
    }

    @Test
    void theRealKeyIsAccepted() {
        try (DefaultRunners r = new DefaultRunners(configWith(tb.knownHosts()), Set.of())) {
            assertEquals("host1\n", r.host("host1").run(Command.of("printenv", "TB_NODE")).stdout());
        }
    }
}
