package io.storagedrivers.linstor.api.dto;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/** The part of a snapshot taken on one node. Field names as in LINSTOR's OpenAPI spec (snake_case on the wire); absent = null. */
public record SnapshotNode(
        String snapshotName,
        String nodeName,
        Long createTimestamp,
        List<String> flags,
        String uuid,
        Map<String, String> snapshotProps,
        Map<String, String> resourceProps,
        List<JsonNode> snapshotVolumes) {
}
