package io.storagedrivers.linstor.api.dto;

import com.fasterxml.jackson.databind.JsonNode;


/** A layer of a resource definition; {@code data} holds the DRBD layer data. Field names as in LINSTOR's OpenAPI spec (snake_case on the wire); absent = null. */
public record ResourceDefinitionLayer(
        String type,
        JsonNode data) {
}
