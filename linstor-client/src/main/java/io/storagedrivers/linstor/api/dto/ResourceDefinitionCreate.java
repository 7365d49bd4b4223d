package io.storagedrivers.linstor.api.dto;

/** POST /v1/resource-definitions. Field names as in LINSTOR's OpenAPI spec (snake_case on the wire); absent = null. */
public record ResourceDefinitionCreate(
        Integer drbdPort,
        String drbdSecret,
        Integer drbdPeerSlots,
        String drbdTransportType,
        ResourceDefinition resourceDefinition) {
}
