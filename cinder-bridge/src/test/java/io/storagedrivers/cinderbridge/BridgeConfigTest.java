package io.storagedrivers.cinderbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.storagedrivers.cinderbridge.http.RequestServer;

class BridgeConfigTest {
    private static final Path BASE = Path.of("/etc/cinder-bridge");

    @Test
    void minimalConfigGetsDefaults() {
        BridgeConfig c = BridgeConfig.parse(Map.of("token_file", "token", "backend.a.uri", "sim:///tmp/s.json"), BASE);
        assertEquals("127.0.0.1", c.listen().getAddress().getHostAddress());
        assertEquals(7390, c.listen().getPort());
        assertEquals(Path.of("/etc/cinder-bridge/token"), c.tokenFile());
        assertNull(c.tls());
        assertNull(c.imageDir());
        assertEquals(RequestServer.Limits.DEFAULT, c.limits());
        assertEquals(16, c.backends().get("a").bridge().maxRequests());
        assertEquals("sim", c.backends().get("a").uri().getScheme());
    }

    @Test
    void backendKeysSplitIntoBridgeSettingsHostMapAndBackendSettings() {
        BridgeConfig c = BridgeConfig.parse(Map.of("token_file", "/t", "listen", "[::1]:8000",
                "backend.lvm1.uri", "lvm://vg0", "backend.lvm1.host.compute-1", "node1",
                "backend.lvm1.zero_on_delete", "no", "backend.lvm1.lock_wait_seconds", "5",
                "backend.lvm1.ssh_user", "oneadmin", "backend.lvm1.default_pool", "vg0"), BASE);
        var b = c.backends().get("lvm1");
        assertEquals("node1", b.bridge().backendHost("compute-1"));
        assertEquals("compute-2", b.bridge().backendHost("compute-2"));
        assertEquals(Boolean.FALSE, b.bridge().zeroOnDelete());
        assertEquals(Duration.ofSeconds(5), b.bridge().lockWait());
        assertEquals("vg0", b.bridge().defaultPool());
        assertEquals(Map.of("ssh_user", "oneadmin"), b.settings());
        assertTrue(c.listen().getAddress().isLoopbackAddress());
        assertEquals(8000, c.listen().getPort());
    }

    @Test
    void mistakesAreRefusedWithTheKeyNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> BridgeConfig.parse(
                Map.of("token_file", "t", "listen", "x", "backend.a.uri", "sim:///x"), BASE));
        assertTrue(e.getMessage().contains("listen"));
        assertThrows(IllegalArgumentException.class, () -> BridgeConfig.parse(Map.of("token_file", "t"), BASE));
        assertThrows(IllegalArgumentException.class, () -> BridgeConfig.parse(Map.of("backend.a.uri", "sim:///x"), BASE));
        assertThrows(IllegalArgumentException.class, () -> BridgeConfig.parse(
                Map.of("token_file", "t", "backend.a.zero_on_delete", "yes"), BASE));
        assertThrows(IllegalArgumentException.class, () -> BridgeConfig.parse(
                Map.of("token_file", "t", "backend.a.uri", "no-scheme"), BASE));
        assertThrows(IllegalArgumentException.class, () -> BridgeConfig.parse(
                Map.of("token_file", "t", "backend.a.uri", "sim:///x", "tls_keystore", "k.p12"), BASE));
        assertThrows(IllegalArgumentException.class, () -> BridgeConfig.parse(
                Map.of("token_file", "t", "backend.a.uri", "sim:///x", "threads", "0"), BASE));
        assertThrows(IllegalArgumentException.class, () -> BridgeConfig.listen("127.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> BridgeConfig.listen("127.0.0.1:99999"));
    }

    @Test
    void unixSocketListener() {
        BridgeConfig c = BridgeConfig.parse(Map.of("token_file", "t", "backend.a.uri", "sim:///x",
                "listen", "unix:/run/storage-drivers/cinder-bridge.sock"), BASE);
        assertNull(c.listen());
        assertEquals(Path.of("/run/storage-drivers/cinder-bridge.sock"), c.unixSocket());
        for (String bad : new String[] {"unix:relative.sock", "unix:", "unix:/run/dir/", "unix:/" + "x".repeat(100)}) {
            var e = assertThrows(IllegalArgumentException.class, () -> BridgeConfig.parse(
                    Map.of("token_file", "t", "backend.a.uri", "sim:///x", "listen", bad), BASE), bad);
            assertTrue(e.getMessage().contains("unix:"), e.getMessage());
        }
        var tls = assertThrows(IllegalArgumentException.class, () -> BridgeConfig.parse(Map.of("token_file", "t",
                "backend.a.uri", "sim:///x", "listen", "unix:/run/b.sock", "tls_keystore", "k.p12",
                "tls_keystore_password_file", "p"), BASE));
        assertTrue(tls.getMessage().contains("TLS"), tls.getMessage());
    }
}
