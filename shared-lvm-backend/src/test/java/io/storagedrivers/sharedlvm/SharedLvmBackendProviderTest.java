package io.storagedrivers.sharedlvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import io.storagedrivers.spi.BackendException;
import io.storagedrivers.backends.Backends;
import io.storagedrivers.spi.VolumeBackend;
import org.junit.jupiter.api.Test;

class SharedLvmBackendProviderTest {

    @Test
    void opensLvmUrisThroughServiceLoader() {
        try (VolumeBackend b = Backends.open("lvm://vg-one_100", Map.of())) {
            assertEquals("shared_lvm", b.kind());
            assertEquals("lvm://vg-one_100", b.systemInfo().get("id"));
        }
    }

    @Test
    void refusesMalformedUrisAndSettings() {
        for (String bad : new String[] {"lvm:vg", "lvm://", "lvm://vg/extra", "lvm://vg?x=1", "lvm://-vg", "lvm://a%20b"}) {
            assertThrows(BackendException.class, () -> Backends.open(bad, Map.of()), bad);
        }
        assertThrows(BackendException.class, () -> Backends.open("lvm://vg", Map.of("COPY_HOST", "a;b")));
        assertThrows(BackendException.class, () -> Backends.open("lvm://vg", Map.of("LOCK_TIMEOUT", "0")));
        assertThrows(BackendException.class, () -> Backends.open("lvm://vg", Map.of("COPY_SPARSE", "maybe")));
    }
}
