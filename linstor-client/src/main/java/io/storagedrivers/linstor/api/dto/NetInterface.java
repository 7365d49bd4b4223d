package io.storagedrivers.linstor.api.dto;

/** A node's network interface. Field names as in LINSTOR's OpenAPI spec (snake_case on the wire); absent = null. */
public record NetInterface(
        String name,
        String address,
        Integer satellitePort,
        String satelliteEncryptionType,
        Boolean isActive,
        String uuid) {
}
