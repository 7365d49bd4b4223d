package io.storagedrivers.linstor.api.dto;

/** DRBD data of a volume definition (minor number). Field names as in LINSTOR's OpenAPI spec (snake_case on the wire); absent = null. */
public record DrbdVolumeDefinition(
        String resourceNameSuffix,
        Integer volumeNumber,
        Integer minorNumber) {
}
