package io.storagedrivers.linstor.api.dto;

import com.fasterxml.jackson.databind.JsonNode;


/** A layer of a volume definition; {@code data} is a DrbdVolumeDefinition for DRBD. Field names as in LINSTOR's OpenAPI spec (snake_case on the wire); absent = null. */
public record VolumeDefinitionLayer(
        String type,
        JsonNode data) {
}
