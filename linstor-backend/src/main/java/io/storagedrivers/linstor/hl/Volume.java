package io.storagedrivers.linstor.hl;

import io.storagedrivers.linstor.api.dto.VolumeDefinition;
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

    /** Volume {@code vd} of {@code owner}, with the DRBD minor of its layer data (null without DRBD). */
    static Volume of(Resource owner, VolumeDefinition vd) {
        Integer minor = vd.layerData() == null ? null : vd.layerData().stream()
                .filter(l -> "DRBD".equals(l.type()) && l.data() != null)
                .map(l -> l.data().path("minor_number")).filter(n -> n.isInt()).map(n -> n.asInt())
                .findFirst().orElse(null);
        return new Volume(owner, vd.volumeNumber(), vd.sizeKib(), minor);
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
