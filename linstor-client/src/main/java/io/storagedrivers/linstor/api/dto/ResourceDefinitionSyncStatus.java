package io.storagedrivers.linstor.api.dto;

/** GET .../sync-status. Field names as in LINSTOR's OpenAPI spec (snake_case on the wire); absent = null. */
public record ResourceDefinitionSyncStatus(
        Boolean syncedOnAll) {
}
