package io.storagedrivers.linstor.api.dto;

/** POST .../snapshot-rollback/{s}. Field names as in LINSTOR's OpenAPI spec (snake_case on the wire); absent = null. */
public record SnapshotRollback(
        String zfsRollbackStrategy) {
}
