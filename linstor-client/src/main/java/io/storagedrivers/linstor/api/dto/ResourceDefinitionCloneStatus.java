package io.storagedrivers.linstor.api.dto;

/** GET .../clone/{clone}: CLONING, COMPLETE or FAILED. Field names as in LINSTOR's OpenAPI spec (snake_case on the wire); absent = null. */
public record ResourceDefinitionCloneStatus(
        String status) {
}
