package io.storagedrivers.cinderbridge.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

class VolumeLocksTest {

    @Test
    void secondHolderIsToldBusyAndEntriesAreDropped() throws Exception {
        VolumeLocks locks = new VolumeLocks(Duration.ofMillis(50));
        try (VolumeLocks.Held held = locks.acquire("p/a", ApiException.Code.VOLUME_BUSY)) {
            ApiException e = CompletableFuture.supplyAsync(() -> assertThrows(ApiException.class,
                    () -> locks.acquire("p/a", ApiException.Code.SNAPSHOT_BUSY))).get();
            assertEquals(ApiException.Code.SNAPSHOT_BUSY, e.code());
            // another volume is not affected
            CompletableFuture.runAsync(() -> locks.acquire("p/b", ApiException.Code.VOLUME_BUSY).close()).get();
            assertEquals(1, locks.size());
        }
        assertEquals(0, locks.size());
        locks.acquire("p/a", ApiException.Code.VOLUME_BUSY).close();
        assertEquals(0, locks.size());
    }
}
