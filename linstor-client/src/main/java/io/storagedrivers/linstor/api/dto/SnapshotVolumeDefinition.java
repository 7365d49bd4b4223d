package io.storagedrivers.linstor.api.dto;

import java.util.Map;

/** Volume size recorded in a snapshot. Field names as in LINSTOR's OpenAPI spec (snake_case on the wire); absent = null. */
public record SnapshotVolumeDefinition(
        Integer volumeNumber,
        Long sizeKib,
        Map<String, String> snapshotVolumeDefinitionProps,
        Map<String, String> volumeDefinitionProps) {
}
