package io.storagedrivers.cli.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** examples/storage.conf, the admin CLI's config file as operators copy it, read by the CLI's own loader. */
class StorageConfExampleTest {
    static final Path EXAMPLE = Path.of("..", "examples", "storage.conf");

    @Test
    void exampleLoadsWithTheCliLoader() {
        Map<String, String> settings = BackendSettings.load(EXAMPLE, Map.of());
        assertEquals("lvm://vg-one-100", BackendSettings.uri(null, settings));
        assertEquals("node1 node2", settings.get("HOSTS"));
        assertEquals("120", settings.get("LOCK_TIMEOUT"));
        settings.forEach((k, v) -> assertFalse(v.contains("#"), k + " = " + v));
        settings.keySet().forEach(k -> assertTrue(k.equals("uri") || k.matches("[A-Z][A-Z0-9_]*"), k));
    }

    @Test
    void theEnvironmentStillWins() {
        Map<String, String> settings = BackendSettings.load(EXAMPLE, Map.of("STORAGE_URI", "sim:///tmp/x.json"));
        assertEquals("sim:///tmp/x.json", BackendSettings.uri(null, settings));
    }
}
