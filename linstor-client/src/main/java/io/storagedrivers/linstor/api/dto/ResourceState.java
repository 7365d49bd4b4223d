package io.storagedrivers.linstor.api.dto;

/** Runtime state of a resource. Field names as in LINSTOR's OpenAPI spec (snake_case on the wire); absent = null. */
public record ResourceState(
        Boolean inUse) {
}
