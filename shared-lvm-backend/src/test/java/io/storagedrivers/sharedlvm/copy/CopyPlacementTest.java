package io.storagedrivers.sharedlvm.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class CopyPlacementTest {
    @Test
    void placementOrder() {
        assertEquals(List.of("h9"), new CopyPlacement(Optional.of("h9"), List.of("h1"), () -> true).candidates("h2", "v"));
        assertEquals(List.of("frontend"), new CopyPlacement(Optional.empty(), List.of("h1"), () -> true).candidates("h2", "v"));
        List<String> c = new CopyPlacement(Optional.empty(), List.of("h1", "h2", "h3"), () -> false).candidates("h2", "vg/lv");
        assertEquals("h2", c.get(0));
        assertEquals(3, c.size());
        assertEquals(c, new CopyPlacement(Optional.empty(), List.of("h1", "h2", "h3"), () -> false).candidates("h2", "vg/lv"),
                "deterministic");
        assertThrows(IllegalStateException.class,
                () -> new CopyPlacement(Optional.empty(), List.of(), () -> false).candidates(null, "v"));
    }
}
