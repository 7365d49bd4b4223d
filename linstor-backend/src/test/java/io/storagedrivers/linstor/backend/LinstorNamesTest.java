package io.storagedrivers.linstor.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.storagedrivers.spi.VolumeNaming;
import io.storagedrivers.spi.VolumeOwner;

class LinstorNamesTest {
    private final LinstorNames names = new LinstorNames();

    @Test
    void namesAreReadBack() {
        assertEquals("OpenNebula-Image-7", names.imageVolume(7));
        assertEquals("OpenNebula-Image-7-vm12-disk3", names.cloneVolume(7, 12, 3));
        assertEquals("OpenNebula-Volatile-vm12-disk4", names.volatileVolume(12, 4));
        assertEquals(Optional.of(new VolumeOwner(7L, null, null)), names.owner(names.imageVolume(7)));
        assertEquals(Optional.of(new VolumeOwner(7L, 12L, 3L)), names.owner(names.cloneVolume(7, 12, 3)));
        assertEquals(Optional.of(new VolumeOwner(null, 12L, 4L)), names.owner(names.volatileVolume(12, 4)));
    }

    @Test
    void addonContextDisksAreAdoptedOtherNamesAreNot() {
        assertEquals(Optional.of(new VolumeOwner(null, 4L, 1L)), names.owner("OpenNebula-vm-context-vm4-disk1-2"));
        assertEquals(Optional.of(new VolumeOwner(null, 4L, 1L)), names.owner("OpenNebula-vm-context-vm4-disk1"));
        assertTrue(names.owner("OpenNebula-Image-7-vm12").isEmpty());
        assertTrue(names.owner("OpenNebula-Image-99999999999999999999999").isEmpty());
        assertTrue(names.owner("img-one-7").isEmpty());
    }

    @Test
    void offeredThroughServiceLoader() {
        assertTrue(VolumeNaming.installed().stream().anyMatch(n -> n instanceof LinstorNames));
    }
}
