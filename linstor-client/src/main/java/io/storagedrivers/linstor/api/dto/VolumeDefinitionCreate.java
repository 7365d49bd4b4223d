package io.storagedrivers.linstor.api.dto;

/** POST .../volume-definitions. Field names as in LINSTOR's OpenAPI spec (snake_case on the wire); absent = null. */
public record VolumeDefinitionCreate(
        VolumeDefinition volumeDefinition,
        Integer drbdMinorNumber,
        String passphrase) {
}
