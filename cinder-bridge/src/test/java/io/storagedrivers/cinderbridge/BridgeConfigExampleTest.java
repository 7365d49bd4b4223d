package io.storagedrivers.cinderbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.storagedrivers.linstor.backend.LinstorSettings;
import io.storagedrivers.sharedlvm.SharedLvmSettings;
import io.storagedrivers.sharedlvm.lvm.LvmTools;

/**
 * examples/cinder/cinder-bridge.conf, the file operators copy, loaded verbatim by the bridge's own
 * config loader; each backend's settings go through that backend's settings parser.
 */
class BridgeConfigExampleTest {
    static final Path EXAMPLE = Path.of("..", "examples", "cinder", "cinder-bridge.conf");

    @Test
    void exampleLoadsWithTheBridgesLoader() {
        BridgeConfig c = BridgeConfig.load(EXAMPLE);
        assertEquals("127.0.0.1", c.listen().getAddress().getHostAddress());
        assertEquals(BridgeConfig.DEFAULT_PORT, c.listen().getPort());
        assertNull(c.unixSocket());
        assertEquals(Path.of("/etc/storage-drivers/cinder-bridge.token"), c.tokenFile());
        assertEquals(io.storagedrivers.cinderbridge.http.RequestServer.Limits.DEFAULT, c.limits());
        assertEquals(Set.of("lvm1", "linstor1"), c.backends().keySet());

        var lvm = c.backends().get("lvm1");
        assertEquals("lvm", lvm.uri().getScheme());
        assertEquals("node1", lvm.bridge().backendHost("compute-1"));
        assertEquals(Boolean.TRUE, lvm.bridge().zeroOnDelete());
        assertEquals("SCSI", lvm.bridge().storageProtocol());
        assertEquals("cinder-vg", lvm.bridge().defaultPool());
        assertEquals(Duration.ofSeconds(30), lvm.bridge().lockWait());
        assertEquals(Duration.ofSeconds(5), lvm.bridge().statsMaxAge());
        assertEquals(16, lvm.bridge().maxRequests());
        assertEquals("frontend1", lvm.metadataHost());
        SharedLvmSettings s = SharedLvmSettings.from(lvm.settings());
        assertEquals(java.util.List.of("node1", "node2"), s.hosts());
        assertTrue(knownSharedLvmSettings().containsAll(lvm.settings().keySet()), lvm.settings().keySet()::toString);

        var linstor = c.backends().get("linstor1");
        assertEquals("linstor", linstor.uri().getScheme());
        assertEquals("cinder", linstor.bridge().defaultPool());
        LinstorSettings.from(linstor.settings());
        assertEquals("30", linstor.settings().get("LINSTOR_TIMEOUT")); // the bridge's default, not LINSTOR's 300
        assertTrue(linstor.settings().keySet().stream().allMatch(k -> k.startsWith("LINSTOR_")),
                linstor.settings().keySet()::toString);
    }

    @Test
    void noValueCarriesAComment() throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(EXAMPLE, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        assertFalse(p.isEmpty());
        p.forEach((k, v) -> assertFalse(v.toString().contains("#"), k + " = " + v));
    }

    /** The keys SharedLvmSettings and LvmTools read. */
    static Set<String> knownSharedLvmSettings() {
        Set<String> keys = new HashSet<>(Set.of(SharedLvmSettings.COPY_HOST, SharedLvmSettings.BRIDGE_LIST,
                SharedLvmSettings.HOSTS, SharedLvmSettings.LOCK_TIMEOUT, SharedLvmSettings.COPY_SPARSE,
                SharedLvmSettings.DD, SharedLvmSettings.QEMU_IMG, SharedLvmSettings.BLKDISCARD,
                SharedLvmSettings.STAGING_DIR, LvmTools.PREFIX_SETTING));
        LvmTools.TOOLS.forEach(t -> keys.add(LvmTools.settingName(t)));
        return keys;
    }
}
