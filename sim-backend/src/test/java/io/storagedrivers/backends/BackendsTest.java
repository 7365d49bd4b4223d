package io.storagedrivers.backends;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.Sizes;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.BackendException.Kind;

class BackendsTest {

    @TempDir
    Path dir;

    @Test
    void opensTheSimulatorByUri() {
        try (VolumeBackend b = Backends.open("sim://" + dir.resolve("s.json"), Map.of())) {
            assertEquals("sim", b.kind());
            assertEquals("default", b.pools().get(0).name());
        }
    }

    @Test
    void poolsFromQueryOrSettings() {
        String uri = "sim://" + dir.resolve("q.json") + "?pools=vg0:1G,thin0:2G:thin";
        try (VolumeBackend b = Backends.open(uri, Map.of())) {
            assertEquals(2, b.pools().size());
            assertTrue(b.pool("thin0").thin());
            assertEquals(Kind.NOT_FOUND, assertThrows(BackendException.class, () -> b.pool("default")).kind());
        }
        try (VolumeBackend b = Backends.open("sim://" + dir.resolve("s.json"), Map.of("sim.pools", "x:10M"))) {
            assertEquals(10 * Sizes.MIB, b.pool("x").totalBytes());
        }
    }

    @Test
    void unknownSchemeAndBadUrisAreClearErrors() {
        BackendException e = assertThrows(BackendException.class, () -> Backends.open("ceph://x", Map.of()));
        assertEquals(Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains("unknown backend scheme 'ceph'") && e.getMessage().contains("sim"), e.getMessage());
        assertEquals(Kind.INVALID, assertThrows(BackendException.class, () -> Backends.open("", Map.of())).kind());
        assertEquals(Kind.INVALID, assertThrows(BackendException.class, () -> Backends.open("no scheme", Map.of())).kind());
        assertEquals(Kind.INVALID, assertThrows(BackendException.class, () -> Backends.open("sim://host/x.json", Map.of())).kind());
        assertEquals(Kind.INVALID, assertThrows(BackendException.class, () -> Backends.open("sim:///tmp/", Map.of())).kind());
        assertEquals(Kind.INVALID, assertThrows(BackendException.class,
                () -> Backends.open("sim://" + dir.resolve("b.json") + "?pools=x", Map.of())).kind());
    }
}
