package io.storagedrivers.linstor.api.dto;

/** DRBD layer data of a volume. Field names as in LINSTOR's OpenAPI spec (snake_case on the wire); absent = null. */
public record DrbdVolume(
        DrbdVolumeDefinition drbdVolumeDefinition,
        String devicePath,
        String backingDevice,
        String metaDisk,
        Long allocatedSizeKib,
        Long usableSizeKib,
        String diskState,
        String extMetaStorPool) {
}
