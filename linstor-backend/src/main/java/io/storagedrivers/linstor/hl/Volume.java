package io.storagedrivers.linstor.hl;

import io.storagedrivers.linstor.api.dto.VolumeDefinitionModify;
import io.storagedrivers.spi.Sizes;

/** One volume (definition) of a {@link Resource}: size, DRBD minor; {@link #resize} grows it cluster-wide. */
public final class Volume {
    private final Resource owner;
    private final int number;
    private final long sizeKib;
    private final Integer minor;

    Volume(Resource owner, int number, long sizeKib, Integer minor) {
        this.owner = owner;
        this.number = number;
        this.sizeKib = sizeKib;
        this.minor = minor;
    }

    public int number() {
        return number;
    }

    public long sizeBytes() {
        return sizeKib * Sizes.KIB;
    }

    public long sizeKib() {
        return sizeKib;
    }

    /** DRBD minor (null for storage-only resources). */
    public Integer minor() {
        return minor;
    }

    /** Grows the volume on every node; a smaller size is refused here, the same size is a no-op. */
    public void resize(long newSizeBytes) {
        long kib = ResourceNames.kib(newSizeBytes);
        if (kib < sizeKib) {
            throw new IllegalArgumentException("volume " + number + " of " + owner.name() + " cannot shrink from "
                    + sizeBytes() + " to " + newSizeBytes + " bytes");
        }
        if (kib > sizeKib) {
            owner.linstor().client().api().modifyVolumeDefinition(owner.linstorName(), number,
                    new VolumeDefinitionModify(kib, null, null, null, null));
        }
        owner.refresh();
    }

    public void resize(String size) {
        resize(Sizes.parse(size));
    }
}
