package io.storagedrivers.linstor.api.dto;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** Layer tree of a resource. Field names as in LINSTOR's OpenAPI spec (snake_case on the wire); absent = null. */
public record ResourceLayer(
        List<ResourceLayer> children,
        String resourceNameSuffix,
        String type,
        DrbdResource drbd,
        JsonNode luks,
        JsonNode storage,
        JsonNode nvme,
        JsonNode writecache,
        JsonNode cache,
        JsonNode bcache) {
}
