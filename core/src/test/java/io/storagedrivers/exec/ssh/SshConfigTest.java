package io.storagedrivers.exec.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshConfigTest {
    @TempDir
    Path dir;

    private final String home = System.getProperty("user.home");

    @Test
    void testBedStyleConfig() {
        SshConfig c = SshConfig.parse("""
                # comment
                Host *
                    User root
                    IdentityFile /tb/frontend/ssh/id_ed25519
                    UserKnownHostsFile /tb/frontend/ssh/known_hosts
                    GlobalKnownHostsFile /dev/null
                    StrictHostKeyChecking no
                    ConnectTimeout 5
                Host host1
                    HostName 10.231.1.11
                Host host2
                    HostName 10.231.1.12
                """);
        HostSettings h = c.resolve("host1");
        assertEquals("10.231.1.11", h.hostName());
        assertEquals(22, h.port());
        assertEquals("root", h.user());
        assertEquals(Duration.ofSeconds(5), h.connectTimeout());
        assertEquals(List.of(Path.of("/tb/frontend/ssh/id_ed25519")), h.identityFiles());
        assertEquals(List.of(Path.of("/tb/frontend/ssh/known_hosts"), Path.of("/dev/null")), h.knownHostsFiles());
        assertNull(h.unsupported());
        assertEquals("other", c.resolve("other").hostName());
    }

    @Test
    void firstValueWinsAndRepeatedPatternsAllApply() {
        SshConfig c = SshConfig.parse("""
                User global
                Host *
                  Port 2200
                  IdentityFile ~/a
                Host web* !web3
                  User webuser
                  Port 2222
                Host *
                  IdentityFile %d/b_%h_%r
                  hostname=%h.example.com
                """);
        HostSettings w1 = c.resolve("web1");
        assertEquals("global", w1.user());
        assertEquals(2200, w1.port());
        assertEquals("web1.example.com", w1.hostName());
        assertEquals(List.of(Path.of(home, "a"), Path.of(home, "b_web1.example.com_global")), w1.identityFiles());
        HostSettings w3 = c.resolve("WEB3");
        assertEquals(2200, w3.port());
    }

    @Test
    void hostAliasesAreTheConcreteHostNamesInFileOrder() {
        SshConfig c = SshConfig.parse("""
                Host *
                    StrictHostKeyChecking yes
                Host node2 node1 !node3 web?
                    User oneadmin
                Host node1
                Host *.lab node4
                    Port 2222
                Match host node9
                    User x
                """);
        assertEquals(List.of("node2", "node1", "node4"), c.hostAliases());
        assertEquals("oneadmin", c.resolve("node1").user(), "the Host markers do not change resolution");
        assertEquals(2222, c.resolve("node4").port());
    }

    @Test
    void defaults() {
        HostSettings h = SshConfig.parse("").resolve("n1");
        assertEquals("n1", h.hostName());
        assertEquals(22, h.port());
        assertEquals(System.getProperty("user.name"), h.user());
        assertEquals(HostSettings.DEFAULT_CONNECT_TIMEOUT, h.connectTimeout());
        assertEquals(Path.of(home, ".ssh/id_ed25519"), h.identityFiles().get(0));
        assertEquals(List.of(Path.of(home, ".ssh/known_hosts"), Path.of(home, ".ssh/known_hosts2"),
                Path.of("/etc/ssh/ssh_known_hosts"), Path.of("/etc/ssh/ssh_known_hosts2")), h.knownHostsFiles());
        assertEquals(System.getProperty("user.name") + "@n1:22", h.target());
    }

    @Test
    void matchBlocksIgnoredAndProxyFlagged() {
        SshConfig c = SshConfig.parse("""
                Match host x
                  User matched
                Host j
                  ProxyJump bastion
                Host k
                  ProxyCommand none
                """);
        assertEquals(System.getProperty("user.name"), c.resolve("x").user());
        assertEquals("proxyjump", c.resolve("j").unsupported());
        assertNull(c.resolve("k").unsupported());
    }

    @Test
    void includeWithGlobInsideHostBlock() throws Exception {
        Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(dir.resolve("conf.d/10-a.conf"), "User included\nPort 2022\n");
        Files.writeString(dir.resolve("conf.d/ignore.txt"), "User wrong\n");
        Path main = Files.writeString(dir.resolve("config"), "Host only\n  Include conf.d/*.conf\nHost *\n  User fallback\n");
        SshConfig c = SshConfig.load(List.of(main), true);
        assertEquals("included", c.resolve("only").user());
        assertEquals(2022, c.resolve("only").port());
        assertEquals("fallback", c.resolve("other").user());
        assertEquals(22, c.resolve("other").port());
    }

    @Test
    void filesReadInOrderEachStartingGlobal() throws Exception {
        Path user = Files.writeString(dir.resolve("user"), "Host special\n  User u1\n");
        Path system = Files.writeString(dir.resolve("system"), "User sys\nPort 2\n");
        SshConfig c = SshConfig.load(List.of(user, system, dir.resolve("missing")), false);
        assertEquals("u1", c.resolve("special").user());
        assertEquals("sys", c.resolve("any").user(), "the system file's leading lines apply to every host");
        assertEquals(2, c.resolve("any").port());
        assertThrows(IllegalArgumentException.class, () -> SshConfig.load(List.of(dir.resolve("missing")), true));
    }

    @Test
    void badValuesAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SshConfig.parse("Port abc\n").resolve("h"));
        assertEquals("bad Port 'abc' in SSH config for h", e.getMessage());
    }

    @Test
    void wordsAndGlobs() {
        assertEquals(List.of("IdentityFile", "/a b/c"), SshConfigParser.words("IdentityFile \"/a b/c\""));
        assertEquals(List.of("Port", "22"), SshConfigParser.words("Port=22"));
        assertEquals(List.of("Port", "22"), SshConfigParser.words("Port = 22"));
        assertTrue(HostPatterns.glob("h?st*", "host12"));
        assertTrue(HostPatterns.glob("*", ""));
        assertFalse(HostPatterns.glob("h?st", "hst"));
        assertTrue(HostPatterns.matches(List.of("*", "!b"), "a"));
        assertFalse(HostPatterns.matches(List.of("*", "!b"), "b"));
        assertFalse(HostPatterns.matches(List.of("!b"), "a"));
    }
}
