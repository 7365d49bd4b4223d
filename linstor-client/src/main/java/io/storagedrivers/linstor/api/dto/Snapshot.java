package io.storagedrivers.linstor.api.dto;

import java.util.List;
import java.util.Map;

/** A snapshot (request body of POST .../snapshots, and list element). Field names as in LINSTOR's OpenAPI spec (snake_case on the wire); absent = null. */
public record Snapshot(
        String name,
        String resourceName,
        List<String> nodes,
        Map<String, String> props,
        Map<String, String> snapshotDefinitionProps,
        Map<String, String> resourceDefinitionProps,
        List<String> flags,
        List<SnapshotVolumeDefinition> volumeDefinitions,
        String uuid,
        List<SnapshotNode> snapshots) {
}
