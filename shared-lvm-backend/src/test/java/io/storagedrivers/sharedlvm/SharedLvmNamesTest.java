package io.storagedrivers.sharedlvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.storagedrivers.spi.VolumeNaming;
import io.storagedrivers.spi.VolumeOwner;

class SharedLvmNamesTest {
    private final SharedLvmNames names = new SharedLvmNames();

    @Test
    void namesAreReadBack() {
        assertEquals("img-one-7", names.imageVolume(7));
        assertEquals("lv-one-12-3", names.cloneVolume(7, 12, 3));
        assertEquals("lv-one-12-4", names.volatileVolume(12, 4));
        assertEquals(Optional.of(new VolumeOwner(7L, null, null)), names.owner(names.imageVolume(7)));
        assertEquals(Optional.of(new VolumeOwner(null, 12L, 3L)), names.owner(names.cloneVolume(7, 12, 3)));
    }

    @Test
    void fsLvmThinDisksAreAdoptedOtherNamesAreNot() {
        assertEquals(Optional.of(new VolumeOwner(null, 12L, 3L)), names.owner("vm-one-12-3"));
        assertTrue(names.owner("lv-one-12-pool").isEmpty());
        assertTrue(names.owner("lv-one-12-3_s0").isEmpty());
        assertTrue(names.owner("img-one-99999999999999999999999").isEmpty());
        assertTrue(names.owner("xlv-one-1-2").isEmpty());
        assertTrue(names.owner("OpenNebula-Image-5").isEmpty());
    }

    @Test
    void offeredThroughServiceLoader() {
        assertTrue(VolumeNaming.installed().stream().anyMatch(n -> n instanceof SharedLvmNames));
        assertEquals(Optional.of(new VolumeOwner(null, 2L, 0L)), VolumeNaming.ownerOf("lv-one-2-0"));
    }
}
