package io.storagedrivers.linstor.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.storagedrivers.testsupport.SchemeMarkers;

/** scripts/storage finds this backend's jar by the entries of its URI schemes. */
class SchemeMarkersTest {
    @Test
    void everySchemeHasItsEntry() {
        assertEquals(List.of(), SchemeMarkers.unmarked());
    }
}
